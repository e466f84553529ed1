#include "mainwindow.h"

#include "appidentity.h"
#include "charts/metricspanel.h"
#include "help/helpmenu.h"
#include "models/eventlogfilter.h"
#include "models/eventlogmodel.h"
#include "models/sagamodel.h"
#include "playbackspeed.h"
#include "richtextguard.h"
#include "runexports.h"
#include "runstatusbar.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "simulation/simulationcontroller.h"
#include "startpage.h"
#include "viewstate.h"
#include "docks/architecturedock.h"
#include "docks/breakpointsdock.h"
#include "docks/deadlettersdock.h"
#include "docks/dockcontext.h"
#include "docks/eventstoredock.h"
#include "docks/faultsdock.h"
#include "docks/inspectordock.h"
#include "docks/lessondock.h"
#include "docks/metricsdock.h"
#include "docks/readmodelsdock.h"
#include "docks/sagadock.h"
#include "docks/timetravelbar.h"
#include "docks/topicsdock.h"
#include "scenariolanes.h"
#include "views/lessonpanel.h"
#include "views/runcomparisonview.h"
#include "views/timelineview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QComboBox>
#include <QDockWidget>
#include <algorithm>
#include <functional>
#include <memory>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QVBoxLayout>
#include <QFileDialog>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace eventloom {

static_assert(ViewState::kNoSelection == kNoMessage);

namespace {
    /// More than this many diagnostics go to the message box's details, so the box stays on screen.
    constexpr int kDiagnosticsShown = 8;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_controller(new SimulationController(this))
    , m_viewState(new ViewState(this))
    , m_model(new EventLogModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    RichTextGuard::install(); // before any text from a file can reach a tooltip or a rich text
    setAcceptDrops(true); // a scenario file dropped on the window opens
    setWindowTitle(tr("EventLoom"));
    setWindowIcon(AppIdentity::icon()); // also where no main() set the application's (the tests)
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("centralStack"));
    m_startPage = new StartPage(m_stack);
    m_startPage->setObjectName(QStringLiteral("startPage"));
    m_stack->addWidget(m_startPage);
    createLogView();
    setCentralWidget(m_stack);
    m_statusBar = new RunStatusBar(this);
    setStatusBar(m_statusBar);
    createActions();
    createDocks();
    createReviewMode();
    createFollowActions();
    createMenus();
    createToolBar();
    m_defaultLayout = saveState();
    restoreState(QSettings().value(QStringLiteral("mainWindow/state")).toByteArray());
    m_reviewBar->hide(); // shown while a run file is reviewed, whatever the last session left
    setDocksVisible(false);

    connect(m_startPage, &StartPage::lessonChosen, this, [this](const QString& path) { openFile(path); });
    connect(m_startPage, &StartPage::openFileRequested, this, &MainWindow::openWithDialog);
    connect(m_controller, &SimulationController::runStarted, this, [this] {
        m_model->clear();
        m_filter->setMaxTime(-1);
        // The new run is shown whole and live; the panels cleared their own moment and selection.
        m_viewState->setFollowed({});
        m_viewState->setViewTime(-1);
        m_viewState->setSelectedMessage(ViewState::kNoSelection);
        resetTimeline();
        m_statusBar->clearStatus();
        updateActions();
    });
    connect(m_controller, &SimulationController::batchArrived, this, &MainWindow::applyBatch);
    connect(m_controller, &SimulationController::injectionRefused, this,
        [this](const QString& reason) { reportError(tr("The fault could not be injected."), { reason }); });
    connect(m_controller, &SimulationController::recordingProblem, this, [this](const QString& message) {
        m_statusBar->showMessage(tr("Not recording: %1 (the run goes on)").arg(message));
    });
    connect(m_controller, &SimulationController::playingChanged, this, [this](bool playing) {
        if (!playing)
            m_model->flush();
        updatePlayAction(playing);
        updateActions();
    });

