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
#include "views/architectureview.h"
#include "views/faultspanel.h"
#include "views/inspectorpanel.h"
#include "views/lessonpanel.h"
#include "views/servicestateview.h"
#include "views/eventstoreview.h"
#include "views/readmodelsview.h"
#include "views/sagapanel.h"
#include "views/timescrubber.h"
#include "views/timelineview.h"
#include "views/topicsview.h"
#include "views/deadlettersview.h"
#include "views/breakpointsview.h"
#include "views/runcomparisonview.h"
#include "models/pendingdeliverymodel.h"

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
    createSagaDock();
    createArchitectureDock();
    createInspectorDock();
    createFaultsDock();
    createBreakpointsDock();
    createLessonDock();
    createBusDocks();
    createMetricsDock();
    createReadModelsDock();
    createEventStoreDock();
    createTimeTravelBar();
    createReviewMode();
    // A dock behind another's tab is still "visible" to Qt, but its panel asks for nothing while off
    // screen (RefreshThrottle::onScreen): when its tab is chosen, it catches up.
    const auto refreshWhenChosen = [this](QDockWidget* dock, std::function<void()> refresh) {
        connect(dock, &QDockWidget::visibilityChanged, this, [dock, refresh = std::move(refresh)](bool visible) {
            if (visible)
                QTimer::singleShot(0, dock, refresh); // once the tab's geometry is in place
        });
    };
    refreshWhenChosen(m_topicsDock, [this] { m_topicsView->runAdvanced(); });
    refreshWhenChosen(m_readModelsDock, [this] { m_readModelsView->runAdvanced(); });
    refreshWhenChosen(m_eventStoreDock, [this] { m_eventStoreView->runAdvanced(); });
    refreshWhenChosen(m_metricsDock, [this] { m_metricsPanel->redraw(); });
    refreshWhenChosen(m_architectureDock, [this] {
        m_architectureView->runAdvanced();
        m_architectureView->update();
    });
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
        m_sagaModel->clear();
        m_inspector->clear();
        m_lessonPanel->clearVerdicts();
        m_topicsView->clear();
        m_deadLettersView->clear();
        m_readModelsView->clear();
        m_timeScrubber->clear();
        m_continueAction->setEnabled(false);
        m_filter->setMaxTime(-1);
        m_faultsPanel->setScenario(m_scenario ? &*m_scenario : nullptr); // a new run starts without the old faults
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

    m_failPaymentAction = new QAction(tr("Fail Next &Payment"), this);
    m_failPaymentAction->setObjectName(QStringLiteral("actionFailNextPayment"));
    m_failPaymentAction->setToolTip(tr("The payment service declines the next charge (fail-payment,count=1)"));
    m_failPaymentAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(m_failPaymentAction, &QAction::triggered, this, [this] { inject(QStringLiteral("fail-payment,count=1")); });

    m_resetLayoutAction = new QAction(tr("Reset &Layout"), this);
    m_resetLayoutAction->setObjectName(QStringLiteral("actionResetLayout"));
    connect(m_resetLayoutAction, &QAction::triggered, this, [this] {
        restoreState(m_defaultLayout);
        setDocksVisible(m_stack->currentWidget() != m_startPage);
    });
}

void MainWindow::createSagaDock()
{
    m_sagaModel = new SagaModel(this);
    m_sagaPanel = new SagaPanel(m_sagaModel);
    // Double-click: follow this saga — the log shows its messages only.
    connect(m_sagaPanel, &SagaPanel::followRequested, m_viewState, &ViewState::setFollowed);
    connect(m_viewState, &ViewState::followedChanged, m_sagaPanel, &SagaPanel::setFollowed);
    connect(m_viewState, &ViewState::viewTimeChanged, m_sagaModel, &SagaModel::setViewTime);
    m_sagaDock = new QDockWidget(tr("Sagas"), this);
    m_sagaDock->setObjectName(QStringLiteral("sagaDock"));
    m_sagaDock->setWidget(m_sagaPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_sagaDock);
    resizeDocks({ m_sagaDock }, { 290 }, Qt::Vertical);
}

