// B8 (docs/benchmarks.md): how much memory does the window hold per trace record? The real MainWindow
// plays a scenario of about a million trace records at "max" speed (recording off, as in B7) and the
// heap in use is read before the scenario opens and once the run has finished and every batch has been
// shown. The baseline is the same scenario, seed and overrides run headless in the same process: the
// engine alone, holding what the simulation must hold (its message log, partitions, services). What
// the window process holds beyond it — the run trace its panels read and what they derive from it, the
// worker's checkpoints for time travel, the charts — is the window's cost. Not a ctest test: it never
// fails on size.

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "windowbench.h"

#include "mainwindow.h"
#include "playbackspeed.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "sim/simulation.h"
#include "trace/traceobserver.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <malloc.h>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kBudgetBytesPerRecord = 200.0;

/// Bytes of heap in use now (small blocks and mmap-ed ones), after handing free pages back.
double heapInUse()
{
    malloc_trim(0);
    const struct mallinfo2 info = mallinfo2();
    return static_cast<double>(info.uordblks + info.hblkhd);
}

class RecordCounter final : public TraceObserver {
public:
    std::uint64_t records = 0;
    void onTrace(const TraceRecord&, const Simulation&) override { ++records; }
};

struct Headless {
    std::uint64_t records = 0;
    double bytes = 0; ///< heap the finished simulation holds
};

Headless runHeadless(const Scenario& scenario)
{
    const double before = heapInUse();
    RecordCounter counter;
    Headless h;
    {
        auto sim = ScenarioBuilder::build(scenario);
        sim->addObserver(&counter);
        sim->runToQuiescence();
        sim->finish();
        h.bytes = heapInUse() - before;
    }
    h.records = counter.records;
    return h;
}

/// Runs the event loop until `done` holds or `seconds` pass; false on the time-out.
bool spinUntil(const std::function<bool()>& done, double seconds)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (static_cast<double>(clock.elapsed()) / 1000.0 > seconds)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}
}

int main(int argc, char** argv)
{
    prepareWindowBench();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("eventloom-bench"));
    const BenchArgs args(argc, argv, { "scenario", "set", "reps", "timeout" },
        "bench_memory [--scenario FILE] [--set PATH=VALUE]... [--reps 3] [--timeout 600]");
    // About a million trace records: 01's fan-out, 72,000 orders (docs/benchmarks.md, run comparison).
    const QStringList overrides { QStringLiteral("workload.orders=72000") };
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 3));
    const double timeout = static_cast<double>(args.number("timeout", 600));

    const std::optional<Scenario> loaded = args.scenario(EVENTLOOM_SCENARIO_DIR "/01-pubsub-fanout.json", overrides);
    if (!loaded)
        return 2;
    QTemporaryDir dir; // the window opens files: write the scenario as overridden
    const QString path = writeScenarioFile(*loaded, dir, "bench_memory");
    if (path.isEmpty())
        return 2;
    QSettings().setValue(QStringLiteral("recording/enabled"), false); // B3 measures recording

    std::vector<double> engine, window, windowOwn;
    std::uint64_t records = 0;
    for (std::uint64_t rep = 0; rep < reps; ++rep) {
        const Headless headless = runHeadless(*loaded);
        records = headless.records;
        engine.push_back(headless.bytes / static_cast<double>(records));

        const double before = heapInUse();
        double held = 0;
        {
            MainWindow w;
            reportWindowErrors(w, "bench_memory");
            w.resize(1600, 1000);
            w.show();
            if (!w.openFile(path))
                return 2;
            w.setSpeed(PlaybackSpeed::kMax);
            w.play();
            auto* state = w.findChild<QLabel*>(QStringLiteral("stateLabel"));
            if (!spinUntil([state] { return state->text() == QLatin1String("Finished"); }, timeout)) {
                std::fprintf(stderr, "bench_memory: the run did not finish within %.0f s\n", timeout);
                return 2;
            }
            spinUntil([] { return false; }, 1.0); // the last batches and repaints
            held = heapInUse() - before;
        }
        window.push_back(held / static_cast<double>(records));
        windowOwn.push_back((held - headless.bytes) / static_cast<double>(records));
    }
    const SampleStats own = SampleStats::of(windowOwn);
    const bool within = own.median <= kBudgetBytesPerRecord;
    std::printf("B8 memory: %s, %llu trace records, %llu reps (recording off)\n", qPrintable(loaded->id),
        static_cast<unsigned long long>(records), static_cast<unsigned long long>(reps));
    std::printf("   engine alone (headless, the baseline)  %s B/record\n", SampleStats::of(engine).text(1).c_str());
    std::printf("   window process after the run           %s B/record\n", SampleStats::of(window).text(1).c_str());
    std::printf("   the window's own (process - engine)    %s B/record;  budget <= %.0f: %s\n", own.text(1).c_str(),
        kBudgetBytesPerRecord, within ? "within budget" : "OVER BUDGET");
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B8") },
        { QStringLiteral("scenario"), loaded->id },
        { QStringLiteral("records"), static_cast<qint64>(records) },
        { QStringLiteral("engineBytesPerRecord"), SampleStats::of(engine).toJson(1) },
        { QStringLiteral("windowProcessBytesPerRecord"), SampleStats::of(window).toJson(1) },
        { QStringLiteral("windowOwnBytesPerRecord"), own.toJson(1) },
        { QStringLiteral("withinBudget"), within },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return 0;
}
