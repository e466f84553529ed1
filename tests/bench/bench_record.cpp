// B3 (docs/benchmarks.md): the recorder (trace → SQLite run file) against raw sqlite3 prepared inserts
// of the same rows in one transaction, and a recorded headless run against the same run unrecorded (B9,
// the exports, is bench_export). Not a ctest test: it never fails on speed; it prints figures (one JSON
// line per benchmark for scripts).

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "record/runrecorder.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "sim/fingerprint.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cmath>
#include <cstdio>
#include <sqlite3.h>
#include <string>
#include <vector>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kRowsRatioBudget = 0.8;
constexpr double kSlowdownBudget = 1.5;
constexpr double kBytesPerRecordBudget = 60;
constexpr std::uint64_t kQuiescenceLimit = 2'000'000'000ull;

/// A stored row as loose columns (NULL = nullopt), read back from a recorded run: the baseline inserts
/// exactly what the recorder inserted.
struct Row {
    std::vector<std::optional<std::string>> text;
    std::vector<std::optional<std::int64_t>> ints;
};
struct Table {
    std::string insert;
    std::vector<bool> isText;
    std::vector<Row> rows;
};

Table readTable(sqlite3* db, const char* select, const std::string& insert)
{
    Table t;
    t.insert = insert;
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, select, -1, &s, nullptr);
    const int columns = sqlite3_column_count(s);
    t.isText.assign(static_cast<std::size_t>(columns), false);
    while (sqlite3_step(s) == SQLITE_ROW) {
        Row row;
        for (int c = 0; c < columns; ++c) {
            const int type = sqlite3_column_type(s, c);
            if (type == SQLITE_TEXT) {
                t.isText[static_cast<std::size_t>(c)] = true;
                row.text.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, c)));
                row.ints.emplace_back();
            } else if (type == SQLITE_INTEGER) {
                row.text.emplace_back();
                row.ints.emplace_back(sqlite3_column_int64(s, c));
            } else {
                row.text.emplace_back();
                row.ints.emplace_back();
            }
        }
        t.rows.push_back(std::move(row));
    }
    sqlite3_finalize(s);
    return t;
}

/// The baseline: a fresh file with the same tables, WAL, synchronous=NORMAL, one transaction, prepared inserts.
double rawInsertSeconds(const std::string& path, const std::vector<Table>& tables, const char* schema)
{
    std::remove(path.c_str());
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    sqlite3_exec(db, schema, nullptr, nullptr, nullptr);
    const Stopwatch watch;
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (const Table& t : tables) {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, t.insert.c_str(), -1, &s, nullptr);
        for (const Row& row : t.rows) {
            for (std::size_t c = 0; c < row.text.size(); ++c) {
                const int i = static_cast<int>(c) + 1;
                if (row.text[c])
                    sqlite3_bind_text(s, i, row.text[c]->data(), static_cast<int>(row.text[c]->size()), SQLITE_STATIC);
                else if (row.ints[c])
                    sqlite3_bind_int64(s, i, *row.ints[c]);
                else
                    sqlite3_bind_null(s, i);
            }
            sqlite3_step(s);
            sqlite3_reset(s);
        }
        sqlite3_finalize(s);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    const double seconds = watch.elapsed().wallSeconds;
    sqlite3_close(db);
    return seconds;
}
}