void MainWindow::createArchitectureDock()
{
    m_architectureView = new ArchitectureView;
    m_architectureView->setSpeedSource([this] { return m_speed ? speed() : 1.0; });
    m_architectureDock = new QDockWidget(tr("Architecture"), this);
    m_architectureDock->setObjectName(QStringLiteral("architectureDock"));
    m_architectureDock->setWidget(m_architectureView);
    // Wide and low, under the timeline: a tab beside the Sagas dock, in its place where there are no sagas.
    addDockWidget(Qt::BottomDockWidgetArea, m_architectureDock);
    tabifyDockWidget(m_sagaDock, m_architectureDock);
    m_sagaDock->raise();
    connect(m_controller, &SimulationController::runStarted, m_architectureView,
        [this] { m_architectureView->setScenario(m_scenario ? &*m_scenario : nullptr); });
    connect(m_controller, &SimulationController::batchArrived, m_architectureView, [this](const TraceBatch& batch) {
        m_architectureView->appendBatch(batch);
        m_architectureView->runAdvanced();
    });
    connect(m_architectureView, &ArchitectureView::stateRequested, m_controller, &SimulationController::requestBusState);
    connect(m_controller, &SimulationController::busStateReady, m_architectureView, &ArchitectureView::setBusState);
    connect(m_architectureView, &ArchitectureView::injectRequested, this, [this](const QString& spec) { inject(spec); });
    connect(m_viewState, &ViewState::followedChanged, m_architectureView, &ArchitectureView::setFollowed);
    connect(m_viewState, &ViewState::viewTimeChanged, m_architectureView, &ArchitectureView::setViewTime);
    connect(m_architectureView, &ArchitectureView::serviceActivated, this, [this](const QString& service) {
        m_inspector->showService(service);
        m_inspectorDock->show();
        m_inspectorDock->raise();
    });
}

void MainWindow::createInspectorDock()
{
    m_inspector = new InspectorPanel;
    m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    connect(m_controller, &SimulationController::inspected, this, &MainWindow::showDetails);
    connect(m_inspector, &InspectorPanel::messageActivated, m_viewState, &ViewState::chooseMessage);
    // The message selected anywhere is the one shown.
    connect(m_viewState, &ViewState::selectedMessageChanged, this, [this](std::uint32_t seq) {
        if (seq != ViewState::kNoSelection)
            m_controller->inspect(seq);
    });
    ServiceStateView* state = m_inspector->serviceState();
    connect(m_viewState, &ViewState::followedChanged, state, &ServiceStateView::setFollowed);
    connect(m_controller, &SimulationController::timeTravelled, state, [state] { state->runAdvanced(); });
    connect(state, &ServiceStateView::stateRequested, m_controller, &SimulationController::requestServiceState);
    connect(m_controller, &SimulationController::serviceStateReady, state, &ServiceStateView::setState);
    connect(m_controller, &SimulationController::batchArrived, state, [state] { state->runAdvanced(); });
}

void MainWindow::showDetails(std::uint32_t seq, const QJsonObject& details)
{
    m_model->flush(); // its deliveries may be in rows not shown yet
    std::vector<InspectorPanel::Delivery> deliveries;
    for (const int row : m_model->rowsOf(seq)) {
        const TraceRow& r = m_model->row(row);
        if (r.kind != TraceKind::Delivered && r.kind != TraceKind::Handled && r.kind != TraceKind::Redelivered)
            continue;
        const auto text = [&](EventLogModel::Column column) {
            return m_model->data(m_model->index(row, static_cast<int>(column))).toString();
        };
        deliveries.push_back({ text(EventLogModel::Column::Time), QString::fromLatin1(traceKindName(r.kind).data()),
            text(EventLogModel::Column::Consumer), r.attempt, QString::fromLatin1(outcomeName(r.outcome).data()) });
    }
    m_inspector->display(seq, details, deliveries);
}

