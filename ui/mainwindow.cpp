#include "mainwindow.h"

#include "models/eventlogmodel.h"
#include "playbackspeed.h"
#include "runstatusbar.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "simulation/simulationcontroller.h"
#include "startpage.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QToolBar>

namespace eventloom {

namespace {
    /// More than this many diagnostics go to the message box's details, so the box stays on screen.
    constexpr int kDiagnosticsShown = 8;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_controller(new SimulationController(this))
    , m_model(new EventLogModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("EventLoom"));
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
    createMenus();
    createToolBar();

    connect(m_startPage, &StartPage::lessonChosen, this, [this](const QString& path) { openFile(path); });
    connect(m_startPage, &StartPage::openFileRequested, this, &MainWindow::openWithDialog);
    connect(m_controller, &SimulationController::runStarted, this, [this] {
        m_model->clear();
        m_statusBar->clearStatus();
        updateActions();
    });
    connect(m_controller, &SimulationController::batchArrived, this, &MainWindow::applyBatch);
    connect(m_controller, &SimulationController::playingChanged, this, [this](bool playing) {
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
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    file->addAction(m_startPageAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_playAction);
    run->addAction(m_stepAction);
    run->addAction(m_resetAction);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Playback"));
    bar->setObjectName(QStringLiteral("playbackToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_playAction);
    bar->addAction(m_stepAction);
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
}

void MainWindow::createLogView()
{
    m_logView = new QTableView(m_stack);
    m_logView->setObjectName(QStringLiteral("eventLogView"));
    m_logView->setModel(m_model);
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
    m_stack->addWidget(m_logView);
}

bool MainWindow::openFile(const QString& nameOrPath, std::optional<std::uint64_t> seed)
{
    if (nameOrPath.endsWith(QLatin1String(".sqlite"), Qt::CaseInsensitive)) {
        reportError(tr("Run files (.sqlite) cannot be opened yet: they arrive with run recording."),
            { tr("For now, open a scenario (.json) and play it.") });
        return false;
    }
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
    m_controller->load(*m_scenario, seed);
    showLog();
    return true;
}

void MainWindow::openWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), QString(), tr("Scenarios (*.json)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::showStartPage()
{
    m_stack->setCurrentWidget(m_startPage);
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
    m_stack->setCurrentWidget(m_logView);
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
    // Follow the tail only if the user was already looking at it, so scrolling back stays put.
    const QScrollBar* scroll = m_logView->verticalScrollBar();
    const bool following = scroll->value() >= scroll->maximum() - 1;
    m_model->appendBatch(batch);
    if (following)
        m_logView->scrollToBottom();
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
    const bool finished = hasRun && m_controller->status().finished;
    m_playAction->setEnabled(hasRun && !finished);
    m_stepAction->setEnabled(hasRun && !finished);
    m_resetAction->setEnabled(hasRun);
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
    QString shown = details.mid(0, kDiagnosticsShown).join(QLatin1Char('\n'));
    if (details.size() > kDiagnosticsShown)
        shown += tr("\n…and %1 more (see details)").arg(details.size() - kDiagnosticsShown);
    box.setInformativeText(shown);
    if (details.size() > kDiagnosticsShown)
        box.setDetailedText(details.join(QLatin1Char('\n')));
    box.exec();
}

} // namespace eventloom