int main(int argc, char** argv)
{
    const BenchArgs args(argc, argv, { "scenario", "orders", "set", "reps" },
        "bench_record [--scenario FILE] [--orders 50000] [--set PATH=VALUE]... [--reps 3]");
    const std::uint64_t orders = args.number("orders", 50'000);
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 3));
    QStringList overrides { QStringLiteral("workload.orders=%1").arg(orders) };
    const std::optional<Scenario> loaded = args.scenario(EVENTLOOM_SCENARIO_DIR "/01-pubsub-fanout.json", overrides);
    if (!loaded)
        return 2;
    const Scenario& scenario = *loaded;
    QTemporaryDir dir;
    const QString runPath = dir.filePath(QStringLiteral("run.sqlite"));

    std::vector<double> plainSeconds, recordedSeconds, engineSideSeconds, baselineSeconds, slowdowns, rowRatios;
    std::vector<double> recorderRows, baselineRows, writerSeconds, finishSeconds, writerRatios, fileBytes;
    std::uint64_t records = 0, messages = 0, fingerprint = 0, waits = 0, checkpoints = 0;
    for (std::uint64_t rep = 0; rep < reps; ++rep) {
        {
            auto sim = ScenarioBuilder::build(scenario);
            const Stopwatch watch;
            sim->runToQuiescence(kQuiescenceLimit);
            plainSeconds.push_back(watch.elapsed().wallSeconds);
            fingerprint = sim->fingerprint();
        }
        QFile::remove(runPath);
        {
            auto sim = ScenarioBuilder::build(scenario);
            RunInfo info;
            info.scenarioId = scenario.id;
            info.scenarioJson = QJsonDocument(scenario.json).toJson(QJsonDocument::Compact);
            info.seed = sim->seed();
            RunRecorder recorder;
            QString error;
            const Stopwatch watch;
            if (!recorder.open(runPath, info, error)) {
                std::fprintf(stderr, "bench_record: %s\n", qPrintable(error));
                return 2;
            }
            sim->addObserver(&recorder);
            sim->runToQuiescence(kQuiescenceLimit);
            engineSideSeconds.push_back(watch.elapsed().wallSeconds);
            if (!recorder.finish(*sim)) {
                std::fprintf(stderr, "bench_record: %s\n", qPrintable(recorder.error()));
                return 2;
            }
            recordedSeconds.push_back(watch.elapsed().wallSeconds);
            if (sim->fingerprint() != fingerprint) {
                std::fprintf(stderr, "bench_record: recording changed the fingerprint\n");
                return 2;
            }
            waits = recorder.stats().backpressureWaits;
            checkpoints = recorder.stats().checkpoints;
            writerSeconds.push_back(recorder.stats().writerSeconds);
            finishSeconds.push_back(recorder.stats().finishSeconds);
        }
        // The baseline inserts the rows the recorder wrote (run file schema 4: names, trace blocks, message
        // blocks), read back from its file, into tables of the same shape.
        sqlite3* db = nullptr;
        sqlite3_open_v2(runPath.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
        std::vector<Table> tables;
        for (const char* table : { "names", "trace_blocks", "message_blocks" }) {
            Table t = readTable(db, (std::string("SELECT * FROM ") + table + " ORDER BY rowid").c_str(), {});
            t.insert = std::string("INSERT INTO ") + table + " VALUES (?1";
            for (std::size_t c = 2; c <= t.isText.size(); ++c)
                t.insert += ", ?" + std::to_string(c);
            t.insert += ")";
            tables.push_back(std::move(t));
        }
        records = 0;
        for (const Row& block : tables[1].rows)
            records += static_cast<std::uint64_t>(block.ints[1].value_or(0));
        messages = 0;
        for (const Row& block : tables[2].rows)
            messages += static_cast<std::uint64_t>(block.ints[1].value_or(0));
        sqlite3_close(db);
        fileBytes.push_back(static_cast<double>(QFileInfo(runPath).size()));
        const double base = rawInsertSeconds(dir.filePath(QStringLiteral("baseline.sqlite")).toStdString(), tables,
            R"(CREATE TABLE names (id INTEGER PRIMARY KEY, text);
               CREATE TABLE trace_blocks (first INTEGER PRIMARY KEY, n, t0, m0, data);
               CREATE TABLE message_blocks (first INTEGER PRIMARY KEY, n, t0, data);)");
        baselineSeconds.push_back(base);
        double rows = 0;
        for (const Table& t : tables)
            rows += static_cast<double>(t.rows.size());
        recorderRows.push_back(rows / recordedSeconds.back());
        baselineRows.push_back(rows / base);
        rowRatios.push_back(recorderRows.back() / baselineRows.back());
        writerRatios.push_back(base / writerSeconds.back());
        slowdowns.push_back(recordedSeconds.back() / plainSeconds.back());
    }

    const SampleStats rowRatio = SampleStats::of(rowRatios), slowdown = SampleStats::of(slowdowns);
    const double bytesPerRecord
        = SampleStats::of(fileBytes).median / static_cast<double>(std::max<std::uint64_t>(records, 1));
    std::printf("B3 recorder: %s, %llu orders: %llu trace records + %llu messages, fingerprint %s (unchanged)\n",
        qPrintable(scenario.id), static_cast<unsigned long long>(orders), static_cast<unsigned long long>(records),
        static_cast<unsigned long long>(messages), Fingerprint::format(fingerprint).c_str());
    std::printf("   run unrecorded          %s ms\n", SampleStats::of(plainSeconds).scaled(1e3).text(1).c_str());
    std::printf("   run recorded            %s ms (engine done after %s ms; the rest is the writer's tail, indexes)\n",
        SampleStats::of(recordedSeconds).scaled(1e3).text(1).c_str(),
        SampleStats::of(engineSideSeconds).scaled(1e3).text(1).c_str());
    std::printf("   writer thread busy      %s ms; finish (outcome, indexes, journal) %s ms; %llu checkpoints on their "
                "own thread (last rep)\n",
        SampleStats::of(writerSeconds).scaled(1e3).text(1).c_str(),
        SampleStats::of(finishSeconds).scaled(1e3).text(1).c_str(), static_cast<unsigned long long>(checkpoints));
    std::printf("   raw sqlite3 inserts     %s ms\n", SampleStats::of(baselineSeconds).scaled(1e3).text(1).c_str());
    std::printf("   run file                %.1f MB = %.1f bytes per trace record  budget <= %.0f: %s\n",
        SampleStats::of(fileBytes).median / 1e6, bytesPerRecord, kBytesPerRecordBudget,
        bytesPerRecord <= kBytesPerRecordBudget ? "within budget" : "OVER BUDGET");
    std::printf("   writer rows/s / baseline rows/s  %s  (the writer's own work, without the engine and the indexes)\n",
        SampleStats::of(writerRatios).text(2).c_str());
    std::printf("   rows/s recorder         %s   baseline %s\n", SampleStats::of(recorderRows).text(0).c_str(),
        SampleStats::of(baselineRows).text(0).c_str());
    std::printf("   recorder/baseline rows  %s  budget >= %.1f: %s\n", rowRatio.text(2).c_str(), kRowsRatioBudget,
        rowRatio.median >= kRowsRatioBudget ? "within budget" : "OVER BUDGET");
    std::printf(
        "   recorded/unrecorded run %s  budget <= %.1f: %s  (engine waited for the writer %llu times, last rep)\n",
        slowdown.text(2).c_str(), kSlowdownBudget, slowdown.median <= kSlowdownBudget ? "within budget" : "OVER BUDGET",
        static_cast<unsigned long long>(waits));
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B3") },
        { QStringLiteral("scenario"), scenario.id },
        { QStringLiteral("orders"), static_cast<qint64>(orders) },
        { QStringLiteral("records"), static_cast<qint64>(records) },
        { QStringLiteral("messages"), static_cast<qint64>(messages) },
        { QStringLiteral("unrecordedMs"), SampleStats::of(plainSeconds).scaled(1e3).toJson(1) },
        { QStringLiteral("recordedMs"), SampleStats::of(recordedSeconds).scaled(1e3).toJson(1) },
        { QStringLiteral("baselineMs"), SampleStats::of(baselineSeconds).scaled(1e3).toJson(1) },
        { QStringLiteral("rowsRatio"), rowRatio.toJson(2) },
        { QStringLiteral("writerMs"), SampleStats::of(writerSeconds).scaled(1e3).toJson(1) },
        { QStringLiteral("finishMs"), SampleStats::of(finishSeconds).scaled(1e3).toJson(1) },
        { QStringLiteral("writerRowsRatio"), SampleStats::of(writerRatios).toJson(2) },
        { QStringLiteral("slowdown"), slowdown.toJson(2) },
        { QStringLiteral("bytesPerRecord"), std::round(bytesPerRecord * 10) / 10 },
        { QStringLiteral("withinBudget"),
            rowRatio.median >= kRowsRatioBudget && slowdown.median <= kSlowdownBudget
                && bytesPerRecord <= kBytesPerRecordBudget },
        { QStringLiteral("machine"), BenchReport::machine() },
    });

    return 0;
}