void MainWindow::createLessonDock()
{
    m_lessonPanel = new LessonPanel;
    m_lessonDock = new QDockWidget(tr("Lesson"), this);
    m_lessonDock->setObjectName(QStringLiteral("lessonDock"));
    m_lessonDock->setWidget(m_lessonPanel);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea); // the lesson reads top to bottom: give it the whole side
    addDockWidget(Qt::LeftDockWidgetArea, m_lessonDock);
    resizeDocks({ m_lessonDock }, { 330 }, Qt::Horizontal);
    connect(m_lessonPanel, &LessonPanel::injectRequested, this, [this](const QString& spec) { inject(spec); });
    connect(m_lessonPanel, &LessonPanel::judgeRequested, m_controller, &SimulationController::judgeChecks);
    connect(m_controller, &SimulationController::judged, m_lessonPanel,
        [this](const QJsonArray& verdicts, const QJsonObject& figures, const QJsonObject& endFigures) {
        m_lessonPanel->setVerdicts(verdicts);
        m_lessonPanel->setFigures(figures);
        m_lessonPanel->setEndFigures(endFigures);
    });
    connect(m_controller, &SimulationController::batchArrived, m_lessonPanel, &LessonPanel::runAdvanced);
    connect(m_controller, &SimulationController::timeTravelled, m_lessonPanel, &LessonPanel::runAdvanced);
}

void MainWindow::createBusDocks()
{
    m_topicsView = new TopicsView;
    m_topicsDock = new QDockWidget(tr("Topics and Groups"), this);
    m_topicsDock->setObjectName(QStringLiteral("topicsDock"));
    m_topicsDock->setWidget(m_topicsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_topicsDock);
    m_deadLettersView = new DeadLettersView;
    m_deadLettersDock = new QDockWidget(tr("Dead Letters"), this);
    m_deadLettersDock->setObjectName(QStringLiteral("deadLettersDock"));
    m_deadLettersDock->setWidget(m_deadLettersView);
    addDockWidget(Qt::BottomDockWidgetArea, m_deadLettersDock);
    splitDockWidget(m_topicsDock, m_deadLettersDock, Qt::Horizontal);
    connect(m_topicsView, &TopicsView::stateRequested, m_controller, &SimulationController::requestBusState);
    connect(m_deadLettersView, &DeadLettersView::stateRequested, m_controller, &SimulationController::requestBusState);
    connect(m_controller, &SimulationController::busStateReady, m_topicsView, &TopicsView::setState);
    connect(m_controller, &SimulationController::busStateReady, m_deadLettersView, &DeadLettersView::setState);
    connect(m_controller, &SimulationController::batchArrived, m_topicsView, &TopicsView::runAdvanced);
    connect(m_controller, &SimulationController::batchArrived, m_deadLettersView, &DeadLettersView::runAdvanced);
    // At another moment the state asked for is another one: ask again.
    connect(m_controller, &SimulationController::timeTravelled, m_topicsView, &TopicsView::runAdvanced);
    connect(m_controller, &SimulationController::timeTravelled, m_deadLettersView, &DeadLettersView::runAdvanced);
    connect(m_viewState, &ViewState::followedChanged, m_deadLettersView, &DeadLettersView::setFollowed);
    connect(m_deadLettersView, &DeadLettersView::republishRequested, this, [this](const QString& spec) { inject(spec); });
    connect(m_topicsView, &TopicsView::resetOffsetRequested, this, [this](const QString& spec) { inject(spec); });
    connect(m_controller, &SimulationController::batchArrived, m_topicsView, [this](const TraceBatch& batch) {
        if (batch.hasStatus)
            m_topicsView->setCurrentTime(batch.status.now);
    });
}

void MainWindow::createReadModelsDock()
{
    m_readModelsView = new ReadModelsView;
    m_readModelsDock = new QDockWidget(tr("Read Models"), this);
    m_readModelsDock->setObjectName(QStringLiteral("readModelsDock"));
    m_readModelsDock->setWidget(m_readModelsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_readModelsDock);
    tabifyDockWidget(m_topicsDock, m_readModelsDock);
    m_topicsDock->raise();
    connect(m_readModelsView, &ReadModelsView::stateRequested, m_controller, &SimulationController::requestReadModels);
    connect(m_controller, &SimulationController::readModelsReady, m_readModelsView, &ReadModelsView::setState);
    connect(m_controller, &SimulationController::batchArrived, m_readModelsView, &ReadModelsView::runAdvanced);
    connect(m_controller, &SimulationController::timeTravelled, m_readModelsView, &ReadModelsView::runAdvanced);
    connect(m_readModelsView, &ReadModelsView::followRequested, m_viewState, &ViewState::setFollowed);
    connect(m_viewState, &ViewState::followedChanged, m_readModelsView, &ReadModelsView::setFollowed);
}