    resize(1180, 720);
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
    hooks.correlation = [this] {
        const QString selected = m_logView->currentIndex().data(EventLogModel::CorrelationRole).toString();
        return selected.isEmpty() ? m_filter->correlation() : selected;
    };
    hooks.savePath = [this](const QString& title, const QString& filters, QString* chosen) {
        return m_savePath ? m_savePath(filters, chosen) : QFileDialog::getSaveFileName(this, title, QString(), filters, chosen);
    };
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

    m_playAction = new QAction(this);
    m_playAction->setObjectName(QStringLiteral("actionPlay"));
    m_playAction->setCheckable(true);
    m_playAction->setShortcut(Qt::Key_Space);
    // Space must reach the action even while the table has focus.
    m_playAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_playAction, &QAction::triggered, this, [this](bool play) {
        showLog();
        play ? m_controller->play() : m_controller->pause();
    });
    updatePlayAction(false);

    m_stepAction = new QAction(style()->standardIcon(QStyle::SP_MediaSkipForward), tr("S&tep"), this);
    m_stepAction->setObjectName(QStringLiteral("actionStep"));
    m_stepAction->setToolTip(tr("Run until the next trace record (pauses first)"));
    m_stepAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Right));
    connect(m_stepAction, &QAction::triggered, this, [this] {
        showLog();
        m_controller->step();
    });

    m_resetAction = new QAction(style()->standardIcon(QStyle::SP_MediaSkipBackward), tr("&Reset"), this);
    m_resetAction->setObjectName(QStringLiteral("actionReset"));
    m_resetAction->setToolTip(tr("Start the run again from time 0 with the same seed"));
    m_resetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_resetAction, &QAction::triggered, m_controller, &SimulationController::reset);

    m_runToSagaAction = new QAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Next &Saga Step"), this);
    m_runToSagaAction->setObjectName(QStringLiteral("actionNextSagaStep"));
    m_runToSagaAction->setToolTip(tr("Run until a saga moves: a step starts, succeeds, fails, or compensates (Ctrl+J)"));
    m_runToSagaAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    connect(m_runToSagaAction, &QAction::triggered, this, [this] {
        showLog();
        m_controller->runToNextSagaMove();
    });

    m_runToTimeAction = new QAction(tr("Run &Until…"), this);
    m_runToTimeAction->setObjectName(QStringLiteral("actionRunUntil"));
    m_runToTimeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    connect(m_runToTimeAction, &QAction::triggered, this, [this] {
        bool ok = false;
        const double now = static_cast<double>(m_controller->status().now) / 1e6;
        const double seconds = QInputDialog::getDouble(this, tr("Run Until"), tr("Simulated time (s):"), now + 1.0, now, 1e7, 3, &ok);
        if (ok) {
            showLog();
            m_controller->runTo(static_cast<SimTime>(seconds * 1e6));
        }
    });

    m_resetSeedAction = new QAction(tr("Reset With &Seed…"), this);
    m_resetSeedAction->setObjectName(QStringLiteral("actionResetWithSeed"));
    m_resetSeedAction->setToolTip(tr("Start again from time 0 with another seed: the same scenario, other random draws"));
    m_resetSeedAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_resetSeedAction, &QAction::triggered, this, [this] {
        bool ok = false;
        const int seed = QInputDialog::getInt(this, tr("Reset With Seed"), tr("Seed:"),
            static_cast<int>(std::min<std::uint64_t>(m_controller->status().seed + 1, 2'000'000'000)), 0, 2'000'000'000, 1, &ok);
        if (ok)
            resetWithSeed(static_cast<std::uint64_t>(seed));
    });

    m_resetLayoutAction = new QAction(tr("Reset &Layout"), this);
    m_resetLayoutAction->setObjectName(QStringLiteral("actionResetLayout"));
    connect(m_resetLayoutAction, &QAction::triggered, this, [this] {
        restoreState(m_defaultLayout);
        setDocksVisible(m_stack->currentWidget() != m_startPage);
    });
}

