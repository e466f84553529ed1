// B7 (docs/benchmarks.md): is the window responsive while the engine runs as fast as it can? The real
// MainWindow plays a large scenario at "max" speed while a 1-ms precise timer on the UI thread measures
// how late each of its ticks comes (a stall: the UI thread was busy with something else), and the
// timeline's repaints are counted. The baseline is the same window, the same probe, with the event loop
// idle (the scenario open, not playing). Not a ctest test: it never fails on speed.

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "windowbench.h"

#include "mainwindow.h"
#include "playbackspeed.h"
#include "scenario/scenarioloader.h"
#include "views/timelineview.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kStallBudgetMs = 30.0;
constexpr double kFpsBudget = 30.0;

/// CPU time the calling thread has used: unlike wall time, other processes on the machine do not inflate it.
double threadCpuSeconds()
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

/// Counts the paints of a widget.
class PaintCounter final : public QObject {
public:
    int paints = 0;
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

struct Window {
    double worstStallMs = 0; ///< the latest a 1-ms tick came, beyond its millisecond
    double p99StallMs = 0;
    double fps = 0; ///< timeline repaints per wall second
    double busy = 0; ///< the UI thread's CPU time over the window's wall time (1 = always busy)
    double cpuSeconds = 0; ///< the UI thread's CPU time in the window
    double seconds = 0;
    bool finished = false;
};

/// Spins the event loop for `seconds` (or until `done` says so) with the probe running.
Window measure(MainWindow& window, double seconds, const std::function<bool()>& done)
{
    PaintCounter counter;
    window.timeline()->viewport()->installEventFilter(&counter);
    std::vector<double> late;
    late.reserve(static_cast<std::size_t>(seconds * 1200));
    QElapsedTimer clock;
    clock.start();
    const double cpuStart = threadCpuSeconds();
    qint64 last = clock.nsecsElapsed();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        late.push_back(std::max(0.0, static_cast<double>(now - last) / 1e6 - 1.0));
        last = now;
    });
    probe.start();
    QEventLoop loop;
    QTimer check;
    check.setInterval(20);
    QObject::connect(&check, &QTimer::timeout, [&] {
        if (static_cast<double>(clock.nsecsElapsed()) / 1e9 >= seconds || (done && done()))
            loop.quit();
    });
    check.start();
    loop.exec();
    probe.stop();
    window.timeline()->viewport()->removeEventFilter(&counter);
    Window w;
    w.seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    std::sort(late.begin(), late.end());
    w.worstStallMs = late.empty() ? 0 : late.back();
    w.p99StallMs = late.empty() ? 0 : late[late.size() * 99 / 100];
    w.fps = counter.paints / w.seconds;
    w.cpuSeconds = threadCpuSeconds() - cpuStart;
    w.busy = w.cpuSeconds / w.seconds;
    return w;
}
}

