#include "breakpointsdock.h"

#include "dockcontext.h"
#include "models/pendingdeliverymodel.h"
#include "runstatusbar.h"
#include "simulation/simulationcontroller.h"
#include "views/breakpointsview.h"

namespace eventloom {

BreakpointsDock::BreakpointsDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Breakpoints"), parent)
    , m_view(new BreakpointsView)
{
    setObjectName(QStringLiteral("breakpointsDock"));
    setWidget(m_view);
    SimulationController* controller = context.controller;
    connect(m_view, &BreakpointsView::breakpointChanged, this,
        [controller, reportError = context.reportError](const QString& service, bool on) {
            if (const QString error = controller->setBreakpoint(service, on); !error.isEmpty())
                reportError(tr("The breakpoint could not be set."), { error });
        });
    connect(m_view, &BreakpointsView::resolveRequested, this,
        [controller, reportError = context.reportError](
            const PendingDeliveryInfo& delivery, const QString& choice, SimTime delay) {
            if (const QString error = controller->resolveDelivery(delivery, choice, 1, delay); !error.isEmpty())
                reportError(tr("The delivery could not be decided on."), { error });
        });
    connect(controller, &SimulationController::runStarted, this, [this, controller, scenario = context.scenario] {
        m_view->setScenario(scenario()); // a new run has no breakpoint
        widget()->setEnabled(!controller->isReviewing()); // nor has a recorded one
    });
    connect(controller, &SimulationController::pendingDeliveriesChanged, this,
        [this, statusBar = context.statusBar](const PendingDeliveries& pending) {
            const bool wasHeld = m_view->model()->rowCount() > 0;
            m_view->setPending(pending);
            const QString prefix = tr("Paused at a breakpoint");
            if (!pending.isEmpty()) {
                statusBar->showMessage(pending.size() == 1
                        ? tr("%1: 1 delivery waiting").arg(prefix)
                        : tr("%1: %2 deliveries waiting").arg(prefix).arg(pending.size()));
                if (!wasHeld && isVisible())
                    raise(); // the run stopped here: show why
            } else if (statusBar->currentMessage().startsWith(prefix)) {
                statusBar->clearMessage();
            }
        });
}

} // namespace eventloom
