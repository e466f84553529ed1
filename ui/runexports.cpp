#include "runexports.h"

#include "export/runexporter.h"
#include "record/runfilecopy.h"

#include <QAction>
#include <QDir>
#include <QPointer>
#include <QProgressDialog>
#include <QThread>
#include <QWidget>
#include <atomic>
#include <memory>

namespace eventloom {

namespace {
using Progress = std::function<bool(std::int64_t done, std::int64_t total)>;

/// The work of exporting the run file at `runFile` to `path`, for RunExports::start().
std::function<QString(const Progress&)> exportJob(
    const QString& runFile, const QString& path, const RunExporter::Options& options)
{
    return [runFile, path, options](const Progress& progress) {
        RunFile run;
        QString error;
        if (!run.open(runFile, error))
            return error;
        RunExporter::Options withProgress = options;
        withProgress.progress = progress;
        const RunExporter::Result result = RunExporter::exportRun(run, path, withProgress);
        return result.ok ? QString() : result.error;
    };
}
}

RunExports::RunExports(QWidget* window, Hooks hooks)
    : QObject(window)
    , m_window(window)
    , m_hooks(std::move(hooks))
{
    m_eventLog = new QAction(tr("&Export Event Log…"), this);
    m_eventLog->setObjectName(QStringLiteral("actionExportEventLog"));
    m_eventLog->setToolTip(tr("Write the finished run's trace as JSON Lines, CSV or CloudEvents"));
    m_eventLog->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_eventLog, &QAction::triggered, this, &RunExports::exportEventLog);

    m_correlation = new QAction(tr("Export &Correlation as Sequence Diagram…"), this);
    m_correlation->setObjectName(QStringLiteral("actionExportCorrelation"));
    m_correlation->setToolTip(
        tr("The selected message's order (its correlation id) as a Mermaid or PlantUML sequence diagram"));
    connect(m_correlation, &QAction::triggered, this, &RunExports::exportCorrelation);

    m_runFile = new QAction(tr("Save &Run File As…"), this);
    m_runFile->setObjectName(QStringLiteral("actionSaveRunFile"));
    m_runFile->setToolTip(tr("A copy of the recorded run (SQLite), for eventloom-cli replay, export or a colleague"));
    connect(m_runFile, &QAction::triggered, this, &RunExports::saveRunFile);
    update(false);
}

void RunExports::update(bool finished)
{
    m_finished = finished;
    for (QAction* action : { m_eventLog, m_correlation, m_runFile })
        action->setEnabled(finished && !m_busy);
}

QString RunExports::recordedRun(const QString& what)
{
    const RunStatus status = m_hooks.status();
    if (!status.finished) {
        m_hooks.reportError(tr("Export %1 once the run has finished.").arg(what),
            { tr("Play it to the end (or to its time limit) first.") });
        return {};
    }
    if (status.runFile.isEmpty())
        m_hooks.reportError(tr("This run was not recorded, so there is nothing to export."),
            { tr("Recording is off or stopped (see the status bar); `eventloom-cli run … --record FILE` records "
                 "without the window.") });
    return status.runFile;
}

void RunExports::exportEventLog()
{
    const QString runFile = recordedRun(tr("the event log"));
    if (runFile.isEmpty())
        return;
    const QString jsonl = tr("JSON Lines (*.jsonl)");
    const QString csv = tr("CSV (*.csv)");
    const QString cloudEvents = tr("CloudEvents batch (*.json)");
    QString chosen = jsonl;
    const QString path = m_hooks.savePath(
        tr("Export Event Log"), QStringList { jsonl, csv, cloudEvents }.join(QStringLiteral(";;")), &chosen);
    if (path.isEmpty())
        return;
    RunExporter::Options options;
    options.format = chosen == csv ? ExportFormat::Csv
        : chosen == cloudEvents    ? ExportFormat::CloudEvents
                                   : ExportFormat::Jsonl;
    start(tr("Exporting the event log…"), path, tr("Exported the event log to %1"), exportJob(runFile, path, options));
}

void RunExports::exportCorrelation()
{
    const QString runFile = recordedRun(tr("a correlation"));
    if (runFile.isEmpty())
        return;
    const QString correlation = m_hooks.correlation();
    if (correlation.isEmpty()) {
        m_hooks.reportError(tr("Select a message of the order to export first."),
            { tr("The diagram shows one correlation id: select a message in the Event Log or the Timeline, or follow a "
                 "saga.") });
        return;
    }
    const QString mermaid = tr("Mermaid (*.mmd)");
    const QString plantUml = tr("PlantUML (*.puml)");
    QString chosen = mermaid;
    const QString path = m_hooks.savePath(
        tr("Export %1 as a Sequence Diagram").arg(correlation), mermaid + QStringLiteral(";;") + plantUml, &chosen);
    if (path.isEmpty())
        return;
    RunExporter::Options options;
    options.format
        = chosen == plantUml || path.endsWith(QLatin1String(".puml")) ? ExportFormat::PlantUml : ExportFormat::Mermaid;
    options.correlation = correlation;
    start(tr("Exporting %1…").arg(correlation), path, tr("Exported %1 to %2").arg(correlation, QStringLiteral("%1")),
        exportJob(runFile, path, options));
}

void RunExports::saveRunFile()
{
    const QString runFile = recordedRun(tr("the run file"));
    if (runFile.isEmpty())
        return;
    QString chosen;
    const QString path = m_hooks.savePath(tr("Save Run File As"), tr("EventLoom run (*.sqlite)"), &chosen);
    if (path.isEmpty())
        return;
    start(tr("Saving the run file…"), path, tr("Saved the run file as %1"), [runFile, path](const Progress& progress) {
        QString error;
        return RunFileCopy::copy(runFile, path, error, progress) ? QString() : error;
    });
}

void RunExports::start(
    const QString& label, const QString& path, const QString& done, std::function<QString(const Progress&)> work)
{
    // The window stays responsive and the user may cancel (the target is then left as it was).
    auto* dialog = new QProgressDialog(label, tr("Cancel"), 0, 1000, m_window);
    dialog->setObjectName(QStringLiteral("exportProgress"));
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(500);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    connect(dialog, &QProgressDialog::canceled, this, [cancelled] { *cancelled = true; });
    QPointer<QProgressDialog> guard(dialog);
    const Progress progress = [this, guard, cancelled](std::int64_t doneCount, std::int64_t total) {
        const int permille = total > 0 ? static_cast<int>(doneCount * 1000 / total) : 0;
        QMetaObject::invokeMethod(
            this,
            [guard, permille] {
                if (guard)
                    guard->setValue(permille);
            },
            Qt::QueuedConnection);
        return !cancelled->load();
    };
    m_busy = true;
    update(m_finished);
    QThread* worker = QThread::create([this, path, done, work = std::move(work), progress] {
        const QString error = work(progress);
        QMetaObject::invokeMethod(
            this,
            [this, path, done, error] {
                m_busy = false;
                update(m_finished);
                if (error.isEmpty())
                    m_hooks.showMessage(done.arg(QDir::toNativeSeparators(path)));
                else
                    m_hooks.reportError(tr("The export did not finish."), { error });
                Q_EMIT finished(path, error);
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, dialog, &QObject::deleteLater);
    worker->start();
}

} // namespace eventloom
