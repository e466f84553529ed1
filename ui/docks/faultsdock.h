#pragma once

#include <QDockWidget>
#include <QList>
#include <functional>

class QAction;

namespace eventloom {

struct DockContext;
struct Scenario;
class FaultsPanel;
class SimulationController;

/// The Faults dock: the injections a user can make into the running scenario, and the Faults menu's
/// one-shot actions (Fail Next Payment among them). Disabled while a recorded run is reviewed.
class FaultsDock final : public QDockWidget {
    Q_OBJECT
public:
    FaultsDock(const DockContext& context, QWidget* parent);

    /// Faults › Fail Next Payment: enabled while the run goes on and has a payment service that can fail.
    QAction* failPaymentAction() const { return m_failPayment; }
    /// Enables what the run allows now (the window calls it whenever the run's state changes).
    void updateActions();
    /// The rest of the Faults menu.
    QList<QAction*> oneShotActions() const;

private:
    SimulationController* m_controller = nullptr;
    std::function<const Scenario*()> m_scenario;
    QAction* m_failPayment = nullptr;
    FaultsPanel* m_panel = nullptr;
};

} // namespace eventloom
