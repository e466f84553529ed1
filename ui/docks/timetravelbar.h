#pragma once

#include <QToolBar>

class QAction;

namespace eventloom {

struct DockContext;
class TimeScrubber;

/// The Time Travel bar, under the panels the width of the window like a player's position bar: the
/// scrubber that moves the moment shown, and "Continue from Here". It sets ViewState's moment when the
/// run confirms one (SimulationController::timeTravelled).
class TimeTravelBar final : public QToolBar {
    Q_OBJECT
public:
    TimeTravelBar(const DockContext& context, QWidget* parent);

    TimeScrubber* scrubber() const { return m_scrubber; }
    /// Run › Continue from Here: enabled while a live run is shown at a past moment.
    QAction* continueAction() const { return m_continue; }

private:
    TimeScrubber* m_scrubber = nullptr;
    QAction* m_continue = nullptr;
};

} // namespace eventloom
