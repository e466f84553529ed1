#pragma once

#include <QToolBar>
#include <cstdint>

class QAction;
class QComboBox;

namespace eventloom {

struct DockContext;
struct Scenario;
class SimulationController;

/// The Playback bar at the top, and the Run menu's actions: play or pause, step, run to the next saga
/// move or to a time, reset (with the same seed or another), the speed, and the button that lets go of
/// the order followed. The actions are enabled by what the run allows (updateActions()).
class PlaybackBar final : public QToolBar {
    Q_OBJECT
public:
    PlaybackBar(const DockContext& context, QWidget* parent);

    QAction* playAction() const { return m_play; }
    QAction* stepAction() const { return m_step; }
    QAction* runToSagaAction() const { return m_runToSaga; }
    QAction* runUntilAction() const { return m_runUntil; }
    QAction* resetAction() const { return m_reset; }
    QAction* resetSeedAction() const { return m_resetSeed; }
    /// Simulated seconds per wall second; PlaybackSpeed::kMax for as fast as possible. A speed that is
    /// not a preset is offered too, in order among them.
    void setSpeed(double speed);
    double speed() const;
    /// Enables what the run allows now: nothing to play in a finished or reviewed run, nothing to step
    /// while deliveries wait at a breakpoint.
    void updateActions(const Scenario* scenario);

Q_SIGNALS:
    /// The run is about to move on a user's command: the window shows it.
    void runRequested();
    /// Run › Reset With Seed… chose `seed`.
    void resetWithSeedRequested(std::uint64_t seed);

private:
    void updatePlayAction(bool playing);

    SimulationController* m_controller = nullptr;
    QAction* m_play = nullptr;
    QAction* m_step = nullptr;
    QAction* m_runToSaga = nullptr;
    QAction* m_runUntil = nullptr;
    QAction* m_reset = nullptr;
    QAction* m_resetSeed = nullptr;
    QComboBox* m_speed = nullptr;
};

} // namespace eventloom
