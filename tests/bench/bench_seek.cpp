// B4, seek half (docs/benchmarks.md): a run of about a million messages with checkpoints taken while it
// goes (Checkpointer: forks of the simulation sharing its log), then seeks to deterministic
// pseudo-random times — each a fork of the nearest checkpoint run forward to t — against the baseline,
// a full replay: the same scenario built afresh and run from 0 to t. Every seek is checked against its
// replay (same fingerprint, counters and clock), so the figure is for a correct seek. Also reports what
// the checkpoints cost: heap bytes per logged message, and the run's time with and without them.
// Not a ctest test: it never fails on speed; it prints figures (one JSON line for scripts).

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "base/mix64.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "sim/checkpoints.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <malloc.h>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kSeekBudgetMs = 50.0;
constexpr double kRatioBudget = 20.0;
constexpr std::uint64_t kQuiescenceLimit = 2'000'000'000ull;

/// Heap bytes in use (glibc): what the process holds, not what it asked the kernel for.
double heapBytes()
{
    const struct mallinfo2 m = mallinfo2();
    return static_cast<double>(m.uordblks + m.hblkhd);
}

bool same(const Simulation& a, const Simulation& b)
{
    return a.fingerprint() == b.fingerprint() && a.now() == b.now() && a.counters().records == b.counters().records
        && a.log().size() == b.log().size();
}
}

