#pragma once

// What fuzz_run_file does with one input, shared with tst_fuzzcorpus (which replays the seed corpus
// tests/fuzz/corpus-runfiles/ and every kept crasher named runfile-*). Structure-aware: an input is
// either SQL applied to a small valid run file, or byte patches to its pages; the result is written to
// a scratch file and opened, read through, exported, compared and replay-verified the way the CLI does,
// and opened for writing. Anything that breaks a contract traps (the fuzzer's crash):
//  - a refusal without a message naming the file, or a failure without a message;
//  - a read-only operation that changes the file's bytes;
//  - a file opened for writing that then fails PRAGMA quick_check.
// Hangs and memory blow-ups are the fuzzer's -timeout and -rss_limit_mb.

#include "export/runexporter.h"
#include "record/runcomparison.h"
#include "record/runfile.h"
#include "record/runfileschema.h"
#include "record/runrecorder.h"
#include "record/runreplay.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <sqlite3.h>

namespace runfilefuzz {

/// Inputs longer than this are not looked at (a SQL script or a list of patches, not a file).
constexpr std::size_t kMaxInput = 8192;
/// Inputs starting with this are byte patches: 5 bytes each, a big-endian offset (taken modulo the
/// file's size) and a byte XORed into the file there. Anything else is SQL.
inline const QByteArray kPatchMagic = QByteArrayLiteral("#patch\n");

[[noreturn]] inline void violated(const char* what, const QString& detail = {})
{
    qWarning("fuzz_run_file: %s %s", what, qPrintable(detail));
    __builtin_trap();
}

inline QByteArray digest(const QString& path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (file.open(QIODevice::ReadOnly))
        hash.addData(&file);
    return hash.result();
}

/// A scratch folder for the process's lifetime.
inline QTemporaryDir& scratch()
{
    static QTemporaryDir dir;
    if (!dir.isValid())
        violated("no scratch folder");
    return dir;
}

/// A small run file recorded in-process once: 01-pubsub-fanout with 5 orders (about 30 pages).
inline const QString& baseRunFile()
{
    static const QString path = [] {
        using namespace eventloom;
        const QString out = scratch().filePath(QStringLiteral("base.sqlite"));
        QFile json(ShippedScenarios::resolve(QStringLiteral("01-pubsub-fanout")));
        if (!json.open(QIODevice::ReadOnly))
            violated("cannot read 01-pubsub-fanout");
        const auto loaded = ScenarioLoader::loadText(
            json.readAll(), QStringLiteral("01-pubsub-fanout.json"), { QStringLiteral("workload.orders=5") });
        if (!loaded.ok())
            violated("01-pubsub-fanout does not load");
        auto sim = ScenarioBuilder::build(*loaded.scenario, 7);
        RunInfo info;
        info.scenarioId = loaded.scenario->id;
        info.scenarioFile = loaded.scenario->file;
        info.scenarioJson = QJsonDocument(loaded.scenario->json).toJson(QJsonDocument::Compact);
        info.seed = sim->seed();
        info.producer = QStringLiteral("fuzz_run_file");
        RunRecorder recorder;
        QString error;
        if (!recorder.open(out, info, error))
            violated("cannot record", error);
        sim->addObserver(&recorder);
        sim->runToQuiescence(2'000'000'000ull);
        sim->finish();
        if (!recorder.finish(*sim))
            violated("recording failed", recorder.error());
        return out;
    }();
    return path;
}

/// Denies what would reach outside the scratch file (ATTACH writes any path).
inline int authorize(void*, int action, const char*, const char*, const char*, const char*)
{
    return action == SQLITE_ATTACH || action == SQLITE_DETACH ? SQLITE_DENY : SQLITE_OK;
}

inline int stop(void* steps)
{
    return ++*static_cast<int*>(steps) > 10'000 ? 1 : 0; // 10 million VM steps
}

/// Makes `path` from the base run file and `input`; false when the input is not worth a run.
inline bool prepare(const QByteArray& input, const QString& path)
{
    QFile::remove(path);
    for (const char* suffix : { "-wal", "-shm", "-journal" })
        QFile::remove(path + QLatin1String(suffix));
    if (!QFile::copy(baseRunFile(), path))
        violated("cannot copy the base run file");
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    if (input.startsWith(kPatchMagic)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadWrite))
            return false;
        QByteArray bytes = file.readAll();
        for (qsizetype i = kPatchMagic.size(); i + 5 <= input.size(); i += 5) {
            const auto u
                = [&](qsizetype k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(input[k])); };
            const std::uint32_t offset = u(i) << 24 | u(i + 1) << 16 | u(i + 2) << 8 | u(i + 3);
            bytes[offset % bytes.size()] = static_cast<char>(bytes[offset % bytes.size()] ^ input[i + 4]);
        }
        file.seek(0);
        return file.write(bytes) == bytes.size();
    }
    // SQL, as an attacker would run it on their own copy: anything but reaching other files.
    if (input.toLower().contains("vacuum"))
        return false; // VACUUM INTO writes any path
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    int steps = 0;
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 100'000'000);
    sqlite3_set_authorizer(db, authorize, nullptr);
    sqlite3_progress_handler(db, 1000, stop, &steps);
    const QByteArray sql = input + '\0';
    sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr); // a failing statement still leaves the file
    sqlite3_close(db);
    return true;
}

/// Everything EventLoom does with a run file, against its contracts.
inline void exercise(const QString& path)
{
    using namespace eventloom;
    const QByteArray before = digest(path);
    {
        RunFile run;
        QString error;
        if (!run.open(path, error)) {
            if (!error.startsWith(path + QStringLiteral(": ")))
                violated("refused without naming the file:", error);
        } else {
            std::int64_t records = 0;
            const bool read = run.forEachRecord([&](const RecordView&) { return ++records < 1'000'000; }, error);
            if (!read && error.isEmpty())
                violated("records unreadable without a message");
            error.clear();
            if (!run.forEachMessage([](const MessageView&) { return true; }, error) && error.isEmpty())
                violated("messages unreadable without a message");
            run.info();
            run.summary();
            run.injections();
            for (const ExportFormat format : { ExportFormat::Jsonl, ExportFormat::Csv, ExportFormat::CloudEvents }) {
                RunExporter::Options options;
                options.format = format;
                std::string out;
                const RunExporter::Result exported = RunExporter::exportRun(run, out, options);
                if (!exported.ok && exported.error.isEmpty())
                    violated("export failed without a message");
            }
            const RunReplay::Result replayed = RunReplay::replay(run, true);
            if (!replayed.ok && replayed.error.isEmpty())
                violated("replay failed without a message");
        }
        const RunComparison compared = RunComparison::compare(baseRunFile(), path);
        if (!compared.ok && compared.error.isEmpty())
            violated("diff failed without a message");
    }
    if (digest(path) != before)
        violated("a read-only operation changed the file");
    SqliteDb db;
    std::string why;
    if (RunFileSchema::openForWriting(path.toStdString(), db, why)) {
        if (!RunFileSchema::checkIntact(db, path.toStdString(), why))
            violated("opened for writing, then found damaged:", QString::fromStdString(why));
    } else if (digest(path) != before) {
        violated("a refused file was changed:", QString::fromStdString(why));
    }
}

/// One input, start to end.
inline void run(const QByteArray& input)
{
    if (static_cast<std::size_t>(input.size()) > kMaxInput)
        return;
    const QString path = scratch().filePath(QStringLiteral("input.sqlite"));
    if (prepare(input, path))
        exercise(path);
}

} // namespace runfilefuzz