void MainWindow::createEventStoreDock()
{
    m_eventStoreView = new EventStoreView;
    m_eventStoreDock = new QDockWidget(tr("Event Store"), this);
    m_eventStoreDock->setObjectName(QStringLiteral("eventStoreDock"));
    m_eventStoreDock->setWidget(m_eventStoreView);
    // A tab beside Topics and Groups and the Read Models: the bottom area keeps its height for the timeline.
    addDockWidget(Qt::BottomDockWidgetArea, m_eventStoreDock);
    tabifyDockWidget(m_topicsDock, m_eventStoreDock);
    m_topicsDock->raise();
    connect(m_eventStoreView, &EventStoreView::stateRequested, m_controller, &SimulationController::requestEventStore);
    connect(m_controller, &SimulationController::eventStoreReady, m_eventStoreView, &EventStoreView::setState);
    connect(m_controller, &SimulationController::batchArrived, m_eventStoreView, &EventStoreView::runAdvanced);
    connect(m_controller, &SimulationController::runStarted, m_eventStoreView, &EventStoreView::clear);
    connect(m_controller, &SimulationController::timeTravelled, m_eventStoreView, &EventStoreView::runAdvanced);
    connect(m_viewState, &ViewState::followedChanged, m_eventStoreView, &EventStoreView::followCorrelation);
    // An event's message: chosen in the log, so the Inspector shows it too.
    connect(m_eventStoreView, &EventStoreView::messageChosen, m_viewState, &ViewState::chooseMessage);
    // Three panes side by side: room for them the first time its tab is chosen, then what the user gives it.
    connect(m_eventStoreDock, &QDockWidget::visibilityChanged, this, [this, sized = std::make_shared<bool>(false)](bool visible) {
        if (!visible || *sized)
            return;
        QTimer::singleShot(0, this, [this, sized] { // once the tab's geometry is in place
            if (*sized || !RefreshThrottle::onScreen(m_eventStoreView))
                return;
            *sized = true;
            resizeDocks({ m_eventStoreDock }, { std::max(760, width() / 2) }, Qt::Horizontal);
            resizeDocks({ m_eventStoreDock }, { 300 }, Qt::Vertical);
        });
    });
}

void MainWindow::createMetricsDock()
{
    m_metricsPanel = new MetricsPanel;
    m_metricsDock = new QDockWidget(tr("Metrics"), this);
    m_metricsDock->setObjectName(QStringLiteral("metricsDock"));
    m_metricsDock->setWidget(m_metricsPanel);
    // A tab beside the Topics and Groups dock: the bottom area keeps its height for the timeline.
    addDockWidget(Qt::BottomDockWidgetArea, m_metricsDock);
    tabifyDockWidget(m_topicsDock, m_metricsDock);
    m_topicsDock->raise();
    connect(m_controller, &SimulationController::runStarted, m_metricsPanel, &MetricsPanel::clear);
    connect(m_controller, &SimulationController::batchArrived, m_metricsPanel, &MetricsPanel::appendBatch);
    connect(m_viewState, &ViewState::viewTimeChanged, m_metricsPanel, &MetricsPanel::setViewTime);
}

