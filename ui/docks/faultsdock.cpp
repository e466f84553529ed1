#include "faultsdock.h"

#include "dockcontext.h"
#include "faults/injectionspec.h"
#include "scenario/scenario.h"
#include "simulation/simulationcontroller.h"
#include "views/faultspanel.h"

#include <QAction>
#include <QScrollArea>
#include <QScrollBar>
#include <algorithm>

namespace eventloom {

FaultsDock::FaultsDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Faults"), parent)
    , m_controller(context.controller)
    , m_scenario(context.scenario)
{
    setObjectName(QStringLiteral("faultsDock"));
    // Owned by the window, as the menu actions are.
    m_failPayment = new QAction(tr("Fail Next &Payment"), parent);
    m_failPayment->setObjectName(QStringLiteral("actionFailNextPayment"));
    m_failPayment->setToolTip(tr("The payment service declines the next charge (fail-payment,count=1)"));
    m_failPayment->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(m_failPayment, &QAction::triggered, this,
        [inject = context.inject] { inject(InjectionSpec::failNextPayment()); });

    m_panel = new FaultsPanel(m_failPayment, context.inject, context.injectText);
    // The controls scroll rather than squeeze the inspector above them.
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(m_panel);
    // As wide as the controls need, so the dock area does not shrink below them.
    scroll->setMinimumWidth(m_panel->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    setWidget(scroll);
    SimulationController* controller = context.controller;
    connect(controller, &SimulationController::runStarted, this, [this, controller, scenario = context.scenario] {
        m_panel->setScenario(scenario()); // a new run starts without the old faults
        widget()->setEnabled(!controller->isReviewing()); // a recorded run takes no injection
    });
}

QList<QAction*> FaultsDock::oneShotActions() const
{
    return m_panel->oneShotActions();
}

void FaultsDock::updateActions()
{
    const bool hasRun = m_controller->hasRun();
    const bool finished = hasRun && (m_controller->status().finished || m_controller->isReviewing());
    const Scenario* scenario = m_scenario();
    const bool hasPayment = scenario
        && std::any_of(scenario->services.begin(), scenario->services.end(),
            [](const ServiceSpec& s) { return s.id == QLatin1String("payment") && serviceKindCanFail(s.kind); });
    m_failPayment->setEnabled(hasRun && !finished && hasPayment);
}

} // namespace eventloom