void MainWindow::createDocks()
{
    DockContext context;
    context.controller = m_controller;
    context.view = m_viewState;
    context.log = m_model;
    context.statusBar = m_statusBar;
    context.scenario = [this]() -> const Scenario* { return m_scenario ? &*m_scenario : nullptr; };
    context.inject = [this](const QString& spec) { return inject(spec); };
    context.reportError = [this](const QString& message, const QStringList& details) { reportError(message, details); };
    context.savePath = [this](const QString& title, const QString& filters, QString* chosen) {
        return m_savePath ? m_savePath(filters, chosen) : QFileDialog::getSaveFileName(this, title, QString(), filters, chosen);
    };

    // Wide and low, under the timeline: the Sagas, with the Architecture as a tab beside them (in their
    // place where there are no sagas).
    m_sagaDock = new SagaDock(context, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_sagaDock);
    resizeDocks({ m_sagaDock }, { 290 }, Qt::Vertical);
    m_architectureDock = new ArchitectureDock(context, [this] { return m_speed ? speed() : 1.0; }, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_architectureDock);
    tabifyDockWidget(m_sagaDock, m_architectureDock);
    m_sagaDock->raise();
    // On the right the Inspector, the Faults under it and the Breakpoints as a tab beside those.
    m_inspectorDock = new InspectorDock(context, this);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    connect(m_architectureDock, &ArchitectureDock::serviceActivated, m_inspectorDock, &InspectorDock::showService);
    m_faultsDock = new FaultsDock(context, this);
    addDockWidget(Qt::RightDockWidgetArea, m_faultsDock);
    splitDockWidget(m_inspectorDock, m_faultsDock, Qt::Vertical);
    resizeDocks({ m_inspectorDock, m_faultsDock }, { 400, 250 }, Qt::Vertical);
    m_breakpointsDock = new BreakpointsDock(context, this);
    addDockWidget(Qt::RightDockWidgetArea, m_breakpointsDock);
    tabifyDockWidget(m_faultsDock, m_breakpointsDock);
    m_faultsDock->raise();
    // Step and Run Until wait for the deliveries held at a breakpoint too.
    connect(m_controller, &SimulationController::pendingDeliveriesChanged, this, &MainWindow::updateActions);
    m_lessonDock = new LessonDock(context, this);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea); // the lesson reads top to bottom: give it the whole side
    addDockWidget(Qt::LeftDockWidgetArea, m_lessonDock);
    resizeDocks({ m_lessonDock }, { 330 }, Qt::Horizontal);
    // The bus: Topics and Groups with the Dead Letters beside them; the Metrics, the Read Models and the
    // Event Store as tabs beside the topics, so the bottom area keeps its height for the timeline.
    m_topicsDock = new TopicsDock(context, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_topicsDock);
    m_deadLettersDock = new DeadLettersDock(context, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_deadLettersDock);
    splitDockWidget(m_topicsDock, m_deadLettersDock, Qt::Horizontal);
    m_metricsDock = new MetricsDock(context, this);
    m_readModelsDock = new ReadModelsDock(context, this);
    m_eventStoreDock = new EventStoreDock(context, this);
    for (QDockWidget* dock : std::initializer_list<QDockWidget*> { m_metricsDock, m_readModelsDock, m_eventStoreDock }) {
        addDockWidget(Qt::BottomDockWidgetArea, dock);
        tabifyDockWidget(m_topicsDock, dock);
        m_topicsDock->raise();
    }
    // Under the panels, the width of the window, like a player's position bar.
    m_timeTravelBar = new TimeTravelBar(context, this);
    addToolBar(Qt::BottomToolBarArea, m_timeTravelBar);
}

bool MainWindow::inject(const QString& spec)
{
    const QString error = m_controller->inject(spec);
    if (!error.isEmpty()) {
        reportError(tr("The fault could not be injected."), { error });
        return false;
    }
    m_statusBar->showMessage(tr("Injected: %1").arg(spec), 4000);
    return true;
}