void MainWindow::createTimeTravelBar()
{
    // Under the panels, the width of the window, like a player's position bar.
    m_timeScrubber = new TimeScrubber;
    auto* bar = new QToolBar(tr("Time Travel"), this);
    bar->setObjectName(QStringLiteral("timeTravelToolBar"));
    bar->addWidget(m_timeScrubber);
    // A fork of the run at the moment shown, to try other injections from there; the old run stays
    // in the run archive for comparison.
    m_continueAction = bar->addAction(tr("Continue from Here"));
    m_continueAction->setObjectName(QStringLiteral("actionContinueFromHere"));
    m_continueAction->setToolTip(tr("Start a new run that is this one up to the moment shown, paused there, "
                                    "to try other injections; this run stays recorded for comparison"));
    m_continueAction->setEnabled(false);
    connect(m_continueAction, &QAction::triggered, this, [this] {
        const SimTime t = m_controller->viewTime();
        if (!m_controller->continueFromHere())
            return;
        m_statusBar->showMessage(tr("A new run, the old one up to %1 s: inject something else and play. "
                                    "The old run is kept in the run archive.")
                                     .arg(EventLogModel::formatTime(t).trimmed()),
            10000);
    });
    addToolBar(Qt::BottomToolBarArea, bar);
    connect(m_timeScrubber, &TimeScrubber::seekRequested, m_controller, &SimulationController::seek);
    connect(m_viewState, &ViewState::viewTimeChanged, m_timeScrubber, &TimeScrubber::setViewTime);
    // The engine's answers are about `t` now: the panels show it, and the status bar says so.
    connect(m_controller, &SimulationController::timeTravelled, this, [this](SimTime t) {
        m_viewState->setViewTime(t);
        m_continueAction->setEnabled(t >= 0 && !m_controller->isReviewing()); // review has no engine to fork
        if (t >= 0)
            m_statusBar->showMessage(tr("Time travel: the panels show %1 s").arg(EventLogModel::formatTime(t).trimmed()));
        else
            m_statusBar->clearMessage();
    });
}

void MainWindow::createFaultsDock()
{
    m_faultsPanel = new FaultsPanel(m_failPaymentAction, [this](const QString& spec) { return inject(spec); });
    m_faultsDock = new QDockWidget(tr("Faults"), this);
    m_faultsDock->setObjectName(QStringLiteral("faultsDock"));
    // The controls scroll rather than squeeze the inspector above them.
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(m_faultsPanel);
    // As wide as the controls need, so the dock area does not shrink below them.
    scroll->setMinimumWidth(m_faultsPanel->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    m_faultsDock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, m_faultsDock);
    splitDockWidget(m_inspectorDock, m_faultsDock, Qt::Vertical);
    resizeDocks({ m_inspectorDock, m_faultsDock }, { 400, 250 }, Qt::Vertical);
}

