// B9 (docs/benchmarks.md): JSON Lines, CSV and CloudEvents exports of a recorded run against writing the
// same, already formatted bytes with fwrite (and fwrite + fsync: the export's QSaveFile syncs before it
// renames). The same export into memory splits reading and formatting from writing. Not a ctest test:
// it never fails on speed; it prints figures (one JSON line per format for scripts).

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "export/runexporter.h"
#include "record/headlessrun.h"
#include "record/runfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <cstdio>
#include <sqlite3.h>
#include <string>
#include <unistd.h>
#include <vector>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kExportRatioBudget = 4.0;

Stopwatch::Reading fwriteTime(const std::string& path, const QByteArray& bytes, bool sync)
{
    const Stopwatch watch;
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), f);
    std::fflush(f);
    if (sync)
        ::fsync(fileno(f));
    std::fclose(f);
    return watch.elapsed();
}

/// The reading floor: a raw sqlite3_step scan of the schema 4 tables the format reads, every column read
/// (the names, the message blocks' text, and for JSON Lines the trace blocks' text, not parsed), with no
/// join and no view: what any export from this run file pays before it formats a byte.
Stopwatch::Reading scanTime(const std::string& path, ExportFormat format)
{
    std::vector<const char*> queries
        = { "SELECT id, text FROM names ORDER BY id", "SELECT first, n, t0, data FROM message_blocks ORDER BY first" };
    if (format == ExportFormat::Jsonl) {
        queries.push_back("SELECT first, n, t0, m0, data FROM trace_blocks ORDER BY first");
    }
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    const Stopwatch watch;
    for (const char* sql : queries) {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
        const int columns = sqlite3_column_count(s);
        while (sqlite3_step(s) == SQLITE_ROW)
            for (int c = 0; c < columns; ++c)
                if (sqlite3_column_type(s, c) == SQLITE_INTEGER)
                    sqlite3_column_int64(s, c);
                else if (sqlite3_column_text(s, c))
                    sqlite3_column_bytes(s, c);
        sqlite3_finalize(s);
    }
    const Stopwatch::Reading elapsed = watch.elapsed();
    sqlite3_close(db);
    return elapsed;
}

struct Samples {
    std::vector<double> exportSeconds, cpuSeconds, memorySeconds, writeSeconds, syncSeconds, ratios, syncRatios;
    std::vector<double> scanSeconds, floorRatios;
    std::vector<double> writeCpu, scanCpu, cpuRatios, cpuFloorRatios; ///< thread CPU time: less moved by load
    qint64 bytes = 0;
    std::int64_t written = 0;
};

/// One repetition: the export to a file, the two baselines writing its bytes, the same export into memory.
bool measure(const RunFile& run, ExportFormat format, const QTemporaryDir& dir, Samples& s)
{
    const QString out = dir.filePath(QStringLiteral("export.") + exportFormatName(format));
    const std::string copy = dir.filePath(QStringLiteral("fwrite.out")).toStdString();
    RunExporter::Options options;
    options.format = format;
    QByteArray text;
    const auto exportOnce = [&] {
        const Stopwatch watch;
        const auto result = RunExporter::exportRun(run, out, options);
        const auto elapsed = watch.elapsed();
        if (!result.ok) {
            std::fprintf(stderr, "bench_export: %s\n", qPrintable(result.error));
            return false;
        }
        s.exportSeconds.push_back(elapsed.wallSeconds);
        s.cpuSeconds.push_back(elapsed.cpuSeconds);
        s.written = result.written;
        QFile f(out);
        f.open(QIODevice::ReadOnly);
        text = f.readAll();
        s.bytes = text.size();
        return true;
    };
    if (!exportOnce())
        return false;
    const Stopwatch::Reading write = fwriteTime(copy, text, false);
    s.writeSeconds.push_back(write.wallSeconds);
    s.writeCpu.push_back(write.cpuSeconds);
    s.syncSeconds.push_back(fwriteTime(copy, text, true).wallSeconds);
    std::string memory;
    memory.reserve(static_cast<std::size_t>(s.bytes));
    const Stopwatch watch;
    RunExporter::exportRun(run, memory, options);
    s.memorySeconds.push_back(watch.elapsed().wallSeconds);
    const Stopwatch::Reading scan = scanTime(run.path().toStdString(), format);
    s.scanSeconds.push_back(scan.wallSeconds);
    s.scanCpu.push_back(scan.cpuSeconds);
    s.cpuRatios.push_back(s.cpuSeconds.back() / s.writeCpu.back());
    s.cpuFloorRatios.push_back(s.cpuSeconds.back() / (s.scanCpu.back() + s.writeCpu.back()));
    s.floorRatios.push_back(s.exportSeconds.back() / (s.scanSeconds.back() + s.syncSeconds.back()));
    s.ratios.push_back(s.exportSeconds.back() / s.writeSeconds.back());
    s.syncRatios.push_back(s.exportSeconds.back() / s.syncSeconds.back());
    return true;
}

