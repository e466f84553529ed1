#include "mainwindow.h"

#include "appidentity.h"
#include "courseprogress.h"
#include "docks/architecturedock.h"
#include "docks/breakpointsdock.h"
#include "docks/deadlettersdock.h"
#include "docks/dockcontext.h"
#include "docks/eventstoredock.h"
#include "docks/faultsdock.h"
#include "docks/inspectordock.h"
#include "docks/lessondock.h"
#include "docks/metricsdock.h"
#include "docks/playbackbar.h"
#include "docks/readmodelsdock.h"
#include "docks/rundocks.h"
#include "docks/sagadock.h"
#include "docks/settingsdock.h"
#include "docks/timetravelbar.h"
#include "docks/topicsdock.h"
#include "help/helpmenu.h"
#include "models/eventlogmodel.h"
#include "recentfilesmenu.h"
#include "richtextguard.h"
#include "runexports.h"
#include "runpage.h"
#include "runstatusbar.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "simulation/runtrace.h"
#include "simulation/simulationcontroller.h"
#include "startpage.h"
#include "views/lessonpanel.h"
#include "views/runcomparisonview.h"
#include "views/variantdialog.h"
#include "viewstate.h"
#include "windowlayouts.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStackedWidget>
#include <QStyle>

namespace eventloom {

namespace {
/// More than this many diagnostics go to the message box's details, so the box stays on screen.
constexpr int kDiagnosticsShown = 8;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_controller(new SimulationController(this))
    , m_viewState(new ViewState(this))
    , m_trace(new RunTrace(this))
    , m_model(new EventLogModel(m_trace, this))
    , m_progress(new CourseProgress(this))
{
    // The trace takes each batch first, so every panel that reads it finds the batch's rows there.
    connect(m_controller, &SimulationController::runStarted, m_trace, &RunTrace::clear);
    connect(m_controller, &SimulationController::batchArrived, m_trace, &RunTrace::append);
    setObjectName(QStringLiteral("mainWindow"));
    RichTextGuard::install(); // before any text from a file can reach a tooltip or a rich text
    setAcceptDrops(true); // a scenario file dropped on the window opens
    setWindowTitle(tr("EventLoom"));
    setWindowIcon(AppIdentity::icon()); // also where no main() set the application's (the tests)
    m_statusBar = new RunStatusBar(this);
    setStatusBar(m_statusBar);
    const DockContext context = dockContext();
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("centralStack"));
    m_startPage = new StartPage(m_progress, m_stack);
    m_startPage->setObjectName(QStringLiteral("startPage"));
    m_stack->addWidget(m_startPage);
    m_runPage = new RunPage(context, m_stack);
    m_stack->addWidget(m_runPage);
    setCentralWidget(m_stack);
    m_playbackBar = new PlaybackBar(context, this);
    connect(m_playbackBar, &PlaybackBar::runRequested, this, &MainWindow::showLog);
    connect(m_playbackBar, &PlaybackBar::resetWithSeedRequested, this, &MainWindow::resetWithSeed);
    createActions();
    m_docks = new RunDocks(
        context, [this] { return speed(); }, this);
    // Step and Run Until wait for the deliveries held at a breakpoint too.
    connect(m_controller, &SimulationController::pendingDeliveriesChanged, this, &MainWindow::updateActions);
    createReviewMode();
    createToolBar();
    m_layouts = new WindowLayouts(this, m_docks, [this] {
        m_reviewBar->setVisible(m_controller->isReviewing()); // whatever a saved layout says
        setDocksVisible(m_stack->currentWidget() != m_startPage);
    });
    createMenus();
    // The window sized to its screen (or where the last session left it) and the docks in the layout
    // chosen last, the Lesson one at first: a layout from the last session keeps its sizes; one as
    // shipped is sized to the window when a run first shows.
    m_layouts->restore();

