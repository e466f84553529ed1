// B4, rebuild half (docs/benchmarks.md): every read model of a recorded run rebuilt from its run file
// — the messages read back into an EventLog (payload JSON parsed into the arena) and folded by fresh
// read models — against a raw sqlite3_step scan of the same rows. The rebuilt models are checked
// against the ones rebuilt from the live run's log, so the figure is for a correct rebuild. Not a
// ctest test: it never fails on speed; it prints figures (one JSON line for scripts).

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "readmodels/readmodel.h"
#include "record/runfile.h"
#include "record/runlogloader.h"
#include "record/runrecorder.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <cstdio>
#include <sqlite3.h>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kRatioBudget = 2.0;
constexpr std::uint64_t kQuiescenceLimit = 2'000'000'000ull;

std::vector<const ReadModel*> readModels(const Simulation& sim)
{
    std::vector<const ReadModel*> models;
    for (std::uint16_t s = 0; s < sim.serviceCount(); ++s)
        if (const auto* model = dynamic_cast<const ReadModel*>(&sim.service(s)))
            models.push_back(model);
    return models;
}

/// The baseline: step through the same rows and touch every column the rebuild reads.
double scanSeconds(const std::string& path, std::uint64_t& checksum)
{
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
        R"(SELECT m.seq, m.command, m.id, m.source, m.type, m.version, m.t, m.topic, m.partition, m."offset", m.key,
                  m.tenant, m.correlation, m.causation, m.producer, m.target, m.data
           FROM messages m ORDER BY m.seq)",
        -1, &s, nullptr);
    const Stopwatch watch;
    checksum = 0;
    while (sqlite3_step(s) == SQLITE_ROW)
        for (int c = 0; c < 17; ++c)
            checksum += sqlite3_column_type(s, c) == SQLITE_INTEGER
                ? static_cast<std::uint64_t>(sqlite3_column_int64(s, c))
                : static_cast<std::uint64_t>(sqlite3_column_bytes(s, c));
    const double seconds = watch.elapsed().wallSeconds;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return seconds;
}
}