void MainWindow::setDocksVisible(bool visible)
{
    const Scenario* scenario = m_scenario ? &*m_scenario : nullptr;
    m_sagaDock->setVisible(visible && SagaDock::wanted(scenario));
    m_architectureDock->setVisible(visible);
    QDockWidget* architectureTab = m_architectureDock->isVisible() ? static_cast<QDockWidget*>(m_architectureDock) : m_sagaDock;
    if (architectureTab->isVisible() && !m_architectureSized) {
        m_architectureSized = true; // a diagram of up to nine columns: about half the width, once
        resizeDocks({ architectureTab }, { std::max(560, width() * 45 / 100) }, Qt::Horizontal);
    }
    m_faultsDock->setVisible(visible);
    m_breakpointsDock->setVisible(visible);
    m_inspectorDock->setVisible(visible);
    m_lessonDock->setVisible(visible && LessonDock::wanted(scenario));
    m_topicsDock->setVisible(visible);
    m_metricsDock->setVisible(visible);
    m_deadLettersDock->setVisible(visible && DeadLettersDock::wanted(scenario));
    // The Topics tab stays in front of its neighbours.
    m_readModelsDock->setVisible(visible && ReadModelsDock::wanted(scenario));
    m_eventStoreDock->setVisible(visible && EventStoreDock::wanted(scenario));
    if (visible)
        m_topicsDock->raise();
    if (m_deadLettersDock->isVisible() && m_topicsDock->isVisible() && !m_deadLettersSized) {
        m_deadLettersSized = true; // its table has seven columns and the payload beside them
        resizeDocks({ m_topicsDock, m_deadLettersDock }, { 380, 820 }, Qt::Horizontal);
    }
}