    connect(m_startPage, &StartPage::lessonChosen, this, [this](const QString& path, int step) {
        if (openFile(path))
            lessonPanel()->setCurrentStep(step);
    });
    connect(m_startPage, &StartPage::openFileRequested, this, &MainWindow::openWithDialog);
    connect(m_controller, &SimulationController::runStarted, this, [this] {
        // The new run is shown whole and live; the panels cleared their own moment and selection.
        m_viewState->setFollowed({});
        m_viewState->setViewTime(-1);
        m_viewState->setSelectedMessage(ViewState::kNoSelection);
        m_statusBar->clearStatus();
        updateActions();
    });
    connect(m_controller, &SimulationController::batchArrived, this, &MainWindow::applyBatch);
    connect(m_controller, &SimulationController::injectionRefused, this,
        [this](const QString& reason) { reportError(tr("The fault could not be injected."), { reason }); });
    connect(m_controller, &SimulationController::recordingProblem, this, [this](const QString& message) {
        m_statusBar->showMessage(tr("Not recording: %1 (the run goes on)").arg(message));
    });
    connect(m_controller, &SimulationController::playingChanged, this, &MainWindow::updateActions);

    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_openAction = new QAction(tr("&Open…"), this);
    m_openAction->setObjectName(QStringLiteral("actionOpen"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openWithDialog);

    RunExports::Hooks hooks;
    hooks.status = [this] { return m_controller->status(); };
    hooks.correlation = [this] { return m_runPage->correlation(); };
    hooks.savePath = dockContext().savePath;
    hooks.reportError = [this](const QString& message, const QStringList& details) { reportError(message, details); };
    hooks.showMessage = [this](const QString& message) { m_statusBar->showMessage(message, 6000); };
    m_exports = new RunExports(this, std::move(hooks));
    connect(m_exports, &RunExports::finished, this, &MainWindow::exportFinished);

    m_startPageAction = new QAction(tr("Open &Start Page"), this);
    m_startPageAction->setObjectName(QStringLiteral("actionStartPage"));
    connect(m_startPageAction, &QAction::triggered, this, &MainWindow::showStartPage);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("actionQuit"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
}

DockContext MainWindow::dockContext()
{
    DockContext context;
    context.controller = m_controller;
    context.view = m_viewState;
    context.trace = m_trace;
    context.log = m_model;
    context.statusBar = m_statusBar;
    context.progress = m_progress;
    context.scenario = [this]() -> const Scenario* { return m_scenario ? &*m_scenario : nullptr; };
    context.inject = [this](const InjectionSpec& spec) { return inject(spec); };
    context.injectText = [this](const QString& spec) { return inject(spec); };
    context.applyOverrides = [this](const QStringList& overrides) { return applyOverrides(overrides); };
    context.reportError = [this](const QString& message, const QStringList& details) { reportError(message, details); };
    context.savePath = [this](const QString& title, const QString& filters, QString* chosen) {
        return m_savePath ? m_savePath(filters, chosen)
                          : QFileDialog::getSaveFileName(this, title, QString(), filters, chosen);
    };
    return context;
}

bool MainWindow::inject(const QString& text)
{
    QString error;
    const std::optional<InjectionSpec> spec = InjectionSpec::parse(text, error);
    if (!spec) {
        reportError(tr("The fault could not be injected."), { error });
        return false;
    }
    return inject(*spec);
}

bool MainWindow::inject(const InjectionSpec& spec)
{
    const QString error = m_controller->inject(spec);
    if (!error.isEmpty()) {
        reportError(tr("The fault could not be injected."), { error });
        return false;
    }
    m_statusBar->showMessage(tr("Injected: %1").arg(spec.text()), 4000);
    return true;
}

void MainWindow::setDocksVisible(bool visible)
{
    m_docks->setShown(visible, m_scenario ? &*m_scenario : nullptr);
}

void MainWindow::resetWithSeed(std::uint64_t seed)
{
    if (!m_scenario)
        return;
    m_seed = seed;
    m_controller->load(*m_scenario, seed);
    showLog();
}

QStringList MainWindow::recentFiles() const
{
    return RecentFilesMenu::entries();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    const QString file = urls.size() == 1 && urls.front().isLocalFile() ? urls.front().toLocalFile() : QString();
    if (file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
        || file.endsWith(QLatin1String(".sqlite"), Qt::CaseInsensitive))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile()) {
        event->acceptProposedAction();
        openFile(urls.front().toLocalFile());
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_layouts->save();
    QMainWindow::closeEvent(event);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    auto* recent = new RecentFilesMenu(file);
    connect(recent, &RecentFilesMenu::fileChosen, this, [this](const QString& entry) { openFile(entry); });
    file->addMenu(recent);
    file->addAction(m_startPageAction);
    file->addAction(m_importAction);
    file->addSeparator();
    file->addAction(m_exports->eventLogAction());
    file->addAction(m_exports->correlationAction());
    file->addAction(m_exports->runFileAction());
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addActions({ m_playbackBar->playAction(), m_playbackBar->stepAction(), m_playbackBar->runToSagaAction(),
        m_playbackBar->runUntilAction(), m_playbackBar->resetAction(), m_playbackBar->resetSeedAction() });
    run->addSeparator();
    run->addAction(m_resimulateAction);
    run->addAction(m_docks->timeTravel()->continueAction());
    run->addSeparator();
    run->addAction(m_docks->settings()->showAction());

    QMenu* faults = menuBar()->addMenu(tr("F&aults"));
    faults->addAction(m_docks->faults()->failPaymentAction());
    faults->addActions(m_docks->faults()->oneShotActions());

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    QAction* compare = tools->addAction(tr("&Compare Runs…"), this, [this] { compareRuns(); });
    compare->setObjectName(QStringLiteral("actionCompareRuns"));
    compare->setToolTip(
        tr("Two recorded runs side by side: timelines on one time axis, saga charts, counters, the first divergence"));
    m_compareVariantAction = tools->addAction(tr("Compare with a &Variant…"), this, [this] { compareWithVariant(); });
    m_compareVariantAction->setObjectName(QStringLiteral("actionCompareVariant"));
    m_compareVariantAction->setToolTip(
        tr("Run the open scenario and the same with one setting changed, headless, and compare the two runs"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions(m_runPage->timelineActions());
    view->addAction(m_runPage->followAction());
    view->addSeparator();
    view->addActions(m_runPage->exportActions());
    view->addSeparator();
    view->addActions(m_docks->toggleActions());
    view->addSeparator();
    view->addMenu(m_layouts->menu());

    auto* help = new HelpMenu(this);
    menuBar()->addMenu(help);
    connect(help, &HelpMenu::lessonsRequested, this, &MainWindow::showStartPage);
    connect(lessonPanel(), &LessonPanel::glossaryRequested, help, &HelpMenu::showGlossary);
}

RunComparisonView* MainWindow::comparisonWindow()
{
    if (!m_runComparison)
        m_runComparison = new RunComparisonView(this);
    m_runComparison->show();
    m_runComparison->raise();
    m_runComparison->activateWindow();
    return m_runComparison;
}

void MainWindow::compareRuns(const QString& a, const QString& b)
{
    if (!a.isEmpty() && !b.isEmpty())
        comparisonWindow()->compare(a, b);
    else
        comparisonWindow()->compareRecentRuns();
}

void MainWindow::compareWithVariant()
{
    if (!m_scenario || m_controller->isReviewing())
        return;
    auto* dialog = new VariantDialog(*m_scenario, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!m_scenario)
            return;
        comparisonWindow()->compareVariant(*m_scenario, m_seed, m_controller->injections(), dialog->assignment());
    });
    dialog->open();
}

void MainWindow::createToolBar()
{
    addToolBar(m_playbackBar);
}

void MainWindow::followCorrelation(const QString& correlation)
{
    m_viewState->setFollowed(correlation);
}

SagaModel* MainWindow::sagaModel() const
{
    return m_docks->saga()->model();
}
TimelineView* MainWindow::timeline() const
{
    return m_runPage->timeline();
}
ArchitectureView* MainWindow::architectureView() const
{
    return m_docks->architecture()->view();
}
InspectorPanel* MainWindow::inspector() const
{
    return m_docks->inspector()->panel();
}
LessonPanel* MainWindow::lessonPanel() const
{
    return m_docks->lesson()->panel();
}
TopicsView* MainWindow::topicsView() const
{
    return m_docks->topics()->view();
}
ReadModelsView* MainWindow::readModelsView() const
{
    return m_docks->readModels()->view();
}
EventStoreView* MainWindow::eventStoreView() const
{
    return m_docks->eventStore()->view();
}
TimeScrubber* MainWindow::timeScrubber() const
{
    return m_docks->timeTravel()->scrubber();
}
DeadLettersView* MainWindow::deadLettersView() const
{
    return m_docks->deadLetters()->view();
}
MetricsPanel* MainWindow::metricsPanel() const
{
    return m_docks->metrics()->panel();
}
BreakpointsView* MainWindow::breakpointsView() const
{
    return m_docks->breakpoints()->view();
}

QString MainWindow::followed() const
{
    return m_viewState->followed();
}

bool MainWindow::openFile(const QString& nameOrPath, std::optional<std::uint64_t> seed)
{
    if (nameOrPath.endsWith(QLatin1String(".sqlite"), Qt::CaseInsensitive))
        return openRunFile(nameOrPath);
    const QString resolved = ShippedScenarios::resolve(nameOrPath);
    if (resolved.isEmpty()) {
        reportError(tr("There is no scenario file or shipped scenario called “%1”.").arg(nameOrPath), {});
        return false;
    }
    const ScenarioLoader::Result loaded = ScenarioLoader::loadFile(resolved);
    if (!loaded.ok()) {
        QStringList details;
        for (const Diagnostic& diagnostic : loaded.errors)
            details << diagnostic.toString();
        reportError(tr("“%1” has errors and was not opened.").arg(QFileInfo(nameOrPath).fileName()), details);
        return false;
    }
    RecentFilesMenu::remember(nameOrPath);
    startScenario(*loaded.scenario, seed);
    return true;
}

void MainWindow::startScenario(const Scenario& scenario, std::optional<std::uint64_t> seed, bool keepLessonStep)
{
    m_scenario = scenario; // into the same storage: the lesson panel's pointer stays valid
    m_seed = seed;
    m_docks->saga()->setScenario(*m_scenario);
    if (!keepLessonStep)
        lessonPanel()->setScenario(&*m_scenario);
    if (m_stack->currentWidget() == m_runPage)
        setDocksVisible(true); // another scenario: it may or may not have sagas
    m_controller->load(*m_scenario, seed);
    showLog();
}

bool MainWindow::applyOverrides(const QStringList& overrides)
{
    if (!m_scenario || m_controller->isReviewing())
        return false;
    // The file as shipped with these assignments, through the loader's own `--set` path: the run is the
    // one `eventloom-cli run FILE --set …` makes, and a bad value gets the loader's message.
    const ScenarioLoader::Result loaded = ScenarioLoader::loadFile(m_scenario->file, overrides);
    if (!loaded.ok()) {
        QStringList details;
        for (const Diagnostic& diagnostic : loaded.errors)
            details << diagnostic.toString();
        reportError(tr("The scenario settings were not applied."), details);
        return false;
    }
    // The same lesson in another variant: the learner stays on the step that asked for it.
    startScenario(*loaded.scenario, m_seed, loaded.scenario->id == m_scenario->id);
    // Short: the overrides themselves are in the status bar beside it, and in the title.
    m_statusBar->showMessage(overrides.isEmpty() ? tr("New run, as shipped") : tr("New run, settings changed"), 6000);
    return true;
}

void MainWindow::openWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario or Run File"), QString(),
        tr("Scenarios and run files (*.json *.sqlite);;Scenarios (*.json);;Run files (*.sqlite)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::showStartPage()
{
    m_stack->setCurrentWidget(m_startPage);
    setDocksVisible(false);
    setWindowTitle(tr("EventLoom"));
}

void MainWindow::play()
{
    QAction* play = m_playbackBar->playAction();
    if (play->isEnabled() && !play->isChecked())
        play->trigger();
}

void MainWindow::showLog()
{
    if (!m_scenario)
        return;
    if (m_stack->currentWidget() != m_runPage)
        setDocksVisible(true);
    m_stack->setCurrentWidget(m_runPage);
    setWindowTitle(runTitle(m_scenario->title.isEmpty() ? m_scenario->id : m_scenario->title));
    m_statusBar->setOverrides(m_scenario->overrides);
}

QString MainWindow::runTitle(const QString& name) const
{
    // "07 · Saga orchestration — interaction=sync": a variant is never mistaken for the lesson as shipped.
    if (!m_scenario || m_scenario->overrides.isEmpty())
        return name;
    return name + QStringLiteral(" — ") + m_scenario->overrides.join(QStringLiteral(", "));
}

void MainWindow::setSpeed(double speed)
{
    m_playbackBar->setSpeed(speed);
}

double MainWindow::speed() const
{
    return m_playbackBar->speed();
}

void MainWindow::setErrorHandler(ErrorHandler handler)
{
    m_errorHandler = std::move(handler);
}

void MainWindow::applyBatch(const TraceBatch& batch)
{
    if (batch.hasStatus)
        m_statusBar->setStatus(batch.status);
    updateActions();
}

void MainWindow::updateActions()
{
    m_playbackBar->updateActions(m_scenario ? &*m_scenario : nullptr);
    const bool hasRun = m_controller->hasRun();
    const bool reviewing = m_controller->isReviewing(); // a recorded run: nothing to play
    const bool finished = hasRun && (m_controller->status().finished || reviewing);
    m_compareVariantAction->setEnabled(m_scenario && !reviewing);
    m_resimulateAction->setEnabled(
        reviewing && m_review.value(QLatin1String("origin")).toString() == QLatin1String("recorded"));
    m_exports->update(hasRun && m_controller->status().finished);
    m_docks->faults()->updateActions();
    if (!hasRun)
        m_statusBar->setState(RunStatusBar::State::NoRun);
    else if (finished)
        m_statusBar->setState(RunStatusBar::State::Finished);
    else
        m_statusBar->setState(m_controller->isPlaying() ? RunStatusBar::State::Playing : RunStatusBar::State::Paused);
}

void MainWindow::reportError(const QString& message, const QStringList& details)
{
    if (m_errorHandler) {
        m_errorHandler(message, details);
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("EventLoom"), message, QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText); // messages and diagnostics quote files: never markup
    QString shown = details.mid(0, kDiagnosticsShown).join(QLatin1Char('\n'));
    if (details.size() > kDiagnosticsShown)
        shown += tr("\n…and %1 more (see details)").arg(details.size() - kDiagnosticsShown);
    box.setInformativeText(RichTextGuard::literal(shown)); // no format of its own: auto-detected
    if (details.size() > kDiagnosticsShown)
        box.setDetailedText(details.join(QLatin1Char('\n')));
    box.exec();
}

} // namespace eventloom
