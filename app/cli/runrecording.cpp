#include "runrecording.h"

#include "export/runexporter.h"
#include "record/runfileschema.h"
#include "sim/simulation.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace eventloom::cli {

bool RunRecording::prepare(const CliArgs& a, Io io)
{
    m_recordPath = a.value(QStringLiteral("record"));
    m_exportPath = a.value(QStringLiteral("export"));
    m_format = a.value(QStringLiteral("format"));
    if (a.has(QStringLiteral("export")) != a.has(QStringLiteral("format"))) {
        io.err << "eventloom-cli run: --export FILE and --format jsonl|csv|cloudevents go together\n";
        return false;
    }
    if (a.has(QStringLiteral("export"))) {
        const auto format = exportFormatFromName(m_format);
        if (!format || *format == ExportFormat::Mermaid || *format == ExportFormat::PlantUml) {
            io.err << "eventloom-cli run: --format expects jsonl, csv or cloudevents, got '" << m_format
                   << "' (sequence diagrams: eventloom-cli export RUN.sqlite --format mermaid --correlation ID)\n";
            return false;
        }
    }
    if (!m_recordPath.isEmpty() && !m_exportPath.isEmpty()
        && QFileInfo(m_recordPath).absoluteFilePath() == QFileInfo(m_exportPath).absoluteFilePath()) {
        io.err << "eventloom-cli run: --record and --export name the same file\n";
        return false;
    }
    if (a.has(QStringLiteral("record")) && m_recordPath.isEmpty()) {
        io.err << "eventloom-cli run: --record expects a file name\n";
        return false;
    }
    if (!m_recordPath.isEmpty() && QFileInfo::exists(m_recordPath)) {
        // Replacing a run file is fine; anything else there is somebody's data and stays as it is.
        std::string why;
        if (!RunFileSchema::isRunFile(m_recordPath.toStdString(), why)) {
            io.err << "eventloom-cli run: --record " << QString::fromStdString(why) << " (not overwritten)\n";
            return false;
        }
    }
    return true;
}

void RunRecording::start(
    const Scenario& scenario, Simulation& sim, const std::vector<InjectionSpec>& injections, SimTime limit, Io io)
{
    QString path = m_recordPath;
    if (path.isEmpty() && !m_exportPath.isEmpty()) {
        m_scratch = std::make_unique<QTemporaryDir>();
        path = m_scratch->filePath(QStringLiteral("run.sqlite"));
    }
    if (path.isEmpty())
        return;
    RunInfo info;
    info.scenarioId = scenario.id;
    info.scenarioFile = scenario.file;
    info.scenarioJson = QJsonDocument(scenario.json).toJson(QJsonDocument::Compact);
    info.overrides = scenario.overrides;
    info.seed = sim.seed();
    info.until = limit;
    info.producer = QStringLiteral("eventloom-cli " EVENTLOOM_VERSION);
    m_recorder = std::make_unique<RunRecorder>();
    QString error;
    if (!m_recorder->open(path, info, error)) {
        io.err << "eventloom-cli run: warning: " << error << "; the run goes on unrecorded\n";
        io.err.flush();
        m_recorder.reset();
        return;
    }
    for (const InjectionSpec& spec : injections)
        m_recorder->declareInjection(spec.text(), spec.at);
    sim.addObserver(m_recorder.get());
}

bool RunRecording::finish(const Simulation& sim, const RunSummary& summary, Io io)
{
    if (!m_recorder) {
        if (!m_exportPath.isEmpty()) {
            io.err << "eventloom-cli run: " << m_exportPath << ": not exported, the run could not be recorded\n";
            return false;
        }
        return true;
    }
    const bool recorded = m_recorder->finish(sim, &summary);
    if (!recorded)
        io.err << "eventloom-cli run: warning: " << m_recorder->error() << "; what was recorded before is intact\n";
    if (m_exportPath.isEmpty())
        return true;
    RunFile run;
    QString error;
    if (!recorded || !run.open(m_recorder->path(), error)) {
        io.err << "eventloom-cli run: " << m_exportPath
               << ": not exported: " << (recorded ? error : m_recorder->error()) << '\n';
        return false;
    }
    RunExporter::Options options;
    options.format = *exportFormatFromName(m_format);
    const RunExporter::Result result = RunExporter::exportRun(run, m_exportPath, options);
    if (!result.ok) {
        io.err << "eventloom-cli run: " << result.error << '\n';
        return false;
    }
    return true;
}

} // namespace eventloom::cli
