// Issue 22, item 2 (docs/benchmarks.md, "B2 with the delivery checker watching"): the engine alone against
// the engine with the streaming DeliveryChecker watching, as `eventloom-cli run` and the window's worker attach
// it, in one process and each repetition in turn; with `--reference 1` also with the checker it replaced (kept
// as the tests' oracle), for the before. Prints the ratios (median, min–max) and what the checker holds at its
// peak (sampled every 64k scheduled items) and at the end. Not a ctest test: it never fails on speed.

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "../core/referencedeliverychecker.h"
#include "check/deliverychecker.h"
#include "scenario/scenariobuilder.h"

#include <QJsonObject>
#include <cstdio>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr std::uint64_t kSlice = 1 << 16; ///< scheduled items between two looks at what the checker holds
constexpr std::uint64_t kQuiescenceLimit = 2'000'000'000ull;

struct Run {
    double seconds = 0;
    std::uint64_t deliveries = 0;
    std::uint64_t published = 0;
    std::uint64_t fingerprint = 0;
    std::size_t peakBytes = 0;
    std::size_t endBytes = 0;
    std::size_t endEntries = 0;
    double reportSeconds = 0;
};

/// One run of `scenario`; `observer` watches it if given, and `checker` (the same, when it is the streaming
/// one) is asked what it holds between slices. The engine alone runs in the same slices.
Run run(const Scenario& scenario, TraceObserver* observer, const DeliveryChecker* checker)
{
    auto sim = ScenarioBuilder::build(scenario);
    if (observer)
        sim->addObserver(observer);
    Run out;
    const Stopwatch stopwatch;
    std::uint64_t steps = 0;
    for (std::uint64_t ran = kSlice; ran == kSlice && steps < kQuiescenceLimit; steps += ran) {
        ran = sim->runToQuiescence(kSlice);
        if (checker)
            out.peakBytes = std::max(out.peakBytes, checker->heldBytes());
    }
    out.seconds = stopwatch.elapsed().wallSeconds;
    if (checker) {
        const Stopwatch reportStopwatch;
        const DeliveryChecker::Report report = checker->report();
        out.reportSeconds = reportStopwatch.elapsed().wallSeconds;
        if (report.lost.count + report.duplicateDeliveries.count > 0)
            std::fprintf(stderr, "bench_deliverychecker: lost or duplicate deliveries in a clean run?\n");
        out.endBytes = checker->heldBytes();
        out.endEntries = checker->heldEntries();
    }
    if (observer)
        sim->removeObserver(observer);
    out.deliveries = sim->counters().deliveries;
    out.published = sim->counters().events;
    out.fingerprint = sim->fingerprint();
    return out;
}
}

int main(int argc, char** argv)
{
    const BenchArgs args(argc, argv, { "scenario", "orders", "set", "reps", "discard", "reference" },
        "bench_deliverychecker [--scenario FILE] [--orders 100000] [--set PATH=VALUE]... [--reps 5] [--discard 1]"
        " [--reference 0]");
    const std::uint64_t orders = args.number("orders", 100'000);
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 5));
    const std::uint64_t discard = args.number("discard", 1);
    const bool withReference = args.number("reference", 0) != 0;
    const std::optional<Scenario> scenario = args.scenario(
        EVENTLOOM_SCENARIO_DIR "/01-pubsub-fanout.json", { QStringLiteral("workload.orders=%1").arg(orders) });
    if (!scenario)
        return 2;

    std::vector<double> engineMs, checkerMs, referenceMs, ratios, referenceRatios, reportMs;
    Run last;
    for (std::uint64_t rep = 0; rep < discard + reps; ++rep) {
        const Run engine = run(*scenario, nullptr, nullptr);
        DeliveryChecker checker;
        const Run watched = run(*scenario, &checker, &checker);
        Run reference;
        if (withReference) {
            eventloom::test::ReferenceDeliveryChecker oracle;
            reference = run(*scenario, &oracle, nullptr);
        }
        if (watched.fingerprint != engine.fingerprint
            || (withReference && reference.fingerprint != engine.fingerprint)) {
            std::fprintf(stderr, "bench_deliverychecker: a watched run took another course: not deterministic\n");
            return 2;
        }
        last = watched;
        if (rep < discard)
            continue;
        engineMs.push_back(engine.seconds * 1e3);
        checkerMs.push_back(watched.seconds * 1e3);
        ratios.push_back(watched.seconds / engine.seconds);
        reportMs.push_back(watched.reportSeconds * 1e3);
        if (withReference) {
            referenceMs.push_back(reference.seconds * 1e3);
            referenceRatios.push_back(reference.seconds / engine.seconds);
        }
    }

    const SampleStats ratio = SampleStats::of(ratios);
    std::printf(
        "Delivery checker: %s, %llu orders, %llu deliveries, %llu events published; %llu reps (+%llu discarded)\n",
        qPrintable(scenario->id), static_cast<unsigned long long>(orders),
        static_cast<unsigned long long>(last.deliveries), static_cast<unsigned long long>(last.published),
        static_cast<unsigned long long>(reps), static_cast<unsigned long long>(discard));
    std::printf("   engine alone            %s ms\n", SampleStats::of(engineMs).text(1).c_str());
    std::printf("   engine + checker        %s ms\n", SampleStats::of(checkerMs).text(1).c_str());
    std::printf("   ratio                   %s  budget <= 1.3: %s\n", ratio.text(2).c_str(),
        ratio.median <= 1.3 ? "within budget" : "OVER BUDGET");
    if (withReference) {
        std::printf("   engine + old checker    %s ms\n", SampleStats::of(referenceMs).text(1).c_str());
        std::printf("   ratio (old checker)     %s\n", SampleStats::of(referenceRatios).text(2).c_str());
    }
    std::printf("   report() after the run  %s ms\n", SampleStats::of(reportMs).text(2).c_str());
    std::printf("   held at the peak        %.2f MB (%.1f bytes per published event)\n", last.peakBytes / 1e6,
        static_cast<double>(last.peakBytes) / static_cast<double>(std::max<std::uint64_t>(1, last.published)));
    std::printf(
        "   held at the end         %.2f MB, %zu entries besides the index\n", last.endBytes / 1e6, last.endEntries);

    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B2-delivery-checker") },
        { QStringLiteral("scenario"), scenario->id },
        { QStringLiteral("orders"), static_cast<qint64>(orders) },
        { QStringLiteral("deliveries"), static_cast<qint64>(last.deliveries) },
        { QStringLiteral("engineMs"), SampleStats::of(engineMs).toJson(1) },
        { QStringLiteral("checkerMs"), SampleStats::of(checkerMs).toJson(1) },
        { QStringLiteral("ratio"), ratio.toJson(3) },
        { QStringLiteral("referenceRatio"),
            withReference ? SampleStats::of(referenceRatios).toJson(3) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("peakBytes"), static_cast<qint64>(last.peakBytes) },
        { QStringLiteral("endEntries"), static_cast<qint64>(last.endEntries) },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return 0;
}
