#include "topicsdock.h"

#include "dockcontext.h"
#include "statepanel.h"
#include "views/topicsview.h"

namespace eventloom {

TopicsDock::TopicsDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Topics and Groups"), parent)
    , m_view(new TopicsView)
{
    setObjectName(QStringLiteral("topicsDock"));
    setWidget(m_view);
    SimulationController* controller = context.controller;
    connectStatePanel(m_view, controller, &SimulationController::requestBusState, &SimulationController::busStateReady,
        &TopicsView::setState);
    connect(m_view, &TopicsView::resetOffsetRequested, this,
        [inject = context.inject](const InjectionSpec& spec) { inject(spec); });
    connect(m_view, &TopicsView::injectRequested, this,
        [inject = context.inject](const InjectionSpec& spec) { inject(spec); });
    connect(controller, &SimulationController::runStarted, m_view,
        [this, controller] { m_view->setInjectable(!controller->isReviewing()); }); // a recorded run takes none
    connect(controller, &SimulationController::batchArrived, m_view, [this](const TraceBatch& batch) {
        if (batch.hasStatus)
            m_view->setCurrentTime(batch.status.now);
    });
    refreshWhenChosen(this, [this] { m_view->runAdvanced(); });
}

} // namespace eventloom
