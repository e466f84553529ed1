// B2's checks half (docs/benchmarks.md, "B2 — checks"): per shipped scenario, the engine alone against
// the same run judged by the scenario's own checks (CheckJudge::run, as `eventloom-cli run` and the
// window's worker judge it: `always` checks sampled every 100 ms of simulated time, every check at the
// end), alternating in one process. Not a ctest test: it never fails on speed; it prints figures (one
// JSON line per scenario for scripts). The run must not change: both fingerprints are compared.

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "lessons/checkjudge.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "sim/fingerprint.h"
#include "sim/simulation.h"

#include <QDir>
#include <QJsonObject>
#include <QStringList>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kRatioBudget = 1.5;
/// The same safety net as `eventloom-cli run` (HeadlessRun::kQuiescenceLimit).
constexpr std::uint64_t kQuiescenceLimit = 2'000'000'000ull;

struct Timed {
    double seconds = 0;
    std::uint64_t fingerprint = 0;
    std::uint64_t deliveries = 0;
};

/// One run of `scenario`, judged by `checks` (none: the engine alone, as CheckJudge::run runs it).
Timed runOnce(const Scenario& scenario, const std::vector<ScenarioCheck>& checks)
{
    auto sim = ScenarioBuilder::build(scenario);
    CheckJudge judge(checks);
    const Stopwatch stopwatch;
    judge.run(*sim, scenario.until, kQuiescenceLimit);
    if (!checks.empty())
        (void)judge.finish(*sim);
    const double seconds = stopwatch.elapsed().wallSeconds;
    return { seconds, sim->fingerprint(), sim->counters().deliveries };
}
}

int main(int argc, char** argv)
{
    const BenchArgs args(argc, argv, { "scenario", "orders", "set", "reps", "discard" },
        "bench_checks [--scenario FILE] [--orders 100000] [--set PATH=VALUE]... [--reps 3] [--discard 1]");
    const std::uint64_t orders = args.number("orders", 100'000);
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 3));
    const std::uint64_t discard = args.number("discard", 1);

    std::vector<std::string> files;
    if (const std::string one = args.text("scenario", {}); !one.empty()) {
        files.push_back(one);
    } else {
        const QDir dir(QStringLiteral(EVENTLOOM_SCENARIO_DIR));
        for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
            files.push_back(dir.filePath(name).toStdString());
    }

    bool sameRuns = true;
    for (const std::string& file : files) {
        QStringList overrides { QStringLiteral("workload.orders=%1").arg(orders) };
        for (const std::string& set : args.all("set"))
            overrides << QString::fromStdString(set);
        const auto loaded = ScenarioLoader::loadFile(QString::fromStdString(file), overrides);
        if (!loaded.ok()) {
            std::fprintf(stderr, "bench_checks: %s does not load\n", file.c_str());
            return 2;
        }
        const Scenario& scenario = *loaded.scenario;
        std::vector<double> alone;
        std::vector<double> judged;
        std::vector<double> ratios;
        std::uint64_t deliveries = 0;
        for (std::uint64_t rep = 0; rep < discard + reps; ++rep) {
            // Alternate which goes first, so neither always runs on a warmer cache.
            const bool checksFirst = rep % 2 == 1;
            Timed withChecks;
            Timed engine;
            if (checksFirst)
                withChecks = runOnce(scenario, scenario.checks);
            engine = runOnce(scenario, {});
            if (!checksFirst)
                withChecks = runOnce(scenario, scenario.checks);
            if (withChecks.fingerprint != engine.fingerprint) {
                std::fprintf(stderr, "bench_checks: %s: judging the checks changed the run\n", file.c_str());
                sameRuns = false;
            }
            deliveries = engine.deliveries;
            if (rep < discard)
                continue;
            alone.push_back(engine.seconds);
            judged.push_back(withChecks.seconds);
            ratios.push_back(withChecks.seconds / engine.seconds);
        }
        const SampleStats aloneMs = SampleStats::of(alone).scaled(1e3);
        const SampleStats judgedMs = SampleStats::of(judged).scaled(1e3);
        const SampleStats ratio = SampleStats::of(ratios);
        const std::size_t always = static_cast<std::size_t>(std::count_if(scenario.checks.begin(),
            scenario.checks.end(), [](const ScenarioCheck& c) { return c.when == ScenarioCheck::When::Always; }));
        std::printf("%-40s engine %s ms, with its %zu checks (%zu always) %s ms, ratio %s%s\n", qPrintable(scenario.id),
            aloneMs.text(1).c_str(), scenario.checks.size(), always, judgedMs.text(1).c_str(), ratio.text(3).c_str(),
            ratio.median <= kRatioBudget ? "" : "  OVER BUDGET");
        BenchReport::printJsonLine({
            { QStringLiteral("benchmark"), QStringLiteral("B2-checks") },
            { QStringLiteral("scenario"), scenario.id },
            { QStringLiteral("orders"), static_cast<qint64>(orders) },
            { QStringLiteral("deliveries"), static_cast<qint64>(deliveries) },
            { QStringLiteral("checks"), static_cast<qint64>(scenario.checks.size()) },
            { QStringLiteral("alwaysChecks"), static_cast<qint64>(always) },
            { QStringLiteral("reps"), static_cast<qint64>(reps) },
            { QStringLiteral("engineMs"), aloneMs.toJson(1) },
            { QStringLiteral("withChecksMs"), judgedMs.toJson(1) },
            { QStringLiteral("ratio"), ratio.toJson(3) },
            { QStringLiteral("ratioBudget"), kRatioBudget },
            { QStringLiteral("machine"), BenchReport::machine() },
        });
    }
    return sameRuns ? 0 : 2;
}
