#include "timetravelbar.h"

#include "dockcontext.h"
#include "models/eventlogmodel.h"
#include "runstatusbar.h"
#include "simulation/simulationcontroller.h"
#include "views/timescrubber.h"
#include "viewstate.h"

#include <QAction>

namespace eventloom {

TimeTravelBar::TimeTravelBar(const DockContext& context, QWidget* parent)
    : QToolBar(tr("Time Travel"), parent)
    , m_scrubber(new TimeScrubber)
{
    setObjectName(QStringLiteral("timeTravelToolBar"));
    addWidget(m_scrubber);
    SimulationController* controller = context.controller;
    RunStatusBar* statusBar = context.statusBar;
    ViewState* view = context.view;
    // A fork of the run at the moment shown, to try other injections from there; the old run stays
    // in the run archive for comparison.
    m_continue = addAction(tr("Continue from Here"));
    m_continue->setObjectName(QStringLiteral("actionContinueFromHere"));
    m_continue->setToolTip(tr("Start a new run that is this one up to the moment shown, paused there, "
                              "to try other injections; this run stays recorded for comparison"));
    m_continue->setEnabled(false);
    connect(m_continue, &QAction::triggered, this, [controller, statusBar] {
        const SimTime t = controller->viewTime();
        if (!controller->continueFromHere())
            return;
        statusBar->showMessage(tr("A new run, the old one up to %1 s: inject something else and play. "
                                  "The old run is kept in the run archive.")
                                   .arg(EventLogModel::formatTime(t).trimmed()),
            10000);
    });
    connect(m_scrubber, &TimeScrubber::seekRequested, controller, &SimulationController::seek);
    connect(view, &ViewState::viewTimeChanged, m_scrubber, &TimeScrubber::setViewTime);
    // The run's answers are about `t` now: every panel shows it, and the status bar says so.
    connect(controller, &SimulationController::timeTravelled, this, [this, controller, statusBar, view](SimTime t) {
        view->setViewTime(t);
        m_continue->setEnabled(t >= 0 && !controller->isReviewing()); // review has no engine to fork
        if (t >= 0)
            statusBar->showMessage(tr("Time travel: the panels show %1 s").arg(EventLogModel::formatTime(t).trimmed()));
        else
            statusBar->clearMessage();
    });
    connect(controller, &SimulationController::runStarted, this, [this] {
        m_scrubber->clear();
        m_continue->setEnabled(false);
    });
    connect(controller, &SimulationController::batchArrived, m_scrubber, [this](const TraceBatch& batch) {
        if (batch.hasStatus)
            m_scrubber->setRunTime(batch.status.now);
    });
}

} // namespace eventloom
