// B4, seek half (docs/benchmarks.md): time travel in a 1M-event store. The state of an aggregate at a
// random simulated time, from its nearest snapshot plus the tail (EventStore::loadAtTime), against a
// full replay of the run from its start up to that time, and against replaying only that aggregate's
// stream from its first event (the store without snapshots). Also every aggregate at once (the time
// scrubber's question) against one replay pass. Not a ctest test: it never fails on speed; it prints
// figures (one JSON line for scripts).

#include "benchargs.h"
#include "benchreport.h"
#include "eventstoreworkload.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "base/randomstream.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kSeekMsBudget = 50;
constexpr double kRatioBudget = 20;

double nowNs()
{
    return static_cast<double>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

struct Target {
    Atom stream = 0;
    SimTime t = 0;
};

/// Latencies of one way of answering every target, and the wall/CPU time of the whole batch.
struct Batch {
    std::vector<double> ns;
    double wallSeconds = 0;
    double cpuSeconds = 0;
    double sumNs() const
    {
        double sum = 0;
        for (const double v : ns)
            sum += v;
        return sum;
    }
};

template <class Answer>
Batch timeBatch(const std::vector<Target>& targets, Answer answer)
{
    Batch batch;
    const Stopwatch stopwatch;
    for (const Target& target : targets) {
        const double start = nowNs();
        answer(target);
        batch.ns.push_back(nowNs() - start);
    }
    const Stopwatch::Reading reading = stopwatch.elapsed();
    batch.wallSeconds = reading.wallSeconds;
    batch.cpuSeconds = reading.cpuSeconds;
    return batch;
}

[[noreturn]] void wrongAnswer(const char* what)
{
    std::fprintf(stderr, "bench_eventstore: %s disagrees with the full replay: refusing to report\n", what);
    std::exit(2);
}

struct ShapeFigures {
    QJsonObject json;
    bool withinBudget = true;
};

ShapeFigures measure(const char* name, const EventStoreWorkload::Shape& shape, std::uint64_t targetsPerRep,
    std::uint64_t scrubTargets, std::uint64_t reps, std::uint64_t discard)
{
    const EventStoreWorkload workload(shape);
    const EventStore& store = workload.store();
    const EventLog& log = workload.log();
    std::printf("B4 seek, %s: %u events over %u streams, snapshot every %u events per stream\n", name, shape.events,
        shape.streams, shape.snapshotEvery);
    std::printf("   built in %.2f s (%.2f M appends/s with exact expected versions); %zu snapshots;"
                " ~%.0f bytes/event (store, payload fields, snapshots)\n",
        workload.buildSeconds(), shape.events / workload.buildSeconds() / 1e6, workload.snapshotCount(),
        workload.bytesPerEvent());

    std::vector<double> seekNs, streamReplayNs, fullReplayNs, ratioFull, ratioStream, cpuRatioFull;
    std::vector<double> scrubSeekMs, scrubReplayMs, ratioScrub;
    std::vector<BenchAggregate> seekStates;
    std::vector<BenchAggregate> replayStates;
    for (std::uint64_t rep = 0; rep < discard + reps; ++rep) {
        RandomStream random(shape.seed * 7919 + rep);
        std::vector<Target> targets(targetsPerRep);
        for (Target& target : targets) {
            target.stream = workload.stream(static_cast<std::uint32_t>(random.uniformInt(0, shape.streams - 1)));
            target.t = random.uniformInt(0, workload.endTime());
        }
        std::vector<BenchAggregate> seeks(targets.size(), workload.fresh());
        std::vector<BenchAggregate> streamReplays(targets.size(), workload.fresh());
        std::vector<BenchAggregate> fullReplays(targets.size(), workload.fresh());
        std::size_t i = 0;
        const auto seek = [&](const Target& target) { store.loadAtTime(target.stream, target.t, seeks[i++], log); };
        std::size_t j = 0;
        const auto streamReplay = [&](const Target& target) {
            store.replay(target.stream, store.versionAtTime(target.stream, target.t), streamReplays[j++], log);
        };
        std::size_t k = 0;
        const auto fullReplay
            = [&](const Target& target) { fullReplays[k++] = workload.fullReplay(target.stream, target.t); };
        // Alternate the order, so neither side always runs right after the full replay swept the caches.
        Batch seekBatch, streamBatch, fullBatch;
        if (rep % 2 == 0) {
            seekBatch = timeBatch(targets, seek);
            streamBatch = timeBatch(targets, streamReplay);
            fullBatch = timeBatch(targets, fullReplay);
        } else {
            fullBatch = timeBatch(targets, fullReplay);
            streamBatch = timeBatch(targets, streamReplay);
            seekBatch = timeBatch(targets, seek);
        }
        for (std::size_t n = 0; n < targets.size(); ++n) {
            if (!(seeks[n] == fullReplays[n]))
                wrongAnswer("a seek");
            if (!(streamReplays[n] == fullReplays[n]))
                wrongAnswer("a stream replay");
        }

        Batch scrubSeek, scrubReplay;
        if (shape.streams > 1 && scrubTargets > 0) {
            std::vector<Target> times(scrubTargets);
            for (Target& target : times)
                target.t = random.uniformInt(0, workload.endTime());
            const auto seekAll = [&](const Target& target) { workload.seekAll(target.t, seekStates); };
            const auto replayAll = [&](const Target& target) { workload.fullReplayAll(target.t, replayStates); };
            for (const Target& target : times) {
                const Batch s = timeBatch({ target }, seekAll);
                const Batch r = timeBatch({ target }, replayAll);
                scrubSeek.ns.push_back(s.ns.front());
                scrubReplay.ns.push_back(r.ns.front());
                if (seekStates != replayStates)
                    wrongAnswer("seeking every aggregate");
            }
        }
        if (rep < discard)
            continue;
        seekNs.insert(seekNs.end(), seekBatch.ns.begin(), seekBatch.ns.end());
        streamReplayNs.insert(streamReplayNs.end(), streamBatch.ns.begin(), streamBatch.ns.end());
        fullReplayNs.insert(fullReplayNs.end(), fullBatch.ns.begin(), fullBatch.ns.end());
        // Ratios of whole batches, in wall and in CPU time alike; each includes the per-target clock reads
        // (~50 ns), which makes the ratios slightly conservative.
        ratioFull.push_back(fullBatch.wallSeconds / seekBatch.wallSeconds);
        ratioStream.push_back(streamBatch.wallSeconds / seekBatch.wallSeconds);
        cpuRatioFull.push_back(fullBatch.cpuSeconds / seekBatch.cpuSeconds);
        for (const double v : scrubSeek.ns)
            scrubSeekMs.push_back(v / 1e6);
        for (const double v : scrubReplay.ns)
            scrubReplayMs.push_back(v / 1e6);
        if (!scrubSeek.ns.empty())
            ratioScrub.push_back(scrubReplay.sumNs() / scrubSeek.sumNs());
    }

    const SampleStats seekUs = SampleStats::of(seekNs).scaled(1e-3);
    const SampleStats streamUs = SampleStats::of(streamReplayNs).scaled(1e-3);
    const SampleStats fullMs = SampleStats::of(fullReplayNs).scaled(1e-6);
    const SampleStats full = SampleStats::of(ratioFull);
    const SampleStats stream = SampleStats::of(ratioStream);
    const SampleStats cpuFull = SampleStats::of(cpuRatioFull);
    const bool seekOk = seekUs.max / 1e3 <= kSeekMsBudget;
    const bool ratioOk = full.median >= kRatioBudget;
    std::printf("   %llu reps (+%llu discarded) x %llu random (aggregate, time) targets\n",
        static_cast<unsigned long long>(reps), static_cast<unsigned long long>(discard),
        static_cast<unsigned long long>(targetsPerRep));
    std::printf("   seek (snapshot + tail)      %s us   worst %.3f ms, budget <= %.0f ms: %s\n", seekUs.text(2).c_str(),
        seekUs.max / 1e3, kSeekMsBudget, seekOk ? "within budget" : "OVER BUDGET");
    std::printf("   stream replay (no snapshot) %s us\n", streamUs.text(2).c_str());
    std::printf("   full replay from the start  %s ms\n", fullMs.text(2).c_str());
    std::printf("   full replay / seek          %s x   budget >= %.0f x: %s\n", full.text(0).c_str(), kRatioBudget,
        ratioOk ? "within budget" : "OVER BUDGET");
    std::printf("   same ratio in CPU time      %s x\n", cpuFull.text(0).c_str());
    std::printf("   stream replay / seek        %s x\n", stream.text(2).c_str());

    QJsonObject json {
        { QStringLiteral("shape"), QString::fromLatin1(name) },
        { QStringLiteral("events"), static_cast<qint64>(shape.events) },
        { QStringLiteral("streams"), static_cast<qint64>(shape.streams) },
        { QStringLiteral("snapshotEvery"), static_cast<qint64>(shape.snapshotEvery) },
        { QStringLiteral("snapshots"), static_cast<qint64>(workload.snapshotCount()) },
        { QStringLiteral("buildSeconds"), workload.buildSeconds() },
        { QStringLiteral("bytesPerEvent"), std::round(workload.bytesPerEvent()) },
        { QStringLiteral("targets"), static_cast<qint64>(targetsPerRep * reps) },
        { QStringLiteral("seekUs"), seekUs.toJson(2) },
        { QStringLiteral("streamReplayUs"), streamUs.toJson(2) },
        { QStringLiteral("fullReplayMs"), fullMs.toJson(3) },
        { QStringLiteral("fullReplayOverSeek"), full.toJson(1) },
        { QStringLiteral("cpuFullReplayOverSeek"), cpuFull.toJson(1) },
        { QStringLiteral("streamReplayOverSeek"), stream.toJson(2) },
        { QStringLiteral("seekWithinBudget"), seekOk },
        { QStringLiteral("ratioWithinBudget"), ratioOk },
    };
    bool withinBudget = seekOk && ratioOk;
    if (!ratioScrub.empty()) {
        const SampleStats seekAll = SampleStats::of(scrubSeekMs);
        const SampleStats replayAll = SampleStats::of(scrubReplayMs);
        const SampleStats ratio = SampleStats::of(ratioScrub);
        const bool allOk = seekAll.max <= kSeekMsBudget;
        std::printf("   every aggregate at a time (%llu times/rep): seek %s ms, worst %.2f ms: %s;"
                    " one replay pass %s ms; ratio %s x\n",
            static_cast<unsigned long long>(scrubTargets), seekAll.text(2).c_str(), seekAll.max,
            allOk ? "within 50 ms" : "over 50 ms", replayAll.text(2).c_str(), ratio.text(2).c_str());
        json.insert(QStringLiteral("allAggregates"),
            QJsonObject { { QStringLiteral("seekMs"), seekAll.toJson(3) },
                { QStringLiteral("fullReplayMs"), replayAll.toJson(3) },
                { QStringLiteral("fullReplayOverSeek"), ratio.toJson(2) } });
    }
    return { json, withinBudget };
}
}