int main(int argc, char** argv)
{
    const BenchArgs args(argc, argv, { "scenario", "orders", "set", "reps" },
        "bench_rebuild [--scenario FILE] [--orders 100000] [--set PATH=VALUE]... [--reps 5]");
    const std::uint64_t orders = args.number("orders", 100'000);
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 5));
    QStringList overrides { QStringLiteral("workload.orders=%1").arg(orders) };
    const std::optional<Scenario> loaded = args.scenario(EVENTLOOM_SCENARIO_DIR "/05-cqrs-read-models.json", overrides);
    if (!loaded)
        return 2;
    const Scenario& scenario = *loaded;
    QTemporaryDir dir;
    const QString runPath = dir.filePath(QStringLiteral("run.sqlite"));

    // The recorded run (not timed), and the reference: each model rebuilt from the live log.
    auto live = ScenarioBuilder::build(scenario);
    {
        RunInfo info;
        info.scenarioId = scenario.id;
        info.scenarioJson = QJsonDocument(scenario.json).toJson(QJsonDocument::Compact);
        info.seed = live->seed();
        RunRecorder recorder;
        QString error;
        if (!recorder.open(runPath, info, error)) {
            std::fprintf(stderr, "bench_rebuild: %s\n", qPrintable(error));
            return 2;
        }
        live->addObserver(&recorder);
        live->runToQuiescence(kQuiescenceLimit);
        if (!recorder.finish(*live)) {
            std::fprintf(stderr, "bench_rebuild: %s\n", qPrintable(recorder.error()));
            return 2;
        }
        live->removeObserver(&recorder);
    }
    const std::vector<const ReadModel*> models = readModels(*live);
    if (models.empty()) {
        std::fprintf(stderr, "bench_rebuild: the scenario has no read models\n");
        return 2;
    }
    RunFile run;
    QString error;
    if (!run.open(runPath, error)) {
        std::fprintf(stderr, "bench_rebuild: %s\n", qPrintable(error));
        return 2;
    }
    const auto topicIndex = [&](std::string_view name) -> std::uint16_t {
        for (std::uint16_t t = 0; t < live->bus().topicCount(); ++t)
            if (live->log().text(live->bus().topic(t).name) == name)
                return t;
        return kNoIndex;
    };

    std::vector<double> rebuildSeconds, loadSeconds, foldSeconds, scans, ratios;
    std::size_t events = 0;
    std::uint64_t checksum = 0;
    bool equal = true;
    for (std::uint64_t rep = 0; rep < reps; ++rep) {
        const Stopwatch watch;
        EventLog log;
        // Commands too: rows remember log positions (seq), so the log must be the recorded one, whole.
        const RunLogLoader::Result r = RunLogLoader::load(run, log, topicIndex, false);
        if (!r.ok) {
            std::fprintf(stderr, "bench_rebuild: %s\n", qPrintable(r.error));
            return 2;
        }
        const double loadTime = watch.elapsed().wallSeconds;
        std::vector<std::unique_ptr<ReadModel>> rebuilt;
        for (const ReadModel* model : models) {
            auto fresh = model->blank();
            for (const Event& e : log.events())
                if (fresh->reads(e.topic))
                    fresh->apply(log, e);
            rebuilt.push_back(std::move(fresh));
        }
        const double total = watch.elapsed().wallSeconds;
        events = log.size();
        rebuildSeconds.push_back(total);
        loadSeconds.push_back(loadTime);
        foldSeconds.push_back(total - loadTime);
        scans.push_back(scanSeconds(runPath.toStdString(), checksum));
        ratios.push_back(total / scans.back());
        if (rep == 0)
            for (std::size_t m = 0; m < models.size(); ++m)
                equal = equal && rebuilt[m]->compare(*models[m]->rebuild(live->log(), live->bus())).empty();
    }
    const SampleStats ratio = SampleStats::of(ratios);
    std::printf("B4 rebuild: %s, %llu orders: %zu read models from a run file of %zu messages\n",
        qPrintable(scenario.id), static_cast<unsigned long long>(orders), models.size(), events);
    std::printf("   rebuild          %s ms (read + parse into a log %s ms, fold %s ms)\n",
        SampleStats::of(rebuildSeconds).scaled(1e3).text(1).c_str(),
        SampleStats::of(loadSeconds).scaled(1e3).text(1).c_str(),
        SampleStats::of(foldSeconds).scaled(1e3).text(1).c_str());
    std::printf("   sqlite3_step scan %s ms\n", SampleStats::of(scans).scaled(1e3).text(1).c_str());
    std::printf("   rebuild/scan     %s  budget <= %.1f: %s\n", ratio.text(2).c_str(), kRatioBudget,
        ratio.median <= kRatioBudget ? "within budget" : "OVER BUDGET");
    std::printf("   rebuilt models equal the live log's rebuild: %s\n", equal ? "yes" : "NO");
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B4-rebuild") },
        { QStringLiteral("scenario"), scenario.id },
        { QStringLiteral("orders"), static_cast<qint64>(orders) },
        { QStringLiteral("events"), static_cast<qint64>(events) },
        { QStringLiteral("readModels"), static_cast<qint64>(models.size()) },
        { QStringLiteral("rebuildMs"), SampleStats::of(rebuildSeconds).scaled(1e3).toJson(1) },
        { QStringLiteral("loadMs"), SampleStats::of(loadSeconds).scaled(1e3).toJson(1) },
        { QStringLiteral("foldMs"), SampleStats::of(foldSeconds).scaled(1e3).toJson(1) },
        { QStringLiteral("scanMs"), SampleStats::of(scans).scaled(1e3).toJson(1) },
        { QStringLiteral("ratio"), ratio.toJson(2) },
        { QStringLiteral("equal"), equal },
        { QStringLiteral("withinBudget"), ratio.median <= kRatioBudget && equal },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return equal ? 0 : 1;
}
