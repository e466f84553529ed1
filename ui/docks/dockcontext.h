#pragma once

#include <QString>
#include <QStringList>
#include <functional>

class QDockWidget;

namespace eventloom {

class CourseProgress;
class EventLogModel;
class RunStatusBar;
class RunTrace;
class SimulationController;
class ViewState;
struct Scenario;
struct InjectionSpec;

/// The window's shared objects, as a dock (or the run page) may use them. Docks never reach each other:
/// they read and set the ViewState, ask the run through the controller, and tell the user through the
/// status bar and the error handler. MainWindow fills it in once and hands it to each.
struct DockContext {
    SimulationController* controller = nullptr;
    ViewState* view = nullptr;
    /// The run's trace, held once: rows and atom texts for every panel.
    RunTrace* trace = nullptr;
    /// The trace as the event log shows it.
    EventLogModel* log = nullptr;
    RunStatusBar* statusBar = nullptr;
    /// The learner's progress through the lessons, kept between sessions.
    CourseProgress* progress = nullptr;
    /// The scenario open, or null.
    std::function<const Scenario*()> scenario;
    /// Queues a fault injection as the window does: a refusal is reported, an injection said in the
    /// status bar. False if refused.
    std::function<bool(const InjectionSpec& spec)> inject;
    /// inject() for text in the `--inject` grammar (the Faults dock's free-text line, the one text a user types):
    /// parsed once, here; a parse error is reported as a refusal.
    std::function<bool(const QString& spec)> injectText;
    std::function<void(const QString& message, const QStringList& details)> reportError;
    /// Starts a new run of the open scenario with these `--set` assignments (empty: as shipped), as
    /// MainWindow::applyOverrides; false (and the loader's error reported) if a value is refused.
    std::function<bool(const QStringList& overrides)> applyOverrides;
    /// Where to save an export, given a dialog title and filters (sets the chosen filter); empty: cancelled.
    std::function<QString(const QString& title, const QString& filters, QString* chosen)> savePath;
};

/// A dock behind another's tab is still "visible" to Qt, but its panel asks for nothing while off screen
/// (RefreshThrottle::onScreen): when its tab is chosen, `refresh` lets it catch up.
void refreshWhenChosen(QDockWidget* dock, std::function<void()> refresh);

} // namespace eventloom
