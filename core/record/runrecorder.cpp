#include "runrecorder.h"

#include "../sim/fingerprint.h"
#include "../sim/simulation.h"
#include "runfileschema.h"
#include "runwriter.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <chrono>

namespace eventloom {

namespace {
/// Pages of write-ahead log (4 KB each) after which a checkpoint is started.
constexpr int kCheckpointPages = 2048;

bool storeMeta(SqliteDb& db, std::string_view key, std::string_view text)
{
    SqliteStatement s = db.prepare("INSERT OR REPLACE INTO run (key, value) VALUES (?1, ?2)");
    if (!s.valid())
        return false;
    s.bindText(1, key);
    s.bindText(2, text);
    return s.exec();
}
bool storeMeta(SqliteDb& db, std::string_view key, std::int64_t value)
{
    SqliteStatement s = db.prepare("INSERT OR REPLACE INTO run (key, value) VALUES (?1, ?2)");
    if (!s.valid())
        return false;
    s.bindText(1, key);
    s.bind(2, value);
    return s.exec();
}
}

RunRecorder::RunRecorder()
    : RunRecorder(Options {})
{
}

RunRecorder::RunRecorder(Options options)
    : m_options(options)
{
}

RunRecorder::~RunRecorder()
{
    stopWriter();
}

QString RunRecorder::error() const
{
    std::lock_guard lock(m_errorMutex);
    return QString::fromStdString(m_error);
}

void RunRecorder::setError(const std::string& error)
{
    std::lock_guard lock(m_errorMutex);
    if (m_error.empty())
        m_error = error;
    m_failed.store(true, std::memory_order_relaxed);
}

bool RunRecorder::open(const QString& path, const RunInfo& info, QString& error)
{
    const std::string file = path.toStdString();
    if (QFileInfo::exists(path)) {
        // Only our own, intact run files are replaced; anything else (a damaged run, someone's database)
        // is kept as it is.
        std::string why;
        if (!RunFileSchema::isRunFile(file, why)) {
            error = QString::fromStdString(why) + QStringLiteral(" (not overwritten)");
            return false;
        }
        for (const QString& suffix :
            { QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal") })
            QFile::remove(path + suffix);
    }
    std::string why;
    if (!RunFileSchema::create(file, m_db, why)) {
        error = QString::fromStdString(why);
        return false;
    }
    // A larger page cache: the writer appends, so it only saves work. The write-ahead log is checkpointed on a
    // thread of its own every 2,048 pages (8 MB); should that thread not start, by the writer every 8,192.
    m_db.exec("PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=8192;");
    if (std::string ignored; !m_checkpointer.start(m_db, file, kCheckpointPages, ignored))
        m_checkpointer.stop();
    if (m_options.maxBytes > 0) {
        const std::int64_t pageSize = m_db.queryInt("PRAGMA page_size", 4096);
        m_db.exec("PRAGMA max_page_count=" + std::to_string(std::max<std::int64_t>(m_options.maxBytes / pageSize, 8)));
    }
    const QByteArray epoch = info.epoch.toUTC().toString(Qt::ISODate).toUtf8();
    // A key of the key/value `run` table, not a new column: older files simply have none (no overrides).
    const QByteArray overrides
        = QJsonDocument(QJsonArray::fromStringList(info.overrides)).toJson(QJsonDocument::Compact);
    const bool ok = m_db.exec("BEGIN") && storeMeta(m_db, "format", "eventloom-run")
        && storeMeta(m_db, "origin", "recorded") && storeMeta(m_db, "producer", info.producer.toStdString())
        && storeMeta(m_db, "scenarioId", info.scenarioId.toStdString())
        && storeMeta(m_db, "scenarioFile", info.scenarioFile.toStdString())
        && storeMeta(m_db, "scenario", std::string_view(info.scenarioJson.constData(), info.scenarioJson.size()))
        && storeMeta(m_db, "overrides", std::string_view(overrides.constData(), overrides.size()))
        && storeMeta(m_db, "seed", static_cast<std::int64_t>(info.seed)) && storeMeta(m_db, "until", info.until)
        && storeMeta(m_db, "epoch", epoch.toStdString()) && storeMeta(m_db, "finished", 0) && m_db.exec("COMMIT");
    if (!ok) {
        error = path + QStringLiteral(": cannot write: ") + QString::fromStdString(m_db.error());
        m_checkpointer.stop();
        m_db.close();
        return false;
    }
    m_writer = std::make_unique<RunWriter>(m_db, info.scenarioId.toStdString());
    if (!m_writer->error().empty()) {
        error = path + QStringLiteral(": ") + QString::fromStdString(m_writer->error());
        m_writer.reset();
        m_checkpointer.stop();
        m_db.close();
        return false;
    }
    m_path = path;
    m_queue = std::make_unique<RecordQueue>(m_options.queueBatches);
    m_batch.records.reserve(m_options.batchRecords);
    m_open = true;
    m_thread = std::thread([this] { writerLoop(); });
    return true;
}

void RunRecorder::declareInjection(const QString& spec, SimTime at)
{
    if (recording())
        m_batch.injections.emplace_back(spec.toStdString(), at);
}

void RunRecorder::onTrace(const TraceRecord& record, const Simulation& sim)
{
    if (!m_open || m_failed.load(std::memory_order_relaxed))
        return;
    m_batch.records.push_back(record);
    if (record.kind == TraceKind::Published || record.kind == TraceKind::CommandSent)
        m_batch.messages.push_back(sim.log().at(record.message));
    if (m_batch.records.size() >= m_options.batchRecords)
        flush(sim);
}

void RunRecorder::flush(const Simulation& sim)
{
    if (!m_open || m_batch.empty())
        return;
    if (m_failed.load(std::memory_order_relaxed)) {
        m_batch = {};
        return;
    }
    // Ship what the log gained since the last batch; it is append-only, so that is all the writer needs.
    const EventLog& log = sim.log();
    const AtomTable& atoms = log.atoms();
    // The texts and fields themselves are not copied: the writer shares the chunks holding them, frozen
    // here (SharedPrefixVector; freezing changes nothing the simulation reads or does).
    atoms.texts().freeze();
    m_batch.atoms = atoms.texts().frozenTail(m_atomChunksSent);
    m_atomChunksSent = m_batch.atoms.firstChunk + m_batch.atoms.chunks.size();
    log.arena().freeze();
    m_batch.fields = log.arena().frozenTail(m_fieldChunksSent);
    m_fieldChunksSent = m_batch.fields.firstChunk + m_batch.fields.chunks.size();
    m_batch.firstService = m_servicesSent;
    for (std::size_t s = m_servicesSent; s < sim.serviceCount(); ++s)
        m_batch.services.push_back(atoms.find(sim.serviceName(static_cast<std::uint16_t>(s))));
    m_servicesSent = static_cast<std::uint16_t>(sim.serviceCount());
    m_batch.firstTopic = m_topicsSent;
    for (std::size_t t = m_topicsSent; t < sim.bus().topicCount(); ++t)
        m_batch.topics.push_back(sim.bus().topic(static_cast<std::uint16_t>(t)).name);
    m_topicsSent = static_cast<std::uint16_t>(sim.bus().topicCount());
    m_batch.firstGroup = m_groupsSent;
    for (std::size_t g = m_groupsSent; g < sim.bus().groupCount(); ++g)
        m_batch.groups.push_back(sim.bus().group(static_cast<std::uint16_t>(g)).name);
    m_groupsSent = static_cast<std::uint16_t>(sim.bus().groupCount());

    m_stats.records += m_batch.records.size();
    ++m_stats.batches;
    if (m_queue->push(std::move(m_batch)))
        ++m_stats.backpressureWaits;
    m_batch = {};
    m_batch.records.reserve(m_options.batchRecords);
}

void RunRecorder::writerLoop()
{
    double busy = 0;
    while (std::optional<RecordBatch> batch = m_queue->pop()) {
        if (m_failed.load(std::memory_order_relaxed))
            continue; // drain, so the engine never waits on a writer that gave up
        const auto start = std::chrono::steady_clock::now();
        // Group what is already waiting into one transaction: fewer commits when the writer is behind.
        bool ok = m_writer->begin() && m_writer->write(*batch);
        for (int grouped = 1; ok && grouped < 16 && m_queue->pending() > 0; ++grouped) {
            std::optional<RecordBatch> more = m_queue->pop();
            if (!more)
                break;
            ok = m_writer->write(*more);
        }
        if (ok)
            ok = m_writer->commit();
        if (!ok) {
            m_writer->rollback();
            setError(m_path.toStdString() + ": recording stopped: " + m_writer->error());
        }
        busy += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    m_writerSeconds = busy; // read after join()
}

void RunRecorder::stopWriter()
{
    if (m_queue)
        m_queue->close();
    if (m_thread.joinable())
        m_thread.join();
    m_checkpointer.stop(); // lets a checkpoint in progress end
    m_stats.checkpoints = m_checkpointer.checkpoints();
}

void RunRecorder::stop(const Simulation& sim)
{
    if (!m_open)
        return;
    flush(sim);
    stopWriter();
    m_stats.writerSeconds = m_writerSeconds;
    m_open = false;
    m_writer.reset();
    m_db.close();
}

bool RunRecorder::finish(const Simulation& sim, const RunSummary* summary)
{
    if (!m_open)
        return false;
    flush(sim);
    stopWriter();
    m_stats.writerSeconds = m_writerSeconds;
    const auto finishStart = std::chrono::steady_clock::now();
    m_open = false;
    if (!m_failed.load()) {
        bool ok = m_db.exec("BEGIN") && storeMeta(m_db, "finished", 1) && storeMeta(m_db, "simTimeUs", sim.now())
            && storeMeta(m_db, "fingerprint", Fingerprint::format(sim.fingerprint()))
            && storeMeta(m_db, "records", static_cast<std::int64_t>(m_writer->recordsWritten()));
        if (ok && summary) {
            ok = storeMeta(
                m_db, "summary", QJsonDocument(summary->toJson()).toJson(QJsonDocument::Compact).toStdString());
            SqliteStatement check = m_db.prepare("INSERT INTO checks (name, passed, detail) VALUES (?1, ?2, ?3)");
            for (const RunSummary::Check& c : summary->checks) {
                const std::string name = c.name.toStdString(), detail = c.detail.toStdString();
                check.bindText(1, name);
                check.bind(2, c.passed ? 1 : 0);
                check.bindText(3, detail);
                ok = ok && check.exec();
            }
        }
        std::string why;
        ok = ok && m_db.exec("COMMIT") && RunFileSchema::createReviewIndexes(m_db, why);
        // Back to a rollback journal: the finished file is one self-contained file to copy or mail.
        ok = ok && m_db.exec("PRAGMA journal_mode=DELETE");
        if (!ok)
            setError(m_path.toStdString() + ": finishing the run file: " + (why.empty() ? m_db.error() : why));
    }
    m_writer.reset();
    m_db.close();
    m_stats.finishSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - finishStart).count();
    return !m_failed.load();
}

} // namespace eventloom
