#pragma once

#include "faults/injectionspec.h"
#include "scenario/scenario.h"

#include <QJsonObject>
#include <QMainWindow>
#include <functional>
#include <optional>

class QAction;
class QMenu;
class QStackedWidget;
class QToolBar;

namespace eventloom {

class CourseProgress;
class EventLogModel;
class RunTrace;
class RunExports;
class RunPage;
class PlaybackBar;
class RunStatusBar;
class InspectorPanel;
class LessonPanel;
class MetricsPanel;
class ArchitectureView;
class SagaModel;
class TimelineView;
class TopicsView;
class ReadModelsView;
class RunComparisonView;
class EventStoreView;
class TimeScrubber;
class DeadLettersView;
class BreakpointsView;
class RunDocks;
class WindowLayouts;
struct DockContext;
class SimulationController;
class StartPage;
class ViewState;
class ReviewBanner;
struct TraceBatch;

/// The first window: a start page with the lessons, and a scenario's trace growing in a table while
/// it plays. It only assembles things: the run page, the docks (RunDocks, ui/docks/), the menus and the
/// toolbars, around the shared objects they use (SimulationController, ViewState; DockContext). The
/// run lives in SimulationController's thread.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    /// Shows an error to the user. The default is a modal QMessageBox; tests install their own.
    using ErrorHandler = std::function<void(const QString& message, const QStringList& details)>;
    /// Asks where to save an export, given the file dialog's filters; returns the path and sets the
    /// chosen filter (empty: cancelled). The default is a QFileDialog; tests install their own.
    using SavePathProvider = std::function<QString(const QString& filters, QString* chosenFilter)>;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a scenario file or shipped scenario name, paused at time 0. On failure reports why
    /// through the error handler, keeps the scenario shown before, and returns false.
    bool openFile(const QString& nameOrPath, std::optional<std::uint64_t> seed = {});
    void showStartPage();
    /// Starts playing the open scenario, as the Play action does.
    void play();
    /// Simulated seconds per wall second; PlaybackSpeed::kMax for as fast as possible.
    void setSpeed(double speed);
    double speed() const;
    void setErrorHandler(ErrorHandler handler);
    void setSavePathProvider(SavePathProvider provider) { m_savePath = std::move(provider); }

    /// The scenario that is open, if any.
    const std::optional<Scenario>& scenario() const { return m_scenario; }
    /// Queues a fault injection into the running scenario; false (and an error shown) if it cannot be.
    bool inject(const InjectionSpec& spec);
    /// inject() for text in the `--inject` grammar (the Faults dock's free-text line, the one the user types):
    /// where the window parses text, once; a parse error is shown as a refusal.
    bool inject(const QString& spec);
    /// @name The panels (each dock's, ui/docks/)
    ///@{
    SagaModel* sagaModel() const;
    TimelineView* timeline() const;
    ArchitectureView* architectureView() const;
    InspectorPanel* inspector() const;
    LessonPanel* lessonPanel() const;
    TopicsView* topicsView() const;
    ReadModelsView* readModelsView() const;
    EventStoreView* eventStoreView() const;
    TimeScrubber* timeScrubber() const;
    DeadLettersView* deadLettersView() const;
    MetricsPanel* metricsPanel() const;
    BreakpointsView* breakpointsView() const;
    ///@}
    /// The "follow this order" lens: every panel shows only what concerns one correlation id — the
    /// log its messages, the timeline their arrows, the sagas its instances, the architecture its dots,
    /// the read models its rows, a service's state what names it (empty: everything again).
    void followCorrelation(const QString& correlation);
    QString followed() const;
    /// What every panel shows: the correlation followed, the moment shown, the message selected.
    ViewState* viewState() const { return m_viewState; }

