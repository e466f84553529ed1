#include "runexporter.h"

#include "../record/recordformats.h"
#include "compactrun.h"
#include "sequencediagram.h"
#include "storedrows.h"

#include <QSaveFile>

namespace eventloom {

namespace {
constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::int64_t kProgressEvery = 4096;

/// Where formatted text goes: a string, or a QSaveFile in ~1 MB writes.
class Sink {
public:
    explicit Sink(std::string& buffer, QSaveFile* file = nullptr)
        : m_buffer(buffer)
        , m_file(file)
    {
    }
    std::string& buffer() { return m_buffer; }
    bool drain(bool force)
    {
        if (!m_file || (!force && m_buffer.size() < kChunkBytes))
            return true;
        const auto size = static_cast<qint64>(m_buffer.size());
        const bool ok = m_file->write(m_buffer.data(), size) == size;
        m_buffer.clear();
        return ok;
    }

private:
    std::string& m_buffer;
    QSaveFile* m_file;
};

RunExporter::Result write(const RunFile& run, Sink& sink, const RunExporter::Options& o)
{
    RunExporter::Result result;
    const bool diagram = o.format == ExportFormat::Mermaid || o.format == ExportFormat::PlantUml;
    if (diagram && o.correlation.isEmpty()) {
        result.error = QStringLiteral("a sequence diagram shows one correlation id: give --correlation ID");
        return result;
    }
    const bool perRecord = o.format == ExportFormat::Jsonl || diagram;
    // The run file is untrusted: values of the wrong type or range are refused before anything is
    // written, and each value is checked again as it is formatted (the connection is mutable in RunFile).
    SqliteDb& db = const_cast<RunFile&>(run).db();
    // A whole schema 2 file is read without the views (CompactRun), which check each row as it is read.
    const bool compact = !diagram && o.correlation.isEmpty() && db.queryInt("PRAGMA user_version", 1) >= 2;
    CompactRun rows;
    QString error;
    if (compact && !rows.load(db, run.path(), error)) {
        result.error = error;
        return result;
    }
    if (const std::string problem
        = compact ? rows.messageProblem() : StoredRows::firstProblem(db, perRecord, o.correlation.toStdString());
        !problem.empty()) {
        result.error = run.path() + QStringLiteral(": ") + QString::fromStdString(problem);
        return result;
    }
    const std::int64_t total = compact ? (perRecord ? rows.recordCount(db) : rows.messageCount())
                                       : (perRecord ? run.recordCount() : run.messageCount());
    bool cancelled = false, failed = false;
    const auto step = [&] {
        ++result.written;
        if (!sink.drain(false))
            failed = true;
        if (o.progress && result.written % kProgressEvery == 0 && !o.progress(result.written, total))
            cancelled = true;
        return !cancelled && !failed;
    };
    bool read = true;
    std::string& out = sink.buffer();
    std::string problem; // why a stored value could not be written, with the record's position
    const auto eachRecord = [&](const std::function<bool(const RecordView&)>& visit) {
        if (!compact)
            return run.forEachRecord(visit, error, o.correlation);
        std::string stored; // a wrong stored value is named before what could not be written
        const bool ok = rows.forEachRecord(
            [&](const RecordView& r) {
                return visit(r)       ? CompactRun::Next::Record
                    : problem.empty() ? CompactRun::Next::Stop
                                      : CompactRun::Next::CheckRest;
            },
            stored, error, db);
        if (!stored.empty())
            problem = stored;
        return ok;
    };
    const auto eachEvent = [&](const std::function<bool(const MessageView&)>& visit) {
        if (!compact)
            return run.forEachMessage(visit, error, o.correlation, true);
        rows.forEachMessage(visit, true);
        return true;
    };
    const auto refuse = [&](std::string_view where, std::int64_t number, const std::string& why) {
        problem = std::string(where) + ' ' + std::to_string(number) + ": " + why;
        return false;
    };
    const auto recordPosition = [](const RecordView& r) {
        return r.message ? std::to_string(r.id) + " (message " + std::to_string(r.message->seq) + ")"
                         : std::to_string(r.id);
    };
    switch (o.format) {
    case ExportFormat::Jsonl:
        read = eachRecord([&](const RecordView& r) {
            std::string why;
            if (!recordformats::appendJsonl(out, r, why)) {
                problem = "record " + recordPosition(r) + ": " + why;
                return false;
            }
            out += '\n';
            return step();
        });
        break;
    case ExportFormat::Csv:
        recordformats::appendCsvHeader(out);
        read = eachEvent([&](const MessageView& m) {
            std::string why;
            if (!recordformats::appendCsvRow(out, m, why))
                return refuse("message", m.seq, why);
            return step();
        });
        break;
    case ExportFormat::CloudEvents: {
        // application/cloudevents-batch+json: one JSON array, an event per line for readability.
        const qint64 epochMs = run.info().epoch.toMSecsSinceEpoch();
        out += '[';
        bool first = true;
        read = eachEvent([&](const MessageView& m) {
            out += first ? "\n" : ",\n";
            first = false;
            std::string why;
            if (!recordformats::appendCloudEvent(out, m, epochMs, why))
                return refuse("message", m.seq, why);
            return step();
        });
        out += "\n]\n";
        break;
    }
    case ExportFormat::Mermaid:
    case ExportFormat::PlantUml: {
        SequenceDiagram chart(
            o.format == ExportFormat::Mermaid ? SequenceDiagram::Dialect::Mermaid : SequenceDiagram::Dialect::PlantUml);
        read = run.forEachRecord(
            [&](const RecordView& r) {
                if (const std::string why = recordformats::textProblem(r); !why.empty()) {
                    problem = "record " + recordPosition(r) + ": " + why;
                    return false;
                }
                chart.add(r);
                return true;
            },
            error, o.correlation);
        out += chart.text();
        result.written = chart.arrows();
        break;
    }
    }
    if (!read) {
        result.error = error;
    } else if (!problem.empty()) {
        result.error = run.path() + QStringLiteral(": ") + QString::fromStdString(problem);
        result.written = 0;
    } else if (cancelled) {
        result.error = QStringLiteral("export cancelled");
    } else if (failed || !sink.drain(true)) {
        result.error = QStringLiteral("write failed");
    } else {
        result.ok = true;
        if (o.progress)
            o.progress(total, total);
    }
    return result;
}
}

RunExporter::Result RunExporter::exportRun(const RunFile& run, std::string& out, const Options& options)
{
    Sink sink(out);
    return write(run, sink, options);
}

RunExporter::Result RunExporter::exportRun(const RunFile& run, const QString& path, const Options& options)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return { false, path + QStringLiteral(": cannot write: ") + file.errorString(), 0 };
    }
    std::string buffer;
    buffer.reserve(kChunkBytes + 64 * 1024);
    Sink sink(buffer, &file);
    Result result = write(run, sink, options);
    if (!result.ok) {
        file.cancelWriting(); // the target, if it existed, keeps its old content
        if (result.error == QLatin1String("write failed"))
            result.error = path + QStringLiteral(": cannot write: ") + file.errorString();
        return result;
    }
    if (!file.commit()) {
        result.ok = false;
        result.error = path + QStringLiteral(": cannot write: ") + file.errorString();
    }
    return result;
}

} // namespace eventloom