void MainWindow::resetWithSeed(std::uint64_t seed)
{
    if (!m_scenario)
        return;
    m_controller->load(*m_scenario, seed);
    showLog();
}

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void MainWindow::rememberRecent(const QString& nameOrPath)
{
    // Files by absolute path (so they reopen from anywhere); shipped lessons by name.
    const QFileInfo info(nameOrPath);
    const QString entry = info.exists() && !nameOrPath.startsWith(u':') ? info.absoluteFilePath() : nameOrPath;
    QStringList recent = recentFiles();
    recent.removeAll(entry);
    recent.prepend(entry);
    QSettings().setValue(QStringLiteral("recentFiles"), recent.mid(0, 8));
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentFiles();
    for (const QString& entry : recent)
        m_recentMenu->addAction(QFileInfo(entry).fileName(), this, [this, entry] { openFile(entry); })->setToolTip(entry);
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    const QString file = urls.size() == 1 && urls.front().isLocalFile() ? urls.front().toLocalFile() : QString();
    if (file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) || file.endsWith(QLatin1String(".sqlite"), Qt::CaseInsensitive))
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
    QSettings().setValue(QStringLiteral("mainWindow/state"), saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addAction(m_startPageAction);
    file->addAction(m_importAction);
    file->addSeparator();
    file->addAction(m_exports->eventLogAction());
    file->addAction(m_exports->correlationAction());
    file->addAction(m_exports->runFileAction());
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_playAction);
    run->addAction(m_stepAction);
    run->addAction(m_runToSagaAction);
    run->addAction(m_runToTimeAction);
    run->addAction(m_resetAction);
    run->addAction(m_resetSeedAction);
    run->addSeparator();
    run->addAction(m_resimulateAction);
    run->addAction(m_timeTravelBar->continueAction());

    QMenu* faults = menuBar()->addMenu(tr("F&aults"));
    faults->addAction(m_faultsDock->failPaymentAction());
    faults->addActions(m_faultsDock->oneShotActions());

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    QAction* compare = tools->addAction(tr("&Compare Runs…"), this, [this] { compareRuns(); });
    compare->setObjectName(QStringLiteral("actionCompareRuns"));
    compare->setToolTip(tr("Two recorded runs side by side: counters, fingerprints, the first divergence, final states"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* zoomIn = view->addAction(tr("Zoom &In"), m_timeline, &TimelineView::zoomIn);
    zoomIn->setObjectName(QStringLiteral("actionZoomIn"));
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction* zoomOut = view->addAction(tr("Zoom &Out"), m_timeline, &TimelineView::zoomOut);
    zoomOut->setObjectName(QStringLiteral("actionZoomOut"));
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction* fit = view->addAction(tr("&Fit Run"), m_timeline, &TimelineView::fitAll);
    fit->setObjectName(QStringLiteral("actionFit"));
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* topics = view->addAction(tr("Show &Topic Lanes"), m_timeline, &TimelineView::setTopicLanesShown);
    topics->setObjectName(QStringLiteral("actionShowTopicLanes"));
    topics->setCheckable(true);
    topics->setToolTip(tr("A lane per topic in the timeline: events go down to their topic when published, and on from there"));
    view->addAction(m_followAction);
    view->addSeparator();
    for (const bool whole : { false, true }) {
        QAction* exportTimeline = view->addAction(whole ? tr("Export &Whole Timeline…") : tr("&Export Timeline…"));
        exportTimeline->setObjectName(whole ? QStringLiteral("actionExportWholeTimeline") : QStringLiteral("actionExportTimeline"));
        exportTimeline->setToolTip(whole ? tr("The whole run, fitted to the width, as SVG or PNG") : tr("What the timeline shows, as SVG or PNG"));
        connect(exportTimeline, &QAction::triggered, this, [this, whole] {
            QString chosen;
            const QString filters = tr("SVG (*.svg);;PNG (*.png)");
            const QString path = m_savePath ? m_savePath(filters, &chosen)
                                            : QFileDialog::getSaveFileName(this, tr("Export Timeline"), QString(), filters, &chosen);
            if (path.isEmpty())
                return;
            QString error;
            if (m_timeline->exportImage(path, whole, error))
                m_statusBar->showMessage(tr("Exported the timeline to %1").arg(QDir::toNativeSeparators(path)), 6000);
            else
                reportError(tr("The timeline could not be exported."), { error });
        });
    }
    view->addSeparator();
    view->addAction(m_sagaDock->toggleViewAction());
    view->addAction(m_architectureDock->toggleViewAction());
    view->addAction(m_faultsDock->toggleViewAction());
    view->addAction(m_breakpointsDock->toggleViewAction());
    view->addAction(m_lessonDock->toggleViewAction());
    view->addAction(m_inspectorDock->toggleViewAction());
    view->addAction(m_topicsDock->toggleViewAction());
    view->addAction(m_deadLettersDock->toggleViewAction());
    view->addAction(m_metricsDock->toggleViewAction());
    view->addAction(m_readModelsDock->toggleViewAction());
    view->addAction(m_eventStoreDock->toggleViewAction());
    view->addSeparator();
    view->addAction(m_resetLayoutAction);

    auto* help = new HelpMenu(this);
    menuBar()->addMenu(help);
    connect(help, &HelpMenu::lessonsRequested, this, &MainWindow::showStartPage);
    connect(lessonPanel(), &LessonPanel::glossaryRequested, help, &HelpMenu::showGlossary);
}

void MainWindow::compareRuns(const QString& a, const QString& b)
{
    if (!m_runComparison)
        m_runComparison = new RunComparisonView(this);
    if (!a.isEmpty() && !b.isEmpty())
        m_runComparison->compare(a, b);
    else
        m_runComparison->compareRecentRuns();
    m_runComparison->show();
    m_runComparison->raise();
    m_runComparison->activateWindow();
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Playback"));
    bar->setObjectName(QStringLiteral("playbackToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_playAction);
    bar->addAction(m_stepAction);
    bar->addAction(m_runToSagaAction);
    bar->addAction(m_resetAction);
    bar->addSeparator();

    auto* label = new QLabel(tr("Speed "), bar);
    m_speed = new QComboBox(bar);
    m_speed->setObjectName(QStringLiteral("speedCombo"));
    m_speed->setToolTip(tr("Simulated seconds per wall-clock second"));
    label->setBuddy(m_speed);
    for (double speed : PlaybackSpeed::presets())
        m_speed->addItem(PlaybackSpeed::label(speed), speed);
    m_speed->setCurrentIndex(m_speed->findData(1.0));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
        [this](int index) { m_controller->setSpeed(m_speed->itemData(index).toDouble()); });
    bar->addWidget(label);
    bar->addWidget(m_speed);
    // The lens is on for every panel: it is shown with the run's controls, not in one panel.
    bar->addSeparator();
    m_followButtonAction = bar->addWidget(m_followButton);
    m_followButtonAction->setVisible(!m_viewState->followed().isEmpty());
}

void MainWindow::createLogView()
{
    m_logView = new QTableView(m_stack);
    m_logView->setObjectName(QStringLiteral("eventLogView"));
    m_filter = new EventLogFilter(m_model, this);
    m_logView->setModel(m_filter);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setAlternatingRowColors(true);
    m_logView->setWordWrap(false);
    m_logView->setShowGrid(false);
    m_logView->setCornerButtonEnabled(false);
    m_logView->setTextElideMode(Qt::ElideMiddle);
    // Fixed row heights let the view lay out a million rows without measuring any of them.
    QHeaderView* rows = m_logView->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_logView->fontMetrics().height() + 6);

    QHeaderView* columns = m_logView->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const QFontMetrics metrics = m_logView->fontMetrics();
    const auto width = [&](const char* sample) { return metrics.horizontalAdvance(QLatin1String(sample)) + 24; };
    using Column = EventLogModel::Column;
    const std::pair<Column, int> widths[] = {
        { Column::Time, width("0000.000000 s") },
        { Column::Kind, width("instance-removed") },
        { Column::Type, width("StockReservationFailed") },
        { Column::Location, width("inventory.events[10]@00000") },
        { Column::Key, width("order-000000") },
        { Column::Consumer, width("notification#00") },
        { Column::Outcome, width("skipped-duplicate") },
    };
    for (const auto& [column, pixels] : widths)
        columns->resizeSection(static_cast<int>(column), pixels);

    // The run page: the sequence chart above the log, selections linked both ways.
    auto* page = new QSplitter(Qt::Vertical, m_stack);
    page->setObjectName(QStringLiteral("runPage"));
    m_timeline = new TimelineView(page);
    // The log with its filter bar: free text, and the "follow this saga" lens on one correlation id.
    auto* logPane = new QWidget(page);
    auto* logLayout = new QVBoxLayout(logPane);
    logLayout->setContentsMargins(0, 2, 0, 0);
    logLayout->setSpacing(2);
    auto* filterBar = new QHBoxLayout;
    m_filterEdit = new QLineEdit(logPane);
    m_filterEdit->setObjectName(QStringLiteral("logFilterEdit"));
    m_filterEdit->setPlaceholderText(tr("Filter the log: type, service, key, correlation id, kind…"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &EventLogFilter::setText);
    filterBar->addWidget(m_filterEdit);
    logLayout->addLayout(filterBar);
    m_logView->setParent(logPane);
    logLayout->addWidget(m_logView);
    page->addWidget(m_timeline);
    page->addWidget(logPane);
    page->setSizes({ 300, 300 });
    m_runPage = page;
    m_stack->addWidget(page);
    connect(m_timeline, &TimelineView::messageClicked, m_viewState, &ViewState::chooseMessage);
    connect(m_viewState, &ViewState::messageChosen, this, &MainWindow::selectMessageInLog);
    connect(m_viewState, &ViewState::selectedMessageChanged, m_timeline, &TimelineView::selectMessage);
    connect(m_viewState, &ViewState::followedChanged, m_filter, &EventLogFilter::setCorrelation);
    connect(m_viewState, &ViewState::followedChanged, m_timeline, &TimelineView::setFollowed);
    // Another moment: the log up to it, its end in view.
    connect(m_viewState, &ViewState::viewTimeChanged, this, [this](SimTime t) {
        m_model->flush();
        m_filter->setMaxTime(t);
        m_timeline->setViewTime(t);
        if (t >= 0)
            m_logView->scrollToBottom();
    });
    // Follow the tail only if the user was already looking at it, so scrolling back stays put.
    auto following = std::make_shared<bool>(true);
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this, following] {
        const QScrollBar* scroll = m_logView->verticalScrollBar();
        *following = scroll->value() >= scroll->maximum() - 1;
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this, following] {
        if (*following)
            m_logView->scrollToBottom();
    });
    connect(m_logView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        const qint64 message = current.data(EventLogModel::MessageRole).toLongLong();
        m_viewState->setSelectedMessage(message < 0 ? ViewState::kNoSelection : static_cast<std::uint32_t>(message));
    });
}

