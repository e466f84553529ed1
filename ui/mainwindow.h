#pragma once

#include "scenario/scenario.h"

#include <QMainWindow>
#include <functional>
#include <optional>

class QAction;
class QComboBox;
class QStackedWidget;
class QTableView;

namespace eventloom {

class EventLogModel;
class RunStatusBar;
class SimulationController;
class StartPage;
struct TraceBatch;

/// The first window: a start page with the lessons, and a scenario's trace growing in a table while
/// it plays. It only wires things together; the run lives in SimulationController's thread.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    /// Shows an error to the user. The default is a modal QMessageBox; tests install their own.
    using ErrorHandler = std::function<void(const QString& message, const QStringList& details)>;

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

    /// The scenario that is open, if any.
    const std::optional<Scenario>& scenario() const { return m_scenario; }

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createLogView();
    void openWithDialog();
    void applyBatch(const TraceBatch& batch);
    void updateActions();
    void updatePlayAction(bool playing);
    void showLog();
    void reportError(const QString& message, const QStringList& details);

    SimulationController* m_controller = nullptr;
    EventLogModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    StartPage* m_startPage = nullptr;
    QTableView* m_logView = nullptr;
    RunStatusBar* m_statusBar = nullptr;
    QComboBox* m_speed = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_startPageAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_playAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_resetAction = nullptr;
    std::optional<Scenario> m_scenario;
    ErrorHandler m_errorHandler;
};

} // namespace eventloom