void MainWindow::createBreakpointsDock()
{
    m_breakpointsView = new BreakpointsView;
    m_breakpointsDock = new QDockWidget(tr("Breakpoints"), this);
    m_breakpointsDock->setObjectName(QStringLiteral("breakpointsDock"));
    m_breakpointsDock->setWidget(m_breakpointsView);
    addDockWidget(Qt::RightDockWidgetArea, m_breakpointsDock);
    tabifyDockWidget(m_faultsDock, m_breakpointsDock);
    m_faultsDock->raise();
    // Each choice is an injection (break, unbreak, resolve): traced, recorded, replayed.
    connect(m_breakpointsView, &BreakpointsView::breakpointChanged, this, [this](const QString& service, bool on) {
        if (const QString error = m_controller->setBreakpoint(service, on); !error.isEmpty())
            reportError(tr("The breakpoint could not be set."), { error });
    });
    connect(m_breakpointsView, &BreakpointsView::resolveRequested, this,
        [this](const PendingDeliveryInfo& delivery, const QString& choice, SimTime delay) {
            if (const QString error = m_controller->resolveDelivery(delivery, choice, 1, delay); !error.isEmpty())
                reportError(tr("The delivery could not be decided on."), { error });
        });
    connect(m_controller, &SimulationController::runStarted, this,
        [this] { m_breakpointsView->setScenario(m_scenario ? &*m_scenario : nullptr); }); // a new run has no breakpoint
    connect(m_controller, &SimulationController::pendingDeliveriesChanged, this, [this](const PendingDeliveries& pending) {
        const bool wasHeld = m_breakpointsView->model()->rowCount() > 0;
        m_breakpointsView->setPending(pending);
        const QString prefix = tr("Paused at a breakpoint");
        if (!pending.isEmpty()) {
            m_statusBar->showMessage(pending.size() == 1 ? tr("%1: 1 delivery waiting").arg(prefix)
                                                         : tr("%1: %2 deliveries waiting").arg(prefix).arg(pending.size()));
            if (!wasHeld && m_breakpointsDock->isVisible())
                m_breakpointsDock->raise(); // the run stopped here: show why
        } else if (m_statusBar->currentMessage().startsWith(prefix)) {
            m_statusBar->clearMessage();
        }
        updateActions(); // Step and Run Until wait for the held deliveries too
    });
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
    // The saga dock only for scenarios that have sagas: elsewhere the room goes to the timeline.
    m_sagaDock->setVisible(visible && m_scenario && !m_scenario->sagas.empty());
    m_architectureDock->setVisible(visible);
    QDockWidget* architectureTab = m_architectureDock->isVisible() ? m_architectureDock : m_sagaDock;
    if (architectureTab->isVisible() && !m_architectureSized) {
        m_architectureSized = true; // a diagram of up to nine columns: about half the width, once
        resizeDocks({ architectureTab }, { std::max(560, width() * 45 / 100) }, Qt::Horizontal);
    }
    m_faultsDock->setVisible(visible);
    m_breakpointsDock->setVisible(visible);
    m_inspectorDock->setVisible(visible);
    m_lessonDock->setVisible(visible && m_scenario && (m_scenario->lesson || !m_scenario->checks.empty()));
    m_topicsDock->setVisible(visible);
    m_metricsDock->setVisible(visible);
    // Dead letters only where a subscription dead-letters: elsewhere nothing can arrive there.
    const bool canDeadLetter = m_scenario && std::any_of(m_scenario->services.begin(), m_scenario->services.end(), [](const ServiceSpec& s) {
        return std::any_of(s.subscriptions.begin(), s.subscriptions.end(),
            [](const SubscriptionSpec& sub) { return sub.policy.onFailure == OnFailure::DeadLetter; });
    });
    m_deadLettersDock->setVisible(visible && canDeadLetter);
    // Read models only where the scenario has some; the Topics tab stays in front of its neighbours.
    m_readModelsDock->setVisible(visible && m_scenario
        && std::any_of(m_scenario->services.begin(), m_scenario->services.end(),
            [](const ServiceSpec& s) { return s.kind == QLatin1String("read-model"); }));
    // The event store only where a service keeps one: the order service, or a saga coordinator.
    m_eventStoreDock->setVisible(visible && m_scenario
        && (std::any_of(m_scenario->services.begin(), m_scenario->services.end(),
                [](const ServiceSpec& s) { return s.kind == QLatin1String("order"); })
            || std::any_of(m_scenario->sagas.begin(), m_scenario->sagas.end(),
                [](const SagaDefinition& s) { return s.style == SagaDefinition::Style::Orchestration; })));
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
    run->addAction(m_continueAction);

    QMenu* faults = menuBar()->addMenu(tr("F&aults"));
    faults->addAction(m_failPaymentAction);
    faults->addActions(m_faultsPanel->oneShotActions());

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
    connect(m_lessonPanel, &LessonPanel::glossaryRequested, help, &HelpMenu::showGlossary);
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
    QStringList lanes;
    QSet<QString> compensations;
    if (m_scenario) {
        lanes << QStringLiteral("workload");
        for (const ServiceSpec& service : m_scenario->services)
            lanes << service.id;
        for (const SagaDefinition& saga : m_scenario->sagas) {
            if (saga.style == SagaDefinition::Style::Orchestration)
                lanes << QString::fromStdString(saga.coordinator);
            for (const SagaStep& step : saga.steps)
                if (step.compensable())
                    compensations << QString::fromStdString(step.compensation.command);
        }
    }
    m_timeline->reset(lanes, compensations);
    m_inspector->serviceState()->setServices(lanes);
    m_inspector->serviceState()->runAdvanced(); // a new run: the state shown starts again
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
    m_sagaModel->setDefinitions(m_scenario->sagas);
    m_lessonPanel->setScenario(&*m_scenario);
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
    m_sagaModel->appendBatch(batch);
    m_timeline->appendBatch(batch);
    if (batch.hasStatus) {
        m_statusBar->setStatus(batch.status);
        m_timeScrubber->setRunTime(batch.status.now);
    }
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
    m_failPaymentAction->setEnabled(hasRun && !finished && hasPayment);
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
