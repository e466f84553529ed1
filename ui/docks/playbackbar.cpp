#include "playbackbar.h"

#include "dockcontext.h"
#include "playbackspeed.h"
#include "scenario/scenario.h"
#include "simulation/simulationcontroller.h"
#include "viewstate.h"

#include <QAction>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <algorithm>

namespace eventloom {

PlaybackBar::PlaybackBar(const DockContext& context, QWidget* parent)
    : QToolBar(tr("Playback"), parent)
    , m_controller(context.controller)
{
    setObjectName(QStringLiteral("playbackToolBar"));
    setMovable(false);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_play = new QAction(this);
    m_play->setObjectName(QStringLiteral("actionPlay"));
    m_play->setCheckable(true);
    m_play->setShortcut(Qt::Key_Space);
    // Space must reach the action even while the table has focus.
    m_play->setShortcutContext(Qt::WindowShortcut);
    connect(m_play, &QAction::triggered, this, [this](bool play) {
        Q_EMIT runRequested();
        play ? m_controller->play() : m_controller->pause();
    });
    updatePlayAction(false);
    connect(m_controller, &SimulationController::playingChanged, this, &PlaybackBar::updatePlayAction);

    m_step = new QAction(style()->standardIcon(QStyle::SP_MediaSkipForward), tr("S&tep"), this);
    m_step->setObjectName(QStringLiteral("actionStep"));
    m_step->setToolTip(tr("Run until the next trace record (pauses first)"));
    m_step->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Right));
    connect(m_step, &QAction::triggered, this, [this] {
        Q_EMIT runRequested();
        m_controller->step();
    });

    m_reset = new QAction(style()->standardIcon(QStyle::SP_MediaSkipBackward), tr("&Reset"), this);
    m_reset->setObjectName(QStringLiteral("actionReset"));
    m_reset->setToolTip(tr("Start the run again from time 0 with the same seed"));
    m_reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_reset, &QAction::triggered, m_controller, &SimulationController::reset);

    m_runToSaga = new QAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Next &Saga Step"), this);
    m_runToSaga->setObjectName(QStringLiteral("actionNextSagaStep"));
    m_runToSaga->setToolTip(tr("Run until a saga moves: a step starts, succeeds, fails, or compensates (Ctrl+J)"));
    m_runToSaga->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    connect(m_runToSaga, &QAction::triggered, this, [this] {
        Q_EMIT runRequested();
        m_controller->runToNextSagaMove();
    });

    m_runUntil = new QAction(tr("Run &Until…"), this);
    m_runUntil->setObjectName(QStringLiteral("actionRunUntil"));
    m_runUntil->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    connect(m_runUntil, &QAction::triggered, this, [this] {
        bool ok = false;
        const double now = static_cast<double>(m_controller->status().now) / 1e6;
        const double seconds = QInputDialog::getDouble(
            parentWidget(), tr("Run Until"), tr("Simulated time (s):"), now + 1.0, now, 1e7, 3, &ok);
        if (ok) {
            Q_EMIT runRequested();
            m_controller->runTo(static_cast<SimTime>(seconds * 1e6));
        }
    });

    m_resetSeed = new QAction(tr("Reset With &Seed…"), this);
    m_resetSeed->setObjectName(QStringLiteral("actionResetWithSeed"));
    m_resetSeed->setToolTip(tr("Start again from time 0 with another seed: the same scenario, other random draws"));
    m_resetSeed->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_resetSeed, &QAction::triggered, this, [this] {
        bool ok = false;
        const int seed = QInputDialog::getInt(parentWidget(), tr("Reset With Seed"), tr("Seed:"),
            static_cast<int>(std::min<std::uint64_t>(m_controller->status().seed + 1, 2'000'000'000)), 0, 2'000'000'000,
            1, &ok);
        if (ok)
            Q_EMIT resetWithSeedRequested(static_cast<std::uint64_t>(seed));
    });

    addAction(m_play);
    addAction(m_step);
    addAction(m_runToSaga);
    addAction(m_reset);
    addSeparator();
    auto* label = new QLabel(tr("Speed "), this);
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("speedCombo"));
    m_speed->setToolTip(tr("Simulated seconds per wall-clock second"));
    label->setBuddy(m_speed);
    for (double speed : PlaybackSpeed::presets())
        m_speed->addItem(PlaybackSpeed::label(speed), speed);
    m_speed->setCurrentIndex(m_speed->findData(1.0));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
        [this](int index) { m_controller->setSpeed(m_speed->itemData(index).toDouble()); });
    addWidget(label);
    addWidget(m_speed);

    // The lens is on for every panel: it is shown with the run's controls, not in one panel.
    addSeparator();
    auto* followButton = new QPushButton(parent);
    followButton->setObjectName(QStringLiteral("followButton"));
    followButton->setToolTip(tr("Stop following: every panel shows everything again"));
    connect(followButton, &QPushButton::clicked, context.view, [view = context.view] { view->setFollowed({}); });
    QAction* followButtonAction = addWidget(followButton);
    followButtonAction->setVisible(!context.view->followed().isEmpty());
    connect(context.view, &ViewState::followedChanged, this,
        [followButton, followButtonAction](const QString& correlation) {
            followButton->setText(tr("Following %1  ✕").arg(correlation));
            followButtonAction->setVisible(!correlation.isEmpty());
        });
}

void PlaybackBar::setSpeed(double speed)
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

double PlaybackBar::speed() const
{
    return m_speed->currentData().toDouble();
}

void PlaybackBar::updatePlayAction(bool playing)
{
    m_play->setChecked(playing);
    m_play->setText(playing ? tr("&Pause") : tr("&Play"));
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setToolTip(playing ? tr("Pause (Space)") : tr("Play (Space)"));
}

void PlaybackBar::updateActions(const Scenario* scenario)
{
    const bool hasRun = m_controller->hasRun();
    const bool reviewing = m_controller->isReviewing(); // a recorded run: nothing to play, step or inject
    const bool finished = hasRun && (m_controller->status().finished || reviewing);
    // While deliveries wait at a breakpoint nothing can move until they are decided on: Step and Run
    // Until would do nothing, so they say why instead (Play stays: the run goes on once they are).
    const bool held = !m_controller->pendingDeliveries().isEmpty();
    m_play->setEnabled(hasRun && !finished);
    m_step->setEnabled(hasRun && !finished && !held);
    m_runUntil->setEnabled(hasRun && !finished && !held);
    m_runToSaga->setEnabled(hasRun && !finished && !held && scenario && !scenario->sagas.empty());
    const QString heldTip = tr("Deliveries wait at a breakpoint: decide on them in the Breakpoints dock first");
    m_step->setToolTip(held ? heldTip : tr("Run until the next trace record (pauses first)"));
    m_runToSaga->setToolTip(
        held ? heldTip : tr("Run until a saga moves: a step starts, succeeds, fails, or compensates (Ctrl+J)"));
    m_reset->setEnabled(hasRun && !reviewing);
    m_resetSeed->setEnabled(hasRun && !reviewing);
    m_speed->setEnabled(!reviewing);
}

} // namespace eventloom
