#pragma once

#include "base/simtime.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QSlider;
class QToolButton;

namespace eventloom {

/// The time-travel scrubber: one slider over the run's simulated time so far. Dragging it asks for the
/// system as it was at that moment (seekRequested, at most every 100 ms while dragging, and once more
/// where it stops); "Live" comes back to the run as it is. While the run goes on and nobody is
/// scrubbing, the slider follows the run's end.
class TimeScrubber final : public QWidget {
    Q_OBJECT
public:
    explicit TimeScrubber(QWidget* parent = nullptr);

    /// The run's current time: the slider's range.
    void setRunTime(SimTime now);
    /// The time the panels show (-1: the present), as the engine confirmed it.
    void setViewTime(SimTime t);
    SimTime viewTime() const { return m_viewTime; }
    /// Moves the slider to `t` as a user would (and asks for it).
    void scrubTo(SimTime t);
    QSlider* slider() const { return m_slider; }
    void clear();

Q_SIGNALS:
    /// Show the system at `t` (-1: as it is now).
    void seekRequested(eventloom::SimTime t);

private:
    SimTime timeAt(int value) const;
    int valueAt(SimTime t) const;
    void updateLabel();

    static constexpr int kSteps = 10'000;
    QSlider* m_slider = nullptr;
    QLabel* m_label = nullptr;
    QToolButton* m_live = nullptr;
    QTimer m_throttle;
    SimTime m_runTime = 0;
    SimTime m_viewTime = -1;
    SimTime m_wanted = -1; ///< the time last asked for while the throttle ran
    bool m_pending = false;
};

} // namespace eventloom
