#pragma once

#include "simulation/tracebatch.h"

#include <QObject>
#include <QStringList>
#include <functional>

class QAction;
class QWidget;

namespace eventloom {

/// The exports of a finished, recorded run, as File menu actions: the event log (JSON Lines, CSV,
/// CloudEvents), one correlation id as a sequence diagram (Mermaid or PlantUML) and a copy of the run
/// file itself. Each reads the run file the window recorded, on a thread of its own with a progress
/// dialog that can cancel, and writes its target atomically: it appears complete or not at all.
class RunExports final : public QObject {
    Q_OBJECT
public:
    struct Hooks {
        std::function<RunStatus()> status; ///< the run shown now
        std::function<QString()> correlation; ///< the correlation id the user is looking at, or empty
        /// Where to save, given a title and the dialog's filters; sets the chosen filter (empty: cancelled).
        std::function<QString(const QString& title, const QString& filters, QString* chosen)> savePath;
        std::function<void(const QString& message, const QStringList& details)> reportError;
        std::function<void(const QString& message)> showMessage;
    };

    RunExports(QWidget* window, Hooks hooks);

    QAction* eventLogAction() const { return m_eventLog; }
    QAction* correlationAction() const { return m_correlation; }
    QAction* runFileAction() const { return m_runFile; }
    /// Enables the actions for a finished run, while no export is running.
    void update(bool finished);

Q_SIGNALS:
    /// An export ended: its file, or an error (empty when it worked).
    void finished(const QString& path, const QString& error);

private:
    void exportEventLog();
    void exportCorrelation();
    void saveRunFile();
    /// The run file of a finished, recorded run, or empty after telling the user why not.
    QString recordedRun(const QString& what);
    using Progress = std::function<bool(std::int64_t done, std::int64_t total)>;
    /// Runs `work` (returning an error, or empty) on its own thread behind a progress dialog.
    void start(
        const QString& label, const QString& path, const QString& done, std::function<QString(const Progress&)> work);

    QWidget* m_window;
    Hooks m_hooks;
    QAction* m_eventLog = nullptr;
    QAction* m_correlation = nullptr;
    QAction* m_runFile = nullptr;
    bool m_busy = false;
    bool m_finished = false;
};

} // namespace eventloom
