// B1 (docs/benchmarks.md): the bus on its own. Publish → partition → deliver to every subscribed
// group with no-op handlers, against a floor doing the same work (BaselineBus: a binary heap and a
// std::function per subscriber, producing the same trace records per event into a preallocated buffer
// and fingerprinting them as the engine does), both timed in this process. Not a ctest test: it never
// fails on speed; it prints figures (one JSON line per benchmark for scripts).

#include "allocationcounter.h"
#include "benchargs.h"
#include "benchreport.h"
#include "busworkload.h"
#include "samplestats.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace eventloom::bench;

namespace {
constexpr double kRatioBudget = 2.0;
// "No heap allocation per event": append-only logs may still double now and then (O(log N)
// allocations per run), but nothing may allocate once per event or once per few hundred events.
constexpr double kAllocationsPerEventBudget = 1e-4;
}

int main(int argc, char** argv)
{
    const BenchArgs args(argc, argv,
        { "events", "warmup", "chunk", "partitions", "groups", "keys", "commit-delay", "reps", "discard", "verbose" },
        "bench_bus [--events 1000000] [--warmup 250000] [--chunk 1000] [--partitions 3] [--groups 3] [--keys 1000]"
        " [--commit-delay 0] [--reps 5] [--discard 1] [--verbose 0]");
    BusWorkload::Shape shape;
    shape.measuredEvents = std::max<std::uint64_t>(1, args.number("events", shape.measuredEvents));
    shape.warmupEvents = args.number("warmup", shape.warmupEvents);
    shape.chunk = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, args.number("chunk", shape.chunk)));
    shape.partitions = static_cast<std::int32_t>(std::max<std::uint64_t>(1, args.number("partitions", 3)));
    shape.groups = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, args.number("groups", shape.groups)));
    shape.keys = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, args.number("keys", shape.keys)));
    shape.commitDelay = static_cast<std::int64_t>(args.number("commit-delay", 0));
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 5));
    const std::uint64_t discard = args.number("discard", 1);
    const bool verbose = args.number("verbose", 0) != 0;
    const BusWorkload workload(shape);

    std::vector<double> engineNs;
    std::vector<double> baselineNs;
    std::vector<double> ratios;
    std::vector<double> cpuRatios;
    std::vector<double> engineAllocations;
    AllocationCounter::Snapshot engineWindow;
    AllocationCounter::Snapshot baselineWindow;
    for (std::uint64_t rep = 0; rep < discard + reps; ++rep) {
        // Alternate the order, so neither side always runs on the other's freed memory or warmed caches.
        BusWorkload::Run engine;
        BusWorkload::Run baseline;
        if (rep % 2 == 0) {
            engine = workload.runEngine();
            baseline = workload.runBaseline();
        } else {
            baseline = workload.runBaseline();
            engine = workload.runEngine();
        }
        const double e = engine.seconds * 1e9 / static_cast<double>(engine.events);
        const double b = baseline.seconds * 1e9 / static_cast<double>(baseline.events);
        if (verbose)
            std::printf("   rep %llu%s: engine %.1f ns/event (cpu %.1f), baseline %.1f ns/event (cpu %.1f)\n",
                static_cast<unsigned long long>(rep), rep < discard ? " (discarded)" : "", e,
                engine.cpuSeconds * 1e9 / static_cast<double>(engine.events), b,
                baseline.cpuSeconds * 1e9 / static_cast<double>(baseline.events));
        if (rep < discard)
            continue;
        engineNs.push_back(e);
        baselineNs.push_back(b);
        ratios.push_back(e / b);
        cpuRatios.push_back(engine.cpuSeconds / baseline.cpuSeconds);
        engineAllocations.push_back(static_cast<double>(engine.allocations.allocations));
        engineWindow = engine.allocations;
        baselineWindow = baseline.allocations;
    }

    const SampleStats engine = SampleStats::of(engineNs);
    const SampleStats baseline = SampleStats::of(baselineNs);
    const SampleStats ratio = SampleStats::of(ratios);
    const SampleStats cpuRatio = SampleStats::of(cpuRatios);
    const SampleStats allocations = SampleStats::of(engineAllocations);
    const auto events = static_cast<double>(shape.measuredEvents);
    const double allocationsPerEvent = allocations.median / events;
    const bool timeOk = ratio.median <= kRatioBudget;
    const bool allocationsOk = allocationsPerEvent <= kAllocationsPerEventBudget;

    std::printf("B1 bus: publish -> partition -> deliver to every subscribed group, no-op handlers\n");
    std::printf("   %llu measured events after %llu warm-up, %u groups, %d partitions, chunk %u, %u keys,"
                " commit delay %lld us; %llu reps (+%llu discarded)\n",
        static_cast<unsigned long long>(shape.measuredEvents),
        static_cast<unsigned long long>(workload.shape().warmupEvents), shape.groups, shape.partitions, shape.chunk,
        shape.keys, static_cast<long long>(shape.commitDelay), static_cast<unsigned long long>(reps),
        static_cast<unsigned long long>(discard));
    std::printf(
        "   engine    ns/event     %s  = %.1f ns/delivery\n", engine.text(1).c_str(), engine.median / shape.groups);
    std::printf(
        "   floor     ns/event     %s  = %.1f ns/delivery\n", baseline.text(1).c_str(), baseline.median / shape.groups);
    std::printf("   ratio engine/floor     %s  budget <= %.1f: %s\n", ratio.text(2).c_str(), kRatioBudget,
        timeOk ? "within budget" : "OVER BUDGET");
    std::printf("   same ratio in CPU time %s\n", cpuRatio.text(2).c_str());
    std::printf("   engine allocations in the measured window: %.0f (%.0f-%.0f) = %.6f/event, %.1f bytes/event;"
                " budget <= %g/event: %s\n",
        allocations.median, allocations.min, allocations.max, allocationsPerEvent,
        static_cast<double>(engineWindow.bytes) / events, kAllocationsPerEventBudget,
        allocationsOk ? "within budget" : "OVER BUDGET");
    std::printf("      by size (last rep): %s\n", engineWindow.sizeClasses().c_str());
    std::printf("   floor allocations in the measured window: %llu\n",
        static_cast<unsigned long long>(baselineWindow.allocations));

    QJsonArray sizeClasses;
    for (std::size_t k = 0; k < AllocationCounter::kSizeClasses; ++k)
        if (engineWindow.bySizeClass[k] != 0)
            sizeClasses.append(QJsonObject { { QStringLiteral("upToBytes"), static_cast<qint64>(1ull << k) },
                { QStringLiteral("count"), static_cast<qint64>(engineWindow.bySizeClass[k]) } });
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B1") },
        { QStringLiteral("events"), static_cast<qint64>(shape.measuredEvents) },
        { QStringLiteral("warmupEvents"), static_cast<qint64>(workload.shape().warmupEvents) },
        { QStringLiteral("groups"), static_cast<int>(shape.groups) },
        { QStringLiteral("partitions"), shape.partitions },
        { QStringLiteral("chunk"), static_cast<int>(shape.chunk) },
        { QStringLiteral("commitDelayUs"), static_cast<qint64>(shape.commitDelay) },
        { QStringLiteral("reps"), static_cast<qint64>(reps) },
        { QStringLiteral("engineNsPerEvent"), engine.toJson(1) },
        { QStringLiteral("baselineNsPerEvent"), baseline.toJson(1) },
        { QStringLiteral("ratio"), ratio.toJson(2) },
        { QStringLiteral("cpuRatio"), cpuRatio.toJson(2) },
        { QStringLiteral("ratioBudget"), kRatioBudget },
        { QStringLiteral("engineAllocations"), allocations.toJson(0) },
        { QStringLiteral("engineAllocationsPerEvent"), allocationsPerEvent },
        { QStringLiteral("engineAllocationSizes"), sizeClasses },
        { QStringLiteral("baselineAllocations"), static_cast<qint64>(baselineWindow.allocations) },
        { QStringLiteral("allocationsPerEventBudget"), kAllocationsPerEventBudget },
        { QStringLiteral("withinBudget"), timeOk && allocationsOk },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return 0;
}