    /// Starts the open scenario again from time 0 with another seed (Run › Reset With Seed…).
    void resetWithSeed(std::uint64_t seed);
    /// Scenario Settings' Apply: a new run of the open scenario's file with these `--set PATH=VALUE`
    /// assignments (empty: as shipped), through ScenarioLoader as the CLI's `--set`, same seed. A value
    /// the loader refuses is reported and the run shown stays; false then.
    bool applyOverrides(const QStringList& overrides);
    /// The scenarios opened lately, newest first (QSettings `recentFiles`).
    QStringList recentFiles() const;

    /// @name Review mode (mainwindowreview.cpp)
    ///@{
    /// Opens a recorded or imported run file for review: every panel shows it, nothing is simulated.
    /// The file is read on the simulation thread; an error is reported when it comes back, and the
    /// run shown before stays. Returns false only when the review cannot even be asked for.
    bool openRunFile(const QString& path);
    /// Imports an event log from another system (JSON Lines, CloudEvents) into a new run file next to
    /// the recorded runs, and opens that for review (File › Import Event Log…).
    void importEventLog(const QString& path);
    /// Leaves review for the live workbench: the recorded scenario, seed and injections, loaded paused.
    void resimulateReview();
    /// The run file under review, or empty.
    QString reviewedFile() const;
    ///@}
    /// Tools › Compare Runs…: opens the comparison window on `a` and `b`, or (both empty) on the two
    /// runs the window recorded last. A "Continue from here" fork can open it on the old run and the new.
    void compareRuns(const QString& a = {}, const QString& b = {});
    /// Tools › Compare with a Variant…: asks for one setting to change (VariantDialog), then runs the open
    /// scenario (its seed, overrides and injections) and that variant headless and compares them.
    void compareWithVariant();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    DockContext dockContext();
    void setDocksVisible(bool visible);
    void createReviewMode();
    /// The Compare Runs window, created if need be, shown and raised.
    RunComparisonView* comparisonWindow();
    void startReview(const QJsonObject& info);
    /// Makes `scenario` the open one and starts its run, paused at 0, with `seed` (none: its own);
    /// `keepLessonStep`: a variant of the open scenario, whose lesson goes on where it was.
    void startScenario(const Scenario& scenario, std::optional<std::uint64_t> seed, bool keepLessonStep = false);
    /// `name` with the open scenario's overrides after it, for the window title.
    QString runTitle(const QString& name) const;

Q_SIGNALS:
    /// An export from the Export menu ended: its file, or an error.
    void exportFinished(const QString& path, const QString& error);

private:
    void openWithDialog();
    void applyBatch(const TraceBatch& batch);
    void updateActions();
    void showLog();
    void reportError(const QString& message, const QStringList& details);

    SimulationController* m_controller = nullptr;
    ViewState* m_viewState = nullptr;
    RunTrace* m_trace = nullptr;
    EventLogModel* m_model = nullptr;
    CourseProgress* m_progress = nullptr;
    QStackedWidget* m_stack = nullptr;
    StartPage* m_startPage = nullptr;
    RunComparisonView* m_runComparison = nullptr;
    RunPage* m_runPage = nullptr;
    RunStatusBar* m_statusBar = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_startPageAction = nullptr;
    QAction* m_quitAction = nullptr;
    PlaybackBar* m_playbackBar = nullptr;
    QAction* m_compareVariantAction = nullptr;
    RunDocks* m_docks = nullptr;
    WindowLayouts* m_layouts = nullptr;
    std::optional<Scenario> m_scenario;
    std::optional<std::uint64_t> m_seed; ///< the seed the run was started with (none: the scenario's)
    ErrorHandler m_errorHandler;
    SavePathProvider m_savePath;
    RunExports* m_exports = nullptr;
    // Review mode (mainwindowreview.cpp)
    QToolBar* m_reviewBar = nullptr;
    ReviewBanner* m_reviewBanner = nullptr;
    QAction* m_importAction = nullptr;
    QAction* m_resimulateAction = nullptr;
    QJsonObject m_review; ///< the run file under review (RunReview::opened), empty when not reviewing
};

} // namespace eventloom
