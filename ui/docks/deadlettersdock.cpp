#include "deadlettersdock.h"

#include "dockcontext.h"
#include "scenario/scenario.h"
#include "statepanel.h"
#include "views/deadlettersview.h"
#include "viewstate.h"

#include <algorithm>

namespace eventloom {

DeadLettersDock::DeadLettersDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Dead Letters"), parent)
    , m_view(new DeadLettersView)
{
    setObjectName(QStringLiteral("deadLettersDock"));
    setWidget(m_view);
    SimulationController* controller = context.controller;
    connectStatePanel(m_view, controller, &SimulationController::requestBusState, &SimulationController::busStateReady,
        &DeadLettersView::setState);
    connect(m_view, &DeadLettersView::republishRequested, this,
        [inject = context.inject](const InjectionSpec& spec) { inject(spec); });
    connect(context.view, &ViewState::followedChanged, m_view, &DeadLettersView::setFollowed);
}

bool DeadLettersDock::wanted(const Scenario* scenario)
{
    return scenario && std::any_of(scenario->services.begin(), scenario->services.end(), [](const ServiceSpec& s) {
        return std::any_of(s.subscriptions.begin(), s.subscriptions.end(),
            [](const SubscriptionSpec& sub) { return sub.policy.onFailure == OnFailure::DeadLetter; });
    });
}

} // namespace eventloom