int main(int argc, char** argv)
{
    prepareWindowBench();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("eventloom-bench"));
    const BenchArgs args(argc, argv, { "scenario", "set", "seconds", "reps" },
        "bench_responsiveness [--scenario FILE] [--set PATH=VALUE]... [--seconds 4] [--reps 3]");
    QStringList overrides { QStringLiteral("workload.orders=200000"), QStringLiteral("workload.rate=2000") };
    const double seconds = static_cast<double>(std::max<std::uint64_t>(1, args.number("seconds", 4)));
    const std::uint64_t reps = std::max<std::uint64_t>(1, args.number("reps", 3));

    const std::optional<Scenario> loaded
        = args.scenario(EVENTLOOM_SCENARIO_DIR "/07-saga-orchestration.json", overrides);
    if (!loaded)
        return 2;
    QTemporaryDir dir; // the window opens files: write the scenario as overridden
    const QString path = writeScenarioFile(*loaded, dir, "bench_responsiveness");
    if (path.isEmpty())
        return 2;
    QSettings().setValue(QStringLiteral("recording/enabled"), false); // B7 is about the UI; B3 measures recording

    std::vector<double> idleStall, busyStall, busyP99, idleP99, fps, ratio, uiBusy, uiCpuPerKEvents;
    std::uint64_t eventsPerRun = 0;
    for (std::uint64_t rep = 0; rep < reps; ++rep) {
        MainWindow window;
        reportWindowErrors(window, "bench_responsiveness");
        window.resize(1600, 1000);
        window.show();
        if (!window.openFile(path))
            return 2;
        const Window idle = measure(window, seconds, {});
        window.setSpeed(PlaybackSpeed::kMax);
        window.play();
        auto* state = window.findChild<QLabel*>(QStringLiteral("stateLabel"));
        const Window busy = measure(window, seconds, [state] { return state->text() == QLatin1String("Finished"); });
        auto* events = window.findChild<QLabel*>(QStringLiteral("eventsLabel"));
        const std::uint64_t simulated = events->text().section(u':', 1).trimmed().toULongLong();
        eventsPerRun = std::max<std::uint64_t>(eventsPerRun, simulated);
        uiCpuPerKEvents.push_back(busy.cpuSeconds * 1e3 / std::max(1.0, static_cast<double>(simulated) / 1e3));
        window.findChild<QAction*>(QStringLiteral("actionPlay"))->trigger(); // pause before the window goes
        idleStall.push_back(idle.worstStallMs);
        idleP99.push_back(idle.p99StallMs);
        busyStall.push_back(busy.worstStallMs);
        busyP99.push_back(busy.p99StallMs);
        fps.push_back(busy.fps);
        uiBusy.push_back(busy.busy * 100);
        ratio.push_back(busy.worstStallMs / std::max(0.05, idle.worstStallMs));
    }
    const SampleStats stall = SampleStats::of(busyStall), frames = SampleStats::of(fps);
    const bool within = stall.median <= kStallBudgetMs && frames.median >= kFpsBudget;
    std::printf("B7 responsiveness: %s at max speed, %.0f s a window, %llu reps (recording off)\n",
        qPrintable(loaded->id), seconds, static_cast<unsigned long long>(reps));
    std::printf("   events simulated in a window  %llu\n", static_cast<unsigned long long>(eventsPerRun));
    std::printf("   idle: worst stall %s ms, p99 %s ms\n", SampleStats::of(idleStall).text(2).c_str(),
        SampleStats::of(idleP99).text(2).c_str());
    std::printf("   playing: worst stall %s ms, p99 %s ms, timeline repaints %s /s\n", stall.text(2).c_str(),
        SampleStats::of(busyP99).text(2).c_str(), frames.text(1).c_str());
    std::printf(
        "   UI thread busy (its CPU time / wall time) while playing: %s %%, %s ms of its CPU per 1,000 events\n",
        SampleStats::of(uiBusy).text(1).c_str(), SampleStats::of(uiCpuPerKEvents).text(2).c_str());
    std::printf("   worst stall playing / idle %s;  budget stall <= %.0f ms, repaint >= %.0f fps: %s\n",
        SampleStats::of(ratio).text(1).c_str(), kStallBudgetMs, kFpsBudget, within ? "within budget" : "OVER BUDGET");
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B7") },
        { QStringLiteral("scenario"), loaded->id },
        { QStringLiteral("seconds"), seconds },
        { QStringLiteral("events"), static_cast<qint64>(eventsPerRun) },
        { QStringLiteral("idleWorstStallMs"), SampleStats::of(idleStall).toJson(2) },
        { QStringLiteral("idleP99StallMs"), SampleStats::of(idleP99).toJson(2) },
        { QStringLiteral("playingWorstStallMs"), stall.toJson(2) },
        { QStringLiteral("playingP99StallMs"), SampleStats::of(busyP99).toJson(2) },
        { QStringLiteral("repaintsPerSecond"), frames.toJson(1) },
        { QStringLiteral("stallOverIdle"), SampleStats::of(ratio).toJson(1) },
        { QStringLiteral("uiBusyPercent"), SampleStats::of(uiBusy).toJson(1) },
        { QStringLiteral("uiCpuMsPerThousandEvents"), SampleStats::of(uiCpuPerKEvents).toJson(2) },
        { QStringLiteral("withinBudget"), within },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return 0;
}
