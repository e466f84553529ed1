// B8 and B10 (docs/benchmarks.md): how much memory does the window hold per trace record, after the run
// and at its peak, and how fast does it show a run at max speed? The real MainWindow plays a scenario of
// about a million trace records at "max" speed (recording off unless asked, as in B7).
//
// Memory: the heap in use is read before the scenario opens, every ~20 ms while it plays (its peak) and
// once the run has finished and every batch has been shown; the resident set's peak (VmHWM, reset before
// the scenario opens) too. The baseline is the same scenario, seed and overrides run headless in the same
// process: the engine alone, holding what the simulation must hold (its message log, partitions,
// services). The budget (<= 200 B/record) is for the window process as a whole, the engine included.
//
// Live rate: trace records per wall second from Play to "Finished", against `eventloom-cli run` on the
// same scenario file (its checks and delivery checker on, as shipped), the two run one after the other
// in every repetition, alternating which goes first. Not a ctest test: it never fails on size or speed.

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
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <malloc.h>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kBudgetBytesPerRecord = 200.0;
constexpr double kBudgetRateRatio = 0.5;

/// Bytes of heap in use now (small blocks and mmap-ed ones).
double heapNow()
{
    const struct mallinfo2 info = mallinfo2();
    return static_cast<double>(info.uordblks + info.hblkhd);
}

/// The same, after handing free pages back.
double heapInUse()
{
    malloc_trim(0);
    return heapNow();
}

/// A field of /proc/self/status in bytes (VmRSS, VmHWM), 0 if it cannot be read.
double procStatusBytes(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toDouble() * 1024.0;
    return 0;
}

/// Sets the resident set's peak (VmHWM) to what is resident now (Linux: clear_refs 5).
void resetPeakResident()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
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

/// Runs the event loop until `done` holds or `seconds` pass, looking (and calling `poll`) every 10 ms;
/// false on the time-out. The loop sleeps in between, as the application's does: a busy wait here
/// would take a core from the window it measures.
bool spinUntil(const std::function<bool()>& done, double seconds, const std::function<void()>& poll = {})
{
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer look;
    look.setInterval(10);
    bool timedOut = false;
    QObject::connect(&look, &QTimer::timeout, &loop, [&] {
        if (poll)
            poll();
        timedOut = static_cast<double>(clock.elapsed()) / 1000.0 > seconds;
        if (done() || timedOut)
            loop.quit();
    });
    look.start();
    if (!done())
        loop.exec();
    return !timedOut || done();
}

/// Wall seconds `eventloom-cli run FILE` takes (recording to `record` unless empty); negative on failure.
double runCli(const QString& scenarioFile, const QString& record)
{
    QStringList arguments { QStringLiteral("run"), scenarioFile, QStringLiteral("--json") };
    if (!record.isEmpty())
        arguments << QStringLiteral("--record") << record;
    QProcess cli;
    QElapsedTimer clock;
    clock.start();
    cli.start(QStringLiteral(EVENTLOOM_CLI), arguments);
    if (!cli.waitForFinished(-1) || cli.exitStatus() != QProcess::NormalExit || cli.exitCode() == 2) {
        std::fprintf(stderr, "bench_memory: %s failed: %s\n", EVENTLOOM_CLI, cli.readAllStandardError().constData());
        return -1;
    }
    return static_cast<double>(clock.nsecsElapsed()) / 1e9;
}

struct WindowRun {
    bool ok = false;
    double seconds = 0; ///< Play to "Finished"
    double heldAfter = 0; ///< heap held after the run, beyond what was held before the scenario opened
    double heapPeak = 0; ///< the heap's peak while playing, the same way
    double residentPeak = 0; ///< the resident set's peak, beyond the resident set before the scenario opened
};

WindowRun runWindow(const QString& path, double timeout)
{
    WindowRun run;
    const double before = heapInUse();
    const double residentBefore = procStatusBytes("VmRSS");
    resetPeakResident();
    double peak = before;
    const auto poll = [&peak] { peak = std::max(peak, heapNow()); };
    {
        MainWindow w;
        reportWindowErrors(w, "bench_memory");
        w.resize(1600, 1000);
        w.show();
        if (!w.openFile(path))
            return run;
        auto* state = w.findChild<QLabel*>(QStringLiteral("stateLabel"));
        spinUntil([] { return false; }, 0.5); // the window laid out and painted before the clock starts
        w.setSpeed(PlaybackSpeed::kMax);
        QElapsedTimer clock;
        clock.start();
        w.play();
        if (!spinUntil([state] { return state->text() == QLatin1String("Finished"); }, timeout, poll)) {
            std::fprintf(stderr, "bench_memory: the run did not finish within %.0f s\n", timeout);
            return run;
        }
        run.seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
        spinUntil([] { return false; }, 1.0, poll); // the last batches and repaints
        poll();
        run.heapPeak = peak - before;
        run.residentPeak = procStatusBytes("VmHWM") - residentBefore;
        run.heldAfter = heapInUse() - before;
    }
    run.ok = true;
    return run;
}
}