int main(int argc, char** argv)
{
    const BenchArgs args(argc, argv, { "scenario", "orders", "set", "seeks", "checkpoints", "every" },
        "bench_seek [--scenario FILE] [--orders 170000] [--set PATH=VALUE]... [--seeks 20] [--checkpoints 200 | "
        "--every RECORDS]");
    const std::uint64_t orders = args.number("orders", 170'000);
    const std::uint64_t seeks = std::max<std::uint64_t>(1, args.number("seeks", 20));
    // About one every 0.5 % of the run: a seek replays at most that much (checkpoints copy only what
    // changed since the previous one, so many of them stay small).
    const std::uint64_t wanted = std::max<std::uint64_t>(1, args.number("checkpoints", 200));
    // As B2's e-commerce flow: every order runs the whole flow.
    QStringList overrides { QStringLiteral("workload.orders=%1").arg(orders),
        QStringLiteral("workload.cancelProbability=0"), QStringLiteral("services.inventory.stock=100000000") };
    const std::optional<Scenario> loaded
        = args.scenario(EVENTLOOM_SCENARIO_DIR "/06-event-sourcing-time-travel.json", overrides);
    if (!loaded)
        return 2;
    const Scenario& scenario = *loaded;

    // The run without checkpoints: its length, time and heap.
    const double heapStart = heapBytes();
    double plainSeconds = 0, plainHeap = 0;
    SimTime end = 0;
    std::uint64_t fingerprint = 0, records = 0;
    std::size_t messages = 0;
    {
        auto sim = ScenarioBuilder::build(scenario);
        const Stopwatch watch;
        sim->runToQuiescence(kQuiescenceLimit);
        plainSeconds = watch.elapsed().wallSeconds;
        plainHeap = heapBytes() - heapStart;
        end = sim->now();
        fingerprint = sim->fingerprint();
        records = sim->counters().records;
        messages = sim->log().size();
    }

    // The same run with checkpoints taken as it goes (as the window's engine thread would): by default
    // evenly spaced in trace records, `wanted` of them over the run, plus the policy's early ones (every
    // 1/20 of the records so far while that is fewer: Checkpointer::Policy::earlyDivisor).
    const std::uint64_t every = std::max<std::uint64_t>(1, args.number("every", records / wanted));
    const double heapBefore = heapBytes();
    auto live = ScenarioBuilder::build(scenario);
    const Stopwatch watch;
    Checkpointer checkpoints(*live, { every, 0 });
    std::uint64_t steps = 0;
    std::vector<double> takeMs; // each checkpoint taken while the run goes: a fork of the live run
    std::uint64_t lastTaken = 0;
    while (steps < kQuiescenceLimit && live->step()) {
        ++steps;
        const std::uint64_t records = live->counters().records, since = records - lastTaken;
        const bool early
            = since >= Checkpointer::kEarlyMinRecords && since >= records / checkpoints.policy().earlyDivisor;
        if (since < every && !early) { // none due: what checkpoint() itself checks
            checkpoints.checkpoint(*live);
            continue;
        }
        const Stopwatch takeWatch;
        if (checkpoints.checkpoint(*live)) {
            takeMs.push_back(takeWatch.elapsed().wallSeconds * 1e3);
            lastTaken = live->counters().records;
        }
    }
    const double checkpointedSeconds = watch.elapsed().wallSeconds;
    const double checkpointedHeap = heapBytes() - heapBefore;
    if (live->fingerprint() != fingerprint) {
        std::fprintf(stderr, "bench_seek: the checkpointed run's fingerprint differs from the plain run's\n");
        return 1;
    }
    const double checkpointBytes = std::max(0.0, checkpointedHeap - plainHeap);

    std::vector<double> seekMs, seekCpuMs, forkMs, replayMs, ratios, cpuRatios;
    double seekTotal = 0, replayTotal = 0;
    bool equal = true;
    for (std::uint64_t i = 0; i < seeks; ++i) {
        const auto t = static_cast<SimTime>(mix64(0x5EEC + i) % static_cast<std::uint64_t>(end + 1));
        // The seek, in its two parts: a fork of the nearest checkpoint, run forward to t.
        const Stopwatch seekWatch;
        std::unique_ptr<Simulation> seeked = checkpoints.nearest(t)->fork();
        const double forked = seekWatch.elapsed().wallSeconds;
        seeked->runUntil(t);
        const Stopwatch::Reading seekReading = seekWatch.elapsed();
        const double seek = seekReading.wallSeconds;
        // The baseline: a full replay from 0.
        const Stopwatch replayWatch;
        auto fresh = ScenarioBuilder::build(scenario);
        fresh->runUntil(t);
        const Stopwatch::Reading replayReading = replayWatch.elapsed();
        const double replay = replayReading.wallSeconds;
        equal = equal && same(*seeked, *fresh);
        seekMs.push_back(seek * 1e3);
        seekCpuMs.push_back(seekReading.cpuSeconds * 1e3);
        forkMs.push_back(forked * 1e3);
        replayMs.push_back(replay * 1e3);
        ratios.push_back(replay / seek);
        cpuRatios.push_back(replayReading.cpuSeconds / std::max(1e-9, seekReading.cpuSeconds));
        seekTotal += seek;
        replayTotal += replay;
    }
    // Also the public one-call form, for the worst case near the end.
    const Stopwatch lastWatch;
    const std::unique_ptr<Simulation> last = checkpoints.seek(end);
    const double lastMs = lastWatch.elapsed().wallSeconds * 1e3;
    equal = equal && last && last->fingerprint() == fingerprint;

    // Where a fork's time goes, at the end of the run (the largest state): each service's clone alone.
    QJsonObject cloneMs;
    std::string cloneText;
    double forkEndMs = 0;
    {
        const Stopwatch forkWatch;
        const std::unique_ptr<Simulation> copy = live->fork();
        forkEndMs = forkWatch.elapsed().wallSeconds * 1e3;
        for (std::uint16_t i = 0; i < live->serviceCount(); ++i) {
            const Stopwatch cloneWatch;
            const std::unique_ptr<Service> clone = live->service(i).clone();
            const double ms = cloneWatch.elapsed().wallSeconds * 1e3;
            const std::string name(live->serviceName(i));
            cloneMs.insert(QString::fromStdString(name), std::round(ms * 100) / 100);
            char part[96];
            std::snprintf(part, sizeof part, "%s%s %.1f", cloneText.empty() ? "" : ", ", name.c_str(), ms);
            cloneText += part;
        }
    }

    const SampleStats seek = SampleStats::of(seekMs);
    const SampleStats ratio = SampleStats::of(ratios);
    const double worst = std::max(seek.max, lastMs);
    // The ratio's budget is met by the median seek: a seek to a time within the first checkpoints'
    // spacing replays nearly what a replay from 0 does, whatever the spacing (the minimum is reported).
    const bool within = worst <= kSeekBudgetMs && ratio.median >= kRatioBudget && equal;
    const double perMessage = checkpointBytes / static_cast<double>(messages);
    std::printf("B4 seek: %s, %llu orders: %zu messages, %llu trace records, %.3f s simulated\n",
        qPrintable(scenario.id), static_cast<unsigned long long>(orders), messages,
        static_cast<unsigned long long>(records), static_cast<double>(end) / kSecond);
    std::printf("   checkpoints      %zu, every %llu trace records\n", checkpoints.count(),
        static_cast<unsigned long long>(every));
    std::printf("   run              %.0f ms plain, %.0f ms with checkpoints (%.2fx)\n", plainSeconds * 1e3,
        checkpointedSeconds * 1e3, checkpointedSeconds / plainSeconds);
    std::printf("   heap             run %.1f B/message; checkpoints %.1f B/message (%.1f MB)\n",
        plainHeap / static_cast<double>(messages), perMessage, checkpointBytes / 1e6);
    std::printf(
        "   take             %s ms per checkpoint (a fork of the live run)\n", SampleStats::of(takeMs).text(2).c_str());
    std::printf("   seek             %s ms (fork %s ms), worst %.2f ms; seek(end) %.2f ms; thread CPU %s ms\n",
        seek.text(2).c_str(), SampleStats::of(forkMs).text(2).c_str(), seek.max, lastMs,
        SampleStats::of(seekCpuMs).text(2).c_str());
    std::printf("   fork at the end  %.1f ms; services' clones (ms): %s\n", forkEndMs, cloneText.c_str());
    std::printf("   full replay      %s ms\n", SampleStats::of(replayMs).text(1).c_str());
    std::printf("   replay/seek      %s; thread CPU %s; all replays / all seeks %.1fx\n", ratio.text(1).c_str(),
        SampleStats::of(cpuRatios).text(1).c_str(), replayTotal / seekTotal);
    std::printf("   budget: worst seek <= %.0f ms and median replay/seek >= %.0fx: %s\n", kSeekBudgetMs, kRatioBudget,
        within ? "within budget" : "OVER BUDGET");
    std::printf("   every seek equals its replay: %s\n", equal ? "yes" : "NO");
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B4-seek") },
        { QStringLiteral("scenario"), scenario.id },
        { QStringLiteral("orders"), static_cast<qint64>(orders) },
        { QStringLiteral("messages"), static_cast<qint64>(messages) },
        { QStringLiteral("records"), static_cast<qint64>(records) },
        { QStringLiteral("checkpoints"), static_cast<qint64>(checkpoints.count()) },
        { QStringLiteral("everyRecords"), static_cast<qint64>(every) },
        { QStringLiteral("runMs"), plainSeconds * 1e3 },
        { QStringLiteral("checkpointedRunMs"), checkpointedSeconds * 1e3 },
        { QStringLiteral("runBytesPerMessage"), plainHeap / static_cast<double>(messages) },
        { QStringLiteral("checkpointBytesPerMessage"), perMessage },
        { QStringLiteral("takeMs"), SampleStats::of(takeMs).toJson(2) },
        { QStringLiteral("seekMs"), seek.toJson(2) },
        { QStringLiteral("seekCpuMs"), SampleStats::of(seekCpuMs).toJson(2) },
        { QStringLiteral("forkMs"), SampleStats::of(forkMs).toJson(2) },
        { QStringLiteral("seekEndMs"), lastMs },
        { QStringLiteral("forkAtEndMs"), forkEndMs },
        { QStringLiteral("serviceCloneMsAtEnd"), cloneMs },
        { QStringLiteral("replayMs"), SampleStats::of(replayMs).toJson(1) },
        { QStringLiteral("ratio"), ratio.toJson(1) },
        { QStringLiteral("cpuRatio"), SampleStats::of(cpuRatios).toJson(1) },
        { QStringLiteral("totalRatio"), replayTotal / seekTotal },
        { QStringLiteral("equal"), equal },
        { QStringLiteral("withinBudget"), within },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return equal ? 0 : 1;
}
