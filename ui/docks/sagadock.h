#pragma once

#include <QDockWidget>

namespace eventloom {

struct DockContext;
struct Scenario;
class SagaModel;
class SagaPanel;

/// The Sagas dock: the scenario's saga instances and their moves, at the moment shown, narrowed to the
/// order followed; a double-click follows an instance's order.
class SagaDock final : public QDockWidget {
    Q_OBJECT
public:
    SagaDock(const DockContext& context, QWidget* parent);

    /// The sagas `scenario` defines (before its run starts).
    void setScenario(const Scenario& scenario);
    /// Only scenarios that have sagas show it: elsewhere the room goes to the timeline.
    static bool wanted(const Scenario* scenario);
    SagaModel* model() const { return m_model; }

private:
    SagaModel* m_model = nullptr;
    SagaPanel* m_panel = nullptr;
};

} // namespace eventloom
