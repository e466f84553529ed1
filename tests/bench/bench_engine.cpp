// B2 (docs/benchmarks.md): the whole engine on a scenario, no recording (no observers), against B1's
// floor (the same trace records per event, fingerprinted) per delivery timed in this process. Until the e-commerce saga
// scenario exists this runs the largest shipped one, 01-pubsub-fanout, with `workload.orders` raised. Not a ctest test:
// it never fails on speed; it prints figures (one JSON line per benchmark for scripts). With `--checker 1` the delivery
// checker watches the run, as in `eventloom-cli run` and the window's worker (its report, made once after the run, is
// timed apart): the cost per delivery at several sizes shows whether it stays linear.

#include "allocationcounter.h"
#include "benchargs.h"
#include "benchreport.h"
#include "busworkload.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "check/deliverychecker.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "sim/fingerprint.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kDeliveriesPerSecondBudget = 2e6;
constexpr double kRatioBudget = 2.0;
/// The same safety net as `eventloom-cli run`.
constexpr std::uint64_t kQuiescenceLimit = 2'000'000'000ull;
}

int main(int argc, char** argv)
{
    const BenchArgs args(argc, argv,
        { "scenario", "orders", "set", "reps", "discard", "baseline-events", "reserve-messages", "checker" },
        "bench_engine [--scenario FILE] [--orders 100000] [--set PATH=VALUE]... [--reps 5] [--discard 1]"
        " [--baseline-events 1000000] [--reserve-messages 0] [--checker 0]");
    const bool withChecker = args.number("checker", 0) != 0;
    const std::uint64_t orders = args.number("orders", 100'000);
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 5));
    const std::uint64_t discard = args.number("discard", 1);
    const std::uint64_t reserveMessages = args.number("reserve-messages", 0);

    QStringList overrides { QStringLiteral("workload.orders=%1").arg(orders) };
    const std::optional<Scenario> loaded = args.scenario(EVENTLOOM_SCENARIO_DIR "/01-pubsub-fanout.json", overrides);
    if (!loaded)
        return 2;
    const Scenario& scenario = *loaded;

    // B1's floor, exactly: same shape, so "per delivery" means the same thing in both benchmarks.
    BusWorkload::Shape baselineShape;
    baselineShape.measuredEvents = std::max<std::uint64_t>(1, args.number("baseline-events", 1'000'000));
    const BusWorkload baseline(baselineShape);

    std::vector<double> runSeconds;
    std::vector<double> buildSeconds;
    std::vector<double> rates;
    std::vector<double> cpuRates;
    std::vector<double> engineNs;
    std::vector<double> baselineNs;
    std::vector<double> ratios;
    std::vector<double> cpuRatios;
    std::vector<double> reportSeconds; ///< the checker's report after the run (--checker 1)
    RunCounters counters;
    std::uint64_t fingerprint = 0;
    SimTime simTime = 0;
    std::uint64_t steps = 0;
    AllocationCounter::Snapshot allocations;
    for (std::uint64_t rep = 0; rep < discard + reps; ++rep) {
        const Stopwatch buildStopwatch;
        auto sim = ScenarioBuilder::build(scenario);
        // Only for engines that still have the dangling-envelope bug (docs/benchmarks.md, "B2"): with room
        // reserved up front the log never moves during a run. 0 (the default) runs the engine as the CLI does.
        if (reserveMessages > 0)
            sim->mutableLog().reserve(reserveMessages, 0);
        const std::size_t capacity = sim->log().events().capacity();
        const double build = buildStopwatch.elapsed().wallSeconds;
        DeliveryChecker checker;
        if (withChecker)
            sim->addObserver(&checker);

        const AllocationCounter::Snapshot allocationsBefore = AllocationCounter::now();
        const Stopwatch runStopwatch;
        steps = sim->runToQuiescence(kQuiescenceLimit);
        const Stopwatch::Reading run = runStopwatch.elapsed();
        const AllocationCounter::Snapshot window = AllocationCounter::now().since(allocationsBefore);
        if (steps >= kQuiescenceLimit) {
            std::fprintf(stderr, "bench_engine: the scenario did not go quiet within %llu steps\n",
                static_cast<unsigned long long>(kQuiescenceLimit));
            return 2;
        }
        if (reserveMessages > 0 && sim->log().events().capacity() != capacity) {
            std::fprintf(stderr,
                "bench_engine: the run logged %zu messages, more than the %zu reserved, so the log moved;"
                " raise --reserve-messages\n",
                sim->log().size(), capacity);
            return 2;
        }
        if (rep > 0 && sim->fingerprint() != fingerprint) {
            std::fprintf(stderr, "bench_engine: the fingerprint changed between repetitions: not deterministic\n");
            return 2;
        }
        if (withChecker) {
            const Stopwatch reportStopwatch;
            const DeliveryChecker::Report report = checker.report();
            const double took = reportStopwatch.elapsed().wallSeconds;
            if (report.lost.count + report.duplicateDeliveries.count > 0) {
                std::fprintf(stderr, "bench_engine: the checker found lost or duplicate deliveries in a clean run\n");
                return 2;
            }
            if (rep >= discard)
                reportSeconds.push_back(took);
            sim->removeObserver(&checker);
        }
        counters = sim->counters();
        fingerprint = sim->fingerprint();
        simTime = sim->now();
        sim.reset(); // tearing down the log is not part of the run

        const BusWorkload::Run base = baseline.runBaseline();
        if (rep < discard)
            continue;
        const auto deliveries = static_cast<double>(counters.deliveries);
        const double e = run.wallSeconds * 1e9 / deliveries;
        const double b = base.seconds * 1e9 / static_cast<double>(base.deliveries);
        const double cpuE = run.cpuSeconds / deliveries;
        const double cpuB = base.cpuSeconds / static_cast<double>(base.deliveries);
        runSeconds.push_back(run.wallSeconds);
        buildSeconds.push_back(build);
        rates.push_back(deliveries / run.wallSeconds);
        cpuRates.push_back(deliveries / run.cpuSeconds);
        engineNs.push_back(e);
        baselineNs.push_back(b);
        ratios.push_back(e / b);
        cpuRatios.push_back(cpuE / cpuB);
        allocations = window;
    }

    const SampleStats rate = SampleStats::of(rates);
    const SampleStats cpuRate = SampleStats::of(cpuRates);
    const SampleStats engine = SampleStats::of(engineNs);
    const SampleStats base = SampleStats::of(baselineNs);
    const SampleStats ratio = SampleStats::of(ratios);
    const SampleStats cpuRatio = SampleStats::of(cpuRatios);
    const SampleStats runMs = SampleStats::of(runSeconds).scaled(1e3);
    const SampleStats buildMs = SampleStats::of(buildSeconds).scaled(1e3);
    const bool rateOk = rate.median >= kDeliveriesPerSecondBudget;
    const bool ratioOk = ratio.median <= kRatioBudget;
    const auto deliveries = static_cast<double>(counters.deliveries);
    const double allocationsPerDelivery = static_cast<double>(allocations.allocations) / deliveries;

    std::printf("B2 whole engine: %s, %llu orders, no recording%s\n", qPrintable(scenario.id),
        static_cast<unsigned long long>(orders), withChecker ? ", the delivery checker watching" : "");
    std::printf("   per run: %llu events, %llu commands, %llu deliveries, %llu scheduled items, %llu trace records,"
                " sim time %s, fingerprint %s\n",
        static_cast<unsigned long long>(counters.events), static_cast<unsigned long long>(counters.commands),
        static_cast<unsigned long long>(counters.deliveries), static_cast<unsigned long long>(steps),
        static_cast<unsigned long long>(counters.records), formatDuration(simTime).c_str(),
        Fingerprint::format(fingerprint).c_str());
    std::printf("   %llu reps (+%llu discarded); build %s ms, run %s ms\n", static_cast<unsigned long long>(reps),
        static_cast<unsigned long long>(discard), buildMs.text(2).c_str(), runMs.text(1).c_str());
    std::printf("   deliveries/s           %s M  budget >= %.1f M: %s\n", rate.scaled(1e-6).text(2).c_str(),
        kDeliveriesPerSecondBudget / 1e6, rateOk ? "within budget" : "OVER BUDGET");
    std::printf("   same in CPU time       %s M\n", cpuRate.scaled(1e-6).text(2).c_str());
    std::printf("   engine    ns/delivery  %s\n", engine.text(1).c_str());
    std::printf("   floor     ns/delivery  %s  (B1's floor: %llu events x %u subscribers)\n", base.text(2).c_str(),
        static_cast<unsigned long long>(baselineShape.measuredEvents), baselineShape.groups);
    std::printf("   ratio engine/floor     %s  budget <= %.1f: %s\n", ratio.text(1).c_str(), kRatioBudget,
        ratioOk ? "within budget" : "OVER BUDGET");
    std::printf("   same ratio in CPU time %s\n", cpuRatio.text(1).c_str());
    std::printf("   engine allocations during the run (last rep): %llu = %.3f/delivery, %.1f bytes/delivery\n",
        static_cast<unsigned long long>(allocations.allocations), allocationsPerDelivery,
        static_cast<double>(allocations.bytes) / deliveries);
    std::printf("      by size: %s\n", allocations.sizeClasses().c_str());
    const SampleStats reportMs
        = SampleStats::of(reportSeconds.empty() ? std::vector<double> { 0 } : reportSeconds).scaled(1e3);
    if (withChecker)
        std::printf("   the checker's report after the run: %s ms\n", reportMs.text(2).c_str());

    QJsonArray overrideArray;
    for (const QString& o : overrides)
        overrideArray.append(o);
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B2") },
        { QStringLiteral("scenario"), scenario.id },
        { QStringLiteral("overrides"), overrideArray },
        { QStringLiteral("events"), static_cast<qint64>(counters.events) },
        { QStringLiteral("commands"), static_cast<qint64>(counters.commands) },
        { QStringLiteral("deliveries"), static_cast<qint64>(counters.deliveries) },
        { QStringLiteral("scheduledItems"), static_cast<qint64>(steps) },
        { QStringLiteral("traceRecords"), static_cast<qint64>(counters.records) },
        { QStringLiteral("fingerprint"), QString::fromStdString(Fingerprint::format(fingerprint)) },
        { QStringLiteral("reps"), static_cast<qint64>(reps) },
        { QStringLiteral("runMs"), runMs.toJson(1) },
        { QStringLiteral("deliveriesPerSecond"), rate.toJson(0) },
        { QStringLiteral("cpuDeliveriesPerSecond"), cpuRate.toJson(0) },
        { QStringLiteral("deliveriesPerSecondBudget"), kDeliveriesPerSecondBudget },
        { QStringLiteral("engineNsPerDelivery"), engine.toJson(1) },
        { QStringLiteral("baselineNsPerDelivery"), base.toJson(2) },
        { QStringLiteral("ratio"), ratio.toJson(2) },
        { QStringLiteral("cpuRatio"), cpuRatio.toJson(2) },
        { QStringLiteral("ratioBudget"), kRatioBudget },
        { QStringLiteral("allocationsPerDelivery"), std::round(allocationsPerDelivery * 1000) / 1000 },
        { QStringLiteral("withinBudget"), rateOk && ratioOk },
        { QStringLiteral("checker"), withChecker },
        { QStringLiteral("checkerReportMs"), reportMs.toJson(2) },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return 0;
}