void MainWindow::createFollowActions()
{
    // Pick an order in the log (its context menu, or Ctrl+Shift+F), the timeline (an arrow's context menu),
    // the sagas (double-click) or the read models (a row's context menu): every panel follows it.
    m_followAction = new QAction(tr("&Follow This Order"), this);
    m_followAction->setObjectName(QStringLiteral("actionFollowOrder"));
    m_followAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_followAction->setToolTip(tr("Show only the selected message's correlation id in every panel"));
    connect(m_followAction, &QAction::triggered, this, [this] {
        const QString correlation = m_logView->currentIndex().data(EventLogModel::CorrelationRole).toString();
        if (!correlation.isEmpty())
            followCorrelation(correlation);
    });
    m_logView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_logView->addAction(m_followAction);
    connect(m_timeline, &TimelineView::followRequested, m_viewState, &ViewState::setFollowed);

    m_followButton = new QPushButton(this);
    m_followButton->setObjectName(QStringLiteral("followButton"));
    m_followButton->setToolTip(tr("Stop following: every panel shows everything again"));
    connect(m_followButton, &QPushButton::clicked, this, [this] { m_viewState->setFollowed({}); });
    connect(m_viewState, &ViewState::followedChanged, this, [this](const QString& correlation) {
        m_followButton->setText(tr("Following %1  ✕").arg(correlation));
        if (m_followButtonAction)
            m_followButtonAction->setVisible(!correlation.isEmpty());
    });
}

