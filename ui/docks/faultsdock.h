#pragma once

#include <QDockWidget>
#include <QList>

class QAction;

namespace eventloom {

struct DockContext;
class FaultsPanel;

/// The Faults dock: the injections a user can make into the running scenario, and the Faults menu's
/// one-shot actions (Fail Next Payment among them). Disabled while a recorded run is reviewed.
class FaultsDock final : public QDockWidget {
    Q_OBJECT
public:
    FaultsDock(const DockContext& context, QWidget* parent);

    /// Faults › Fail Next Payment; enabled by the window while a payment service can fail.
    QAction* failPaymentAction() const { return m_failPayment; }
    /// The rest of the Faults menu.
    QList<QAction*> oneShotActions() const;

private:
    QAction* m_failPayment = nullptr;
    FaultsPanel* m_panel = nullptr;
};

} // namespace eventloom
