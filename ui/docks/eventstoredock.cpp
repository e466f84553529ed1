#include "eventstoredock.h"

#include "dockcontext.h"
#include "scenario/scenario.h"
#include "statepanel.h"
#include "views/eventstoreview.h"
#include "views/refreshthrottle.h"
#include "viewstate.h"

#include <QMainWindow>
#include <QTimer>
#include <algorithm>

namespace eventloom {

EventStoreDock::EventStoreDock(const DockContext& context, QMainWindow* window)
    : QDockWidget(tr("Event Store"), window)
    , m_view(new EventStoreView)
{
    setObjectName(QStringLiteral("eventStoreDock"));
    setWidget(m_view);
    SimulationController* controller = context.controller;
    connectStatePanel(m_view, controller, &SimulationController::requestEventStore,
        &SimulationController::eventStoreReady, &EventStoreView::setState);
    // Every request, not only a change: its own ✕ clears its lens alone, and following the same order again re-applies
    // it.
    connect(context.view, &ViewState::followRequested, m_view, &EventStoreView::followCorrelation);
    // An event's message: chosen in the log, so the Inspector shows it too.
    connect(m_view, &EventStoreView::messageChosen, context.view, &ViewState::chooseMessage);
    // Three panes side by side: room for them the first time its tab is chosen, then what the user gives it.
    connect(this, &QDockWidget::visibilityChanged, this, [this, window](bool visible) {
        if (!visible || m_sized)
            return;
        QTimer::singleShot(0, this, [this, window] { // once the tab's geometry is in place
            if (m_sized || !RefreshThrottle::onScreen(m_view))
                return;
            m_sized = true;
            window->resizeDocks({ this }, { std::max(760, window->width() / 2) }, Qt::Horizontal);
            window->resizeDocks({ this }, { 300 }, Qt::Vertical);
        });
    });
    refreshWhenChosen(this, [this] { m_view->runAdvanced(); });
}

bool EventStoreDock::wanted(const Scenario* scenario)
{
    return scenario && (std::any_of(scenario->services.begin(), scenario->services.end(), [](const ServiceSpec& s) {
        return s.kind == QLatin1String("order");
    }) || std::any_of(scenario->sagas.begin(), scenario->sagas.end(), [](const SagaDefinition& s) {
        return s.style == SagaDefinition::Style::Orchestration;
    }));
}

} // namespace eventloom