int main(int argc, char** argv)
{
    prepareWindowBench();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("eventloom-bench"));
    const BenchArgs args(argc, argv, { "scenario", "set", "reps", "timeout", "record" },
        "bench_memory [--scenario FILE] [--set PATH=VALUE]... [--reps 3] [--timeout 600] [--record 0|1]");
    // About a million trace records: 01's fan-out, 72,000 orders (docs/benchmarks.md, run comparison).
    const QStringList overrides { QStringLiteral("workload.orders=72000") };
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 3));
    const double timeout = static_cast<double>(args.number("timeout", 600));
    const bool record = args.number("record", 0) != 0;

    const std::optional<Scenario> loaded = args.scenario(EVENTLOOM_SCENARIO_DIR "/01-pubsub-fanout.json", overrides);
    if (!loaded)
        return 2;
    QTemporaryDir dir; // the window opens files: write the scenario as overridden
    const QString path = writeScenarioFile(*loaded, dir, "bench_memory");
    if (path.isEmpty())
        return 2;
    QSettings().setValue(QStringLiteral("recording/enabled"), record); // B3 measures recording
    const QString cliRecord = record ? dir.filePath(QStringLiteral("cli.sqlite")) : QString();

    std::vector<double> engine, after, heapPeak, residentPeak, windowRate, cliRate, ratio;
    std::uint64_t records = 0;
    for (std::uint64_t rep = 0; rep < reps; ++rep) {
        const Headless headless = runHeadless(*loaded);
        records = headless.records;
        const auto perRecord = [records](double bytes) { return bytes / static_cast<double>(records); };
        engine.push_back(perRecord(headless.bytes));

        double cliSeconds = rep % 2 == 0 ? runCli(path, cliRecord) : 0;
        const WindowRun window = runWindow(path, timeout);
        if (rep % 2 == 1)
            cliSeconds = runCli(path, cliRecord);
        if (!window.ok || cliSeconds <= 0)
            return 2;
        after.push_back(perRecord(window.heldAfter));
        heapPeak.push_back(perRecord(window.heapPeak));
        residentPeak.push_back(perRecord(window.residentPeak));
        windowRate.push_back(static_cast<double>(records) / window.seconds);
        cliRate.push_back(static_cast<double>(records) / cliSeconds);
        ratio.push_back(cliSeconds / window.seconds);
    }
    const SampleStats peak = SampleStats::of(heapPeak), resident = SampleStats::of(residentPeak);
    const SampleStats rate = SampleStats::of(ratio);
    const bool memoryWithin = std::max(peak.median, resident.median) <= kBudgetBytesPerRecord;
    const bool rateWithin = rate.median >= kBudgetRateRatio;
    std::printf("B8 memory, B10 live rate: %s, %llu trace records, %llu reps (recording %s)\n", qPrintable(loaded->id),
        static_cast<unsigned long long>(records), static_cast<unsigned long long>(reps), record ? "on" : "off");
    std::printf("   engine alone (headless, the baseline)   %s B/record\n", SampleStats::of(engine).text(1).c_str());
    std::printf("   window process, heap after the run      %s B/record\n", SampleStats::of(after).text(1).c_str());
    std::printf("   window process, heap at its peak        %s B/record\n", peak.text(1).c_str());
    std::printf("   window process, resident set's peak     %s B/record;  budget <= %.0f: %s\n",
        resident.text(1).c_str(), kBudgetBytesPerRecord, memoryWithin ? "within budget" : "OVER BUDGET");
    std::printf("   live rate: window %s k records/s, eventloom-cli %s k records/s\n",
        SampleStats::of(windowRate).scaled(1e-3).text(0).c_str(),
        SampleStats::of(cliRate).scaled(1e-3).text(0).c_str());
    std::printf("   window / CLI %s;  budget >= %.1f: %s\n", rate.text(2).c_str(), kBudgetRateRatio,
        rateWithin ? "within budget" : "OVER BUDGET");
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B8+B10") },
        { QStringLiteral("scenario"), loaded->id },
        { QStringLiteral("records"), static_cast<qint64>(records) },
        { QStringLiteral("recording"), record },
        { QStringLiteral("engineBytesPerRecord"), SampleStats::of(engine).toJson(1) },
        { QStringLiteral("windowHeapAfterBytesPerRecord"), SampleStats::of(after).toJson(1) },
        { QStringLiteral("windowHeapPeakBytesPerRecord"), peak.toJson(1) },
        { QStringLiteral("windowResidentPeakBytesPerRecord"), resident.toJson(1) },
        { QStringLiteral("memoryWithinBudget"), memoryWithin },
        { QStringLiteral("windowRecordsPerSecond"), SampleStats::of(windowRate).toJson(0) },
        { QStringLiteral("cliRecordsPerSecond"), SampleStats::of(cliRate).toJson(0) },
        { QStringLiteral("windowOverCli"), rate.toJson(2) },
        { QStringLiteral("rateWithinBudget"), rateWithin },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return 0;
}
