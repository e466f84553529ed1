#include "inspectordock.h"

#include "dockcontext.h"
#include "models/eventlogmodel.h"
#include "scenariolanes.h"
#include "simulation/simulationcontroller.h"
#include "views/inspectorpanel.h"
#include "views/servicestateview.h"
#include "viewstate.h"

namespace eventloom {

InspectorDock::InspectorDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Inspector"), parent)
    , m_panel(new InspectorPanel)
    , m_log(context.log)
{
    setObjectName(QStringLiteral("inspectorDock"));
    setWidget(m_panel);
    SimulationController* controller = context.controller;
    connect(controller, &SimulationController::inspected, this, &InspectorDock::showDetails);
    // The message selected anywhere is the one shown; a link in its causal chain selects another.
    // Asked again for another row of the same message, as its deliveries may have grown.
    connect(context.view, &ViewState::selectionRequested, controller, [controller](std::uint32_t seq) {
        if (seq != ViewState::kNoSelection)
            controller->inspect(seq);
    });
    connect(m_panel, &InspectorPanel::messageActivated, context.view, &ViewState::chooseMessage);
    ServiceStateView* state = m_panel->serviceState();
    connect(state, &ServiceStateView::stateRequested, controller, &SimulationController::requestServiceState);
    connect(controller, &SimulationController::serviceStateReady, state, &ServiceStateView::setState);
    connect(controller, &SimulationController::batchArrived, state, [state] { state->runAdvanced(); });
    // At another moment the state asked for is another one: ask again.
    connect(controller, &SimulationController::timeTravelled, state, [state] { state->runAdvanced(); });
    connect(context.view, &ViewState::followedChanged, state, &ServiceStateView::setFollowed);
    connect(controller, &SimulationController::runStarted, this, [this, state, scenario = context.scenario] {
        m_panel->clear();
        state->setServices(scenarioLanes(scenario()));
        state->runAdvanced(); // a new run: the state shown starts again
    });
}

void InspectorDock::showService(const QString& service)
{
    m_panel->showService(service);
    show();
    raise();
}

void InspectorDock::showDetails(std::uint32_t seq, const MessageDetails& details)
{
    m_log->flush(); // its deliveries may be in rows not shown yet
    std::vector<InspectorPanel::Delivery> deliveries;
    for (const int row : m_log->rowsOf(seq)) {
        const TraceRow& r = m_log->row(row);
        if (r.kind != TraceKind::Delivered && r.kind != TraceKind::Handled && r.kind != TraceKind::Redelivered)
            continue;
        const auto text = [&](EventLogModel::Column column) {
            return m_log->data(m_log->index(row, static_cast<int>(column))).toString();
        };
        deliveries.push_back({ text(EventLogModel::Column::Time), QString::fromLatin1(traceKindName(r.kind).data()),
            text(EventLogModel::Column::Consumer), r.attempt, QString::fromLatin1(outcomeName(r.outcome).data()) });
    }
    m_panel->display(seq, details, deliveries);
}

} // namespace eventloom