void MainWindow::followCorrelation(const QString& correlation) { m_viewState->setFollowed(correlation); }

SagaModel* MainWindow::sagaModel() const { return m_sagaDock->model(); }
ArchitectureView* MainWindow::architectureView() const { return m_architectureDock->view(); }
InspectorPanel* MainWindow::inspector() const { return m_inspectorDock->panel(); }
LessonPanel* MainWindow::lessonPanel() const { return m_lessonDock->panel(); }
TopicsView* MainWindow::topicsView() const { return m_topicsDock->view(); }
ReadModelsView* MainWindow::readModelsView() const { return m_readModelsDock->view(); }
EventStoreView* MainWindow::eventStoreView() const { return m_eventStoreDock->view(); }
TimeScrubber* MainWindow::timeScrubber() const { return m_timeTravelBar->scrubber(); }
DeadLettersView* MainWindow::deadLettersView() const { return m_deadLettersDock->view(); }
MetricsPanel* MainWindow::metricsPanel() const { return m_metricsDock->panel(); }
BreakpointsView* MainWindow::breakpointsView() const { return m_breakpointsDock->view(); }

QString MainWindow::followed() const { return m_viewState->followed(); }

void MainWindow::selectMessageInLog(std::uint32_t seq)
{
    m_model->flush(); // the message may be in rows not shown yet
    const int row = m_model->firstRowOf(seq);
    if (row < 0)
        return;
    const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return; // filtered out of the log
    m_logView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_logView->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void MainWindow::resetTimeline()
{
    QSet<QString> compensations;
    if (m_scenario)
        for (const SagaDefinition& saga : m_scenario->sagas)
            for (const SagaStep& step : saga.steps)
                if (step.compensable())
                    compensations << QString::fromStdString(step.compensation.command);
    m_timeline->reset(scenarioLanes(m_scenario ? &*m_scenario : nullptr), compensations);
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
    m_scenario = *loaded.scenario;
    rememberRecent(nameOrPath);
    m_sagaDock->setScenario(*m_scenario);
    lessonPanel()->setScenario(&*m_scenario);
    if (m_stack->currentWidget() == m_runPage)
        setDocksVisible(true); // another scenario: it may or may not have sagas
    m_controller->load(*m_scenario, seed);
    showLog();
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
    if (m_playAction->isEnabled() && !m_playAction->isChecked())
        m_playAction->trigger();
}

void MainWindow::showLog()
{
    if (!m_scenario)
        return;
    if (m_stack->currentWidget() != m_runPage)
        setDocksVisible(true);
    m_stack->setCurrentWidget(m_runPage);
    setWindowTitle(m_scenario->title.isEmpty() ? m_scenario->id : m_scenario->title);
}

void MainWindow::setSpeed(double speed)
{
    int index = m_speed->findData(speed);
    if (index < 0) {
        // Any speed from the command line is offered, in order among the presets.
        index = 0;
        while (index < m_speed->count() && m_speed->itemData(index).toDouble() < speed)
            ++index;
        m_speed->insertItem(index, PlaybackSpeed::label(speed), speed);
    }
    m_speed->setCurrentIndex(index);
    m_controller->setSpeed(speed);
}

double MainWindow::speed() const { return m_speed->currentData().toDouble(); }

void MainWindow::setErrorHandler(ErrorHandler handler) { m_errorHandler = std::move(handler); }

void MainWindow::applyBatch(const TraceBatch& batch)
{
    m_model->appendBatch(batch);
    // Paused, stepping or finished: the log shows every row now rather than at its next refresh.
    if (!m_controller->isPlaying() || (batch.hasStatus && batch.status.finished))
        m_model->flush();
    m_timeline->appendBatch(batch);
    if (batch.hasStatus)
        m_statusBar->setStatus(batch.status);
    updateActions();
}

void MainWindow::updatePlayAction(bool playing)
{
    m_playAction->setChecked(playing);
    m_playAction->setText(playing ? tr("&Pause") : tr("&Play"));
    m_playAction->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playAction->setToolTip(playing ? tr("Pause (Space)") : tr("Play (Space)"));
}

void MainWindow::updateActions()
{
    const bool hasRun = m_controller->hasRun();
    const bool reviewing = m_controller->isReviewing(); // a recorded run: nothing to play, step or inject
    const bool finished = hasRun && (m_controller->status().finished || reviewing);
    // While deliveries wait at a breakpoint nothing can move until they are decided on: Step and Run
    // Until would do nothing, so they say why instead (Play stays: the run goes on once they are).
    const bool held = !m_controller->pendingDeliveries().isEmpty();
    m_playAction->setEnabled(hasRun && !finished);
    m_stepAction->setEnabled(hasRun && !finished && !held);
    m_runToTimeAction->setEnabled(hasRun && !finished && !held);
    m_runToSagaAction->setEnabled(hasRun && !finished && !held && m_scenario && !m_scenario->sagas.empty());
    const QString heldTip = tr("Deliveries wait at a breakpoint: decide on them in the Breakpoints dock first");
    m_stepAction->setToolTip(held ? heldTip : tr("Run until the next trace record (pauses first)"));
    m_runToSagaAction->setToolTip(
        held ? heldTip : tr("Run until a saga moves: a step starts, succeeds, fails, or compensates (Ctrl+J)"));
    m_resetAction->setEnabled(hasRun && !reviewing);
    m_resetSeedAction->setEnabled(hasRun && !reviewing);
    m_speed->setEnabled(!reviewing);
    m_resimulateAction->setEnabled(reviewing && m_review.value(QLatin1String("origin")).toString() == QLatin1String("recorded"));
    m_exports->update(hasRun && m_controller->status().finished);
    const bool hasPayment = m_scenario
        && std::any_of(m_scenario->services.begin(), m_scenario->services.end(),
            [](const ServiceSpec& s) { return s.id == QLatin1String("payment") && serviceKindCanFail(s.kind); });
    m_faultsDock->failPaymentAction()->setEnabled(hasRun && !finished && hasPayment);
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
