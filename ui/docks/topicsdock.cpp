#include "topicsdock.h"

#include "dockcontext.h"
#include "simulation/simulationcontroller.h"
#include "views/topicsview.h"

namespace eventloom {

TopicsDock::TopicsDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Topics and Groups"), parent)
    , m_view(new TopicsView)
{
    setObjectName(QStringLiteral("topicsDock"));
    setWidget(m_view);
    SimulationController* controller = context.controller;
    connect(m_view, &TopicsView::stateRequested, controller, &SimulationController::requestBusState);
    connect(controller, &SimulationController::busStateReady, m_view, &TopicsView::setState);
    connect(controller, &SimulationController::batchArrived, m_view, &TopicsView::runAdvanced);
    // At another moment the state asked for is another one: ask again.
    connect(controller, &SimulationController::timeTravelled, m_view, &TopicsView::runAdvanced);
    connect(controller, &SimulationController::runStarted, m_view, &TopicsView::clear);
    connect(m_view, &TopicsView::resetOffsetRequested, this, [inject = context.inject](const QString& spec) { inject(spec); });
    connect(controller, &SimulationController::batchArrived, m_view, [this](const TraceBatch& batch) {
        if (batch.hasStatus)
            m_view->setCurrentTime(batch.status.now);
    });
    refreshWhenChosen(this, [this] { m_view->runAdvanced(); });
}

} // namespace eventloom