int main(int argc, char** argv)
{
    const BenchArgs args(argc, argv,
        { "events", "streams", "every", "every-single", "shapes", "targets", "scrub-targets", "reps", "discard",
            "seed" },
        "bench_eventstore [--events 1000000] [--streams 10000] [--every 10] [--every-single 1000]"
        " [--shapes both|many|single] [--targets 200] [--scrub-targets 5] [--reps 5] [--discard 1] [--seed 1]");
    EventStoreWorkload::Shape many;
    many.events = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, args.number("events", many.events)));
    many.streams = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, args.number("streams", many.streams)));
    many.snapshotEvery = static_cast<std::uint32_t>(args.number("every", many.snapshotEvery));
    many.seed = args.number("seed", 1);
    EventStoreWorkload::Shape single = many;
    single.streams = 1;
    single.snapshotEvery = static_cast<std::uint32_t>(args.number("every-single", 1000));
    const std::string shapes = args.text("shapes", "both");
    if (shapes != "both" && shapes != "many" && shapes != "single") {
        std::fprintf(stderr, "bench_eventstore: --shapes expects both, many or single\n");
        return 64;
    }
    const std::uint64_t targets = std::max<std::uint64_t>(1, args.number("targets", 200));
    const std::uint64_t scrubTargets = args.number("scrub-targets", 5);
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 5));
    const std::uint64_t discard = args.number("discard", 1);

    QJsonArray results;
    bool withinBudget = true;
    if (shapes == "both" || shapes == "many") {
        const ShapeFigures f = measure("many streams", many, targets, scrubTargets, reps, discard);
        results.append(f.json);
        withinBudget &= f.withinBudget;
    }
    if (shapes == "both" || shapes == "single") {
        const ShapeFigures f = measure("one stream", single, targets, 0, reps, discard);
        results.append(f.json);
        withinBudget &= f.withinBudget;
    }
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B4-seek") },
        { QStringLiteral("shapes"), results },
        { QStringLiteral("reps"), static_cast<qint64>(reps) },
        { QStringLiteral("seekMsBudget"), kSeekMsBudget },
        { QStringLiteral("ratioBudget"), kRatioBudget },
        { QStringLiteral("withinBudget"), withinBudget },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return 0;
}