void report(ExportFormat format, const Samples& s)
{
    const SampleStats ratio = SampleStats::of(s.ratios), syncRatio = SampleStats::of(s.syncRatios);
    const auto ms = [](const std::vector<double>& v) { return SampleStats::of(v).scaled(1e3); };
    std::printf("B9 %s export: %.1f MB, %lld rows\n", qPrintable(exportFormatName(format)),
        static_cast<double>(s.bytes) / 1e6, static_cast<long long>(s.written));
    std::printf("   export to a file (QSaveFile, fsync on commit) %s ms (thread CPU %s ms)\n",
        ms(s.exportSeconds).text(1).c_str(), ms(s.cpuSeconds).text(1).c_str());
    std::printf("   the same export into memory                  %s ms\n", ms(s.memorySeconds).text(1).c_str());
    std::printf("   fwrite of the same bytes                     %s ms; with fsync %s ms\n",
        ms(s.writeSeconds).text(1).c_str(), ms(s.syncSeconds).text(1).c_str());
    std::printf("   raw sqlite3 scan of the tables it reads      %s ms (thread CPU %s ms)\n",
        ms(s.scanSeconds).text(1).c_str(), ms(s.scanCpu).text(1).c_str());
    std::printf("   export/(scan+fwrite+fsync) %s\n", SampleStats::of(s.floorRatios).text(2).c_str());
    std::printf("   in thread CPU time: export/fwrite %s, export/(scan+fwrite) %s\n",
        SampleStats::of(s.cpuRatios).text(2).c_str(), SampleStats::of(s.cpuFloorRatios).text(2).c_str());
    std::printf("   export/fwrite %s  budget <= %.1f: %s;  export/(fwrite+fsync) %s\n", ratio.text(2).c_str(),
        kExportRatioBudget, ratio.median <= kExportRatioBudget ? "within budget" : "OVER BUDGET",
        syncRatio.text(2).c_str());
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B9") },
        { QStringLiteral("format"), exportFormatName(format) },
        { QStringLiteral("bytes"), s.bytes },
        { QStringLiteral("rows"), static_cast<qint64>(s.written) },
        { QStringLiteral("exportMs"), ms(s.exportSeconds).toJson(1) },
        { QStringLiteral("exportCpuMs"), ms(s.cpuSeconds).toJson(1) },
        { QStringLiteral("inMemoryMs"), ms(s.memorySeconds).toJson(1) },
        { QStringLiteral("fwriteMs"), ms(s.writeSeconds).toJson(1) },
        { QStringLiteral("fwriteFsyncMs"), ms(s.syncSeconds).toJson(1) },
        { QStringLiteral("scanMs"), ms(s.scanSeconds).toJson(1) },
        { QStringLiteral("ratioToScanAndWrite"), SampleStats::of(s.floorRatios).toJson(2) },
        { QStringLiteral("cpuRatio"), SampleStats::of(s.cpuRatios).toJson(2) },
        { QStringLiteral("cpuRatioToScanAndWrite"), SampleStats::of(s.cpuFloorRatios).toJson(2) },
        { QStringLiteral("ratio"), ratio.toJson(2) },
        { QStringLiteral("ratioWithFsync"), syncRatio.toJson(2) },
        { QStringLiteral("withinBudget"), ratio.median <= kExportRatioBudget },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
}
}

int main(int argc, char** argv)
{
    const BenchArgs args(argc, argv, { "scenario", "orders", "set", "reps", "formats" },
        "bench_export [--scenario FILE] [--orders 50000] [--set PATH=VALUE]... [--reps 5] "
        "[--formats jsonl,csv,cloudevents]");
    const std::uint64_t orders = args.number("orders", 50'000);
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 5));
    const std::optional<Scenario> scenario = args.scenario(
        EVENTLOOM_SCENARIO_DIR "/01-pubsub-fanout.json", { QStringLiteral("workload.orders=%1").arg(orders) });
    if (!scenario)
        return 2;
    QTemporaryDir dir;
    const QString runPath = dir.filePath(QStringLiteral("run.sqlite"));
    const HeadlessRun::Result recorded
        = HeadlessRun::record(*scenario, std::nullopt, {}, runPath, QStringLiteral("bench_export"));
    RunFile run;
    QString error;
    if (!recorded.ok || !run.open(runPath, error)) {
        std::fprintf(stderr, "bench_export: %s\n", qPrintable(recorded.ok ? error : recorded.error));
        return 2;
    }
    std::printf("B9 run: %s, %llu orders, %lld trace records, %lld messages\n", qPrintable(scenario->id),
        static_cast<unsigned long long>(orders), static_cast<long long>(run.recordCount()),
        static_cast<long long>(run.messageCount()));
    for (const QString& name :
        QString::fromStdString(args.text("formats", "jsonl,csv,cloudevents")).split(QLatin1Char(','))) {
        const std::optional<ExportFormat> format = exportFormatFromName(name);
        if (!format) {
            std::fprintf(stderr, "bench_export: unknown format '%s'\n", qPrintable(name));
            return 2;
        }
        Samples samples;
        // One repetition more, discarded: the first reads the run file into the page cache.
        for (std::uint64_t rep = 0; rep <= reps; ++rep) {
            if (!measure(run, *format, dir, samples))
                return 2;
            if (rep == 0)
                samples = Samples {};
        }
        report(*format, samples);
    }
    return 0;
}
