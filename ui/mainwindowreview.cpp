// MainWindow's review mode: a recorded or imported run file opened and shown in every panel without
// simulating (RunReview reads it on the simulation thread), the banner that says so, File › Import
// Event Log…, and Run › Re-simulate This Run back to the live workbench.

#include "mainwindow.h"

#include "docks/rundocks.h"
#include "docks/sagadock.h"
#include "recentfilesmenu.h"
#include "reviewmode.h"
#include "runpage.h"
#include "runstatusbar.h"
#include "simulation/simulationcontroller.h"
#include "views/lessonpanel.h"
#include "views/reviewbanner.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QStackedWidget>
#include <QToolBar>

namespace eventloom {

void MainWindow::createReviewMode()
{
    m_importAction = new QAction(tr("&Import Event Log…"), this);
    m_importAction->setObjectName(QStringLiteral("actionImportEventLog"));
    m_importAction->setToolTip(
        tr("Read another system's events (JSON Lines, CloudEvents) into a run file and review it"));
    connect(m_importAction, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Event Log"), QString(),
            tr("Event logs (*.jsonl *.ndjson *.json);;JSON Lines (*.jsonl *.ndjson);;CloudEvents batch (*.json)"));
        if (!path.isEmpty())
            importEventLog(path);
    });
    m_resimulateAction = new QAction(tr("Re-simulate This Run"), this);
    m_resimulateAction->setObjectName(QStringLiteral("actionResimulate"));
    m_resimulateAction->setToolTip(
        tr("Load the recorded scenario, seed and injections into the live workbench, paused at time 0"));
    connect(m_resimulateAction, &QAction::triggered, this, &MainWindow::resimulateReview);

    m_reviewBanner = new ReviewBanner(m_resimulateAction);
    m_reviewBar = new QToolBar(tr("Review"), this);
    m_reviewBar->setObjectName(QStringLiteral("reviewToolBar"));
    m_reviewBar->setMovable(false);
    m_reviewBar->setFloatable(false);
    m_reviewBar->toggleViewAction()->setVisible(false); // there while reviewing, not a choice
    m_reviewBar->addWidget(m_reviewBanner);
    addToolBarBreak(Qt::TopToolBarArea);
    addToolBar(Qt::TopToolBarArea, m_reviewBar);
    m_reviewBar->hide();

    connect(m_controller, &SimulationController::reviewOpened, this, &MainWindow::startReview);
    connect(m_controller, &SimulationController::reviewFailed, this,
        [this](const QString& error) { reportError(tr("The run file could not be opened for review."), { error }); });
    connect(m_controller, &SimulationController::reviewProgress, this, [this](qint64 done, qint64 total) {
        m_reviewBanner->setProgress(done, total);
        const QString file = QFileInfo(reviewedFile()).fileName();
        if (done < total)
            m_statusBar->showMessage(tr("Reading %1: %2 %").arg(file).arg(total > 0 ? done * 100 / total : 100));
        else
            m_statusBar->showMessage(tr("Reviewing %1: all %2 records read").arg(file).arg(total), 6000);
    });
    connect(m_controller, &SimulationController::importFinished, this,
        [this](const QString& runFile, const QString& error) {
            if (!error.isEmpty()) {
                m_statusBar->clearMessage();
                reportError(tr("The event log could not be imported; nothing was opened."), { error });
                return;
            }
            openRunFile(runFile);
        });
    // A live run (a scenario opened, or this run re-simulated) leaves review mode.
    connect(m_controller, &SimulationController::runStarted, this, [this] {
        const bool reviewing = m_controller->isReviewing();
        if (!reviewing)
            m_review = {};
        m_reviewBar->setVisible(reviewing); // the Faults and Breakpoints docks disable themselves
    });
}

bool MainWindow::openRunFile(const QString& path)
{
    if (!QFileInfo::exists(path)) {
        reportError(tr("There is no run file “%1”.").arg(QDir::toNativeSeparators(path)), {});
        return false;
    }
    m_statusBar->showMessage(tr("Opening %1 for review…").arg(QFileInfo(path).fileName()));
    m_controller->review(QFileInfo(path).absoluteFilePath());
    return true;
}

void MainWindow::startReview(const QJsonObject& info)
{
    QString error;
    std::optional<Scenario> scenario = reviewmode::scenarioOf(info, error);
    if (!scenario) { // an imported log whose names no scenario can hold: the panels go without wiring
        scenario.emplace();
        scenario->id = QStringLiteral("imported");
        scenario->title = QFileInfo(info.value(QLatin1String("path")).toString()).fileName();
    }
    m_review = info;
    m_scenario = std::move(scenario);
    m_docks->saga()->setScenario(*m_scenario);
    lessonPanel()->setScenario(
        &*m_scenario, LessonPanel::PictureFolder::None); // written elsewhere: no folder of its own
    RecentFilesMenu::remember(info.value(QLatin1String("path")).toString());
    if (m_stack->currentWidget() == m_runPage)
        setDocksVisible(true); // another run: it may or may not have sagas
    m_reviewBanner->setRun(info);
    m_reviewBar->show();
    showLog();
    setWindowTitle(runTitle(ReviewBanner::headline(info)));
}

QString MainWindow::reviewedFile() const
{
    return m_review.value(QLatin1String("path")).toString();
}

void MainWindow::importEventLog(const QString& path)
{
    if (!QFileInfo::exists(path)) {
        reportError(tr("There is no event log “%1”.").arg(QDir::toNativeSeparators(path)), {});
        return;
    }
    QString error;
    const QString output = reviewmode::importPath(path, error);
    if (output.isEmpty()) {
        reportError(tr("The event log could not be imported."), { error });
        return;
    }
    m_statusBar->showMessage(tr("Importing %1…").arg(QFileInfo(path).fileName()));
    m_controller->importLog(QFileInfo(path).absoluteFilePath(), output);
}

void MainWindow::resimulateReview()
{
    if (m_review.isEmpty())
        return;
    QString error;
    std::optional<Scenario> scenario = reviewmode::resimulation(m_review, error);
    if (!scenario) {
        reportError(tr("This run cannot be re-simulated."), { error });
        return;
    }
    const std::uint64_t seed = reviewmode::seedOf(m_review);
    const qsizetype injections = m_review.value(QLatin1String("injections")).toArray().size();
    m_scenario = std::move(scenario);
    m_docks->saga()->setScenario(*m_scenario);
    lessonPanel()->setScenario(
        &*m_scenario, LessonPanel::PictureFolder::None); // written elsewhere: no folder of its own
    if (m_stack->currentWidget() == m_runPage)
        setDocksVisible(true);
    m_seed = seed;
    m_controller->load(*m_scenario, seed);
    showLog();
    m_statusBar->showMessage(
        tr("Re-simulating the recorded run: seed %1, %2 injection(s) at their recorded times; press Play")
            .arg(seed)
            .arg(injections),
        10000);
}

} // namespace eventloom
