#include "architecturedock.h"

#include "dockcontext.h"
#include "simulation/simulationcontroller.h"
#include "views/architectureview.h"
#include "viewstate.h"

namespace eventloom {

ArchitectureDock::ArchitectureDock(const DockContext& context, std::function<double()> speed, QWidget* parent)
    : QDockWidget(tr("Architecture"), parent)
    , m_view(new ArchitectureView(context.trace))
{
    setObjectName(QStringLiteral("architectureDock"));
    m_view->setSpeedSource(std::move(speed));
    setWidget(m_view);
    SimulationController* controller = context.controller;
    connect(controller, &SimulationController::runStarted, m_view,
        [this, scenario = context.scenario] { m_view->setScenario(scenario()); });
    // The view took the batch's rows from the trace; now it asks for the bus again.
    connect(controller, &SimulationController::batchArrived, m_view, [this] { m_view->runAdvanced(); });
    connect(m_view, &ArchitectureView::stateRequested, controller, &SimulationController::requestBusState);
    connect(controller, &SimulationController::busStateReady, m_view, &ArchitectureView::setBusState);
    connect(m_view, &ArchitectureView::injectRequested, this,
        [inject = context.inject](const InjectionSpec& spec) { inject(spec); });
    connect(m_view, &ArchitectureView::serviceActivated, this, &ArchitectureDock::serviceActivated);
    connect(context.view, &ViewState::followedChanged, m_view, &ArchitectureView::setFollowed);
    connect(context.view, &ViewState::viewTimeChanged, m_view, &ArchitectureView::setViewTime);
    refreshWhenChosen(this, [this] {
        m_view->runAdvanced();
        m_view->update();
    });
}

} // namespace eventloom
