// B5 (docs/benchmarks.md): painting the timeline of a 1M-event run at 1920×600, zoomed out (the whole
// run: per-pixel density) and zoomed in (a few hundred arrows), against the floor — one 1-px rect per
// lane per pixel column — and against drawing one rect per event, each painted the way the window
// paints: a synchronous repaint() into the backing store of a widget of the same size. The view is the
// window's own TimelineView, fed the batches the simulation thread would send. Not a ctest test: it
// never fails on speed; it prints figures (one JSON line for scripts).

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "views/timelineview.h"

#include <QApplication>
#include <QPainter>
#include <cstdio>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kOutBudget = 1.5; ///< zoomed out, × floor
constexpr double kInBudget = 1.2; ///< zoomed in, × floor
constexpr double kPerEventBudget = 15.0; ///< at least this many times faster than a rect per event
constexpr SimTime kGap = 10; ///< µs between events: 1M events span 10 simulated seconds

/// A run of `events` messages, each published by one lane and handled by another 0.5–2.5 ms later,
/// as the worker's batches would carry it (atoms first, then rows in time order).
TraceBatch runOf(std::uint64_t events, int lanes)
{
    TraceBatch batch;
    batch.atoms.push_back(QString()); // atom 0 means "none", as in the engine's table
    for (int lane = 0; lane < lanes; ++lane)
        batch.atoms.push_back(QStringLiteral("service-%1").arg(lane, 2, 10, QLatin1Char('0')));
    const Atom firstType = static_cast<Atom>(batch.atoms.size());
    for (int type = 0; type < 12; ++type)
        batch.atoms.push_back(QStringLiteral("Event%1").arg(type));
    const Atom topic = static_cast<Atom>(batch.atoms.size());
    batch.atoms.push_back(QStringLiteral("events"));
    batch.rows.reserve(events * 2);
    constexpr std::uint64_t kLag = 250; // handled 250 events (2.5 ms) later at most
    for (std::uint64_t i = 0; i < events + kLag; ++i) {
        if (i < events) {
            TraceRow published;
            published.kind = TraceKind::Published;
            published.time = static_cast<SimTime>(i) * kGap;
            published.message = static_cast<std::uint32_t>(i);
            published.producer = static_cast<Atom>(1 + i % static_cast<std::uint64_t>(lanes));
            published.topic = topic;
            published.type = firstType + static_cast<Atom>(i % 12);
            batch.rows.push_back(published);
        }
        if (i >= kLag) {
            const std::uint64_t m = i - kLag;
            TraceRow handled;
            handled.kind = TraceKind::Handled;
            handled.time = static_cast<SimTime>(i) * kGap;
            handled.message = static_cast<std::uint32_t>(m);
            handled.service = static_cast<Atom>(1 + (m * 7 + 3) % static_cast<std::uint64_t>(lanes));
            handled.type = firstType + static_cast<Atom>(m % 12);
            handled.outcome = HandleOutcome::Ok;
            batch.rows.push_back(handled);
        }
    }
    return batch;
}

/// A repaint of `widget`, as the window does it: synchronously into its backing store.
double repaintSeconds(QWidget& widget)
{
    const Stopwatch watch;
    widget.repaint();
    return watch.elapsed().wallSeconds;
}

/// The baselines, painted through the same path into a widget of the same size: the floor — what any
/// per-pixel drawing must at least do, one 1-px rect per lane per pixel column — or one rect per event.
class BaselineWidget final : public QWidget {
public:
    BaselineWidget(int lanes, int columns, std::uint64_t events)
        : m_lanes(lanes)
        , m_columns(columns)
        , m_events(events)
    {
        setAttribute(Qt::WA_OpaquePaintEvent);
    }
    bool perEvent = false;

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.fillRect(rect(), Qt::white);
        if (!perEvent) {
            for (int lane = 0; lane < m_lanes; ++lane)
                for (int column = 0; column < m_columns; ++column)
                    p.fillRect(
                        QRectF(120 + column, 30 + lane * 28, 1, 12 + (column + lane) % 8), QColor(0, 114, 178, 160));
            return;
        }
        const double scale = static_cast<double>(m_columns) / static_cast<double>(m_events);
        for (std::uint64_t i = 0; i < m_events; ++i) {
            const int lane = static_cast<int>((i * 7 + 3) % static_cast<std::uint64_t>(m_lanes));
            p.fillRect(QRectF(120 + static_cast<double>(i) * scale, 30 + lane * 28, 1, 16), QColor(0, 114, 178, 160));
        }
    }

private:
    int m_lanes;
    int m_columns;
    std::uint64_t m_events;
};
}

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const BenchArgs args(argc, argv, { "events", "lanes", "reps", "width", "height" },
        "bench_timeline [--events 1000000] [--lanes 20] [--reps 7] [--width 1920] [--height 600]");
    const std::uint64_t events = args.number("events", 1'000'000);
    const int lanes = static_cast<int>(std::clamp<std::uint64_t>(args.number("lanes", 20), 2, 200));
    const std::uint64_t reps = std::max<std::uint64_t>(3, args.number("reps", 7));
    const int width = static_cast<int>(args.number("width", 1920));
    const int height = static_cast<int>(args.number("height", 600));

    RunTrace trace;
    TimelineView view(&trace);
    view.setAttribute(Qt::WA_DontShowOnScreen);
    view.resize(width, height);
    view.show();
    // The viewport, not the frame, is 1920×600 wide: what is painted is what the budget states.
    view.resize(
        width + (view.width() - view.viewport()->width()), height + (view.height() - view.viewport()->height()));
    QApplication::processEvents();
    QStringList laneNames;
    for (int lane = 0; lane < lanes; ++lane)
        laneNames << QStringLiteral("service-%1").arg(lane, 2, 10, QLatin1Char('0'));
    view.reset(laneNames, {});
    const Stopwatch feeding;
    trace.append(runOf(events, lanes)); // the trace takes the batch, the view draws from it
    const double feedSeconds = feeding.elapsed().wallSeconds;
    // The viewport, not the frame, is 1920×600: what is painted is what the budget states (the
    // scroll bars came with the data).
    QApplication::processEvents();
    view.resize(
        width + (view.width() - view.viewport()->width()), height + (view.height() - view.viewport()->height()));
    QApplication::processEvents();
    if (view.arrowCount() != events) {
        std::fprintf(stderr, "bench_timeline: %zu arrows for %llu events\n", view.arrowCount(),
            static_cast<unsigned long long>(events));
        return 1;
    }
    const int columns = view.viewport()->width() - 120; // the plot, right of the lane names
    const SimTime end = static_cast<SimTime>(events) * kGap;
    BaselineWidget baseline(lanes, columns, events);
    baseline.setAttribute(Qt::WA_DontShowOnScreen);
    baseline.resize(view.viewport()->size());
    baseline.show();
    QApplication::processEvents();

    std::vector<double> out, in, floor, perEvent, outRatio, inRatio, perEventRatio;
    bool density = true, arrowsZoomedIn = true;
    for (std::uint64_t rep = 0; rep < reps; ++rep) {
        view.fitAll();
        out.push_back(repaintSeconds(*view.viewport()));
        density = density && view.drewDensity();
        view.axis().fit(end / 2, end / 2 + 2 * kMillisecond, columns); // 200 events, each an arrow
        in.push_back(repaintSeconds(*view.viewport()));
        arrowsZoomedIn = arrowsZoomedIn && !view.drewDensity();
        baseline.perEvent = false;
        floor.push_back(repaintSeconds(baseline));
        baseline.perEvent = true;
        perEvent.push_back(repaintSeconds(baseline));
        outRatio.push_back(out.back() / floor.back());
        inRatio.push_back(in.back() / floor.back());
        perEventRatio.push_back(perEvent.back() / out.back());
    }
    const SampleStats o = SampleStats::of(outRatio), i = SampleStats::of(inRatio), e = SampleStats::of(perEventRatio);
    const bool within = o.median <= kOutBudget && i.median <= kInBudget && e.median >= kPerEventBudget;
    std::printf("B5 timeline paint: %llu events on %d lanes, viewport %dx%d (plot %d px), %llu reps\n",
        static_cast<unsigned long long>(events), lanes, view.viewport()->width(), view.viewport()->height(), columns,
        static_cast<unsigned long long>(reps));
    std::printf("   feeding the view   %.1f ms (one batch of %llu rows)\n", feedSeconds * 1e3,
        static_cast<unsigned long long>(events * 2));
    std::printf("   zoomed out         %s ms (density per pixel column: %s)\n",
        SampleStats::of(out).scaled(1e3).text(2).c_str(), density ? "yes" : "NO");
    std::printf("   zoomed in (2 ms)   %s ms (arrows: %s)\n", SampleStats::of(in).scaled(1e3).text(2).c_str(),
        arrowsZoomedIn ? "yes" : "NO");
    std::printf("   floor              %s ms (one 1-px rect per lane per column)\n",
        SampleStats::of(floor).scaled(1e3).text(2).c_str());
    std::printf("   rect per event     %s ms\n", SampleStats::of(perEvent).scaled(1e3).text(1).c_str());
    std::printf(
        "   out/floor %s (budget <= %.1f)  in/floor %s (budget <= %.1f)  per-event/out %s (budget >= %.0f): %s\n",
        o.text(2).c_str(), kOutBudget, i.text(2).c_str(), kInBudget, e.text(1).c_str(), kPerEventBudget,
        within ? "within budget" : "OVER BUDGET");
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B5") },
        { QStringLiteral("events"), static_cast<qint64>(events) },
        { QStringLiteral("lanes"), lanes },
        { QStringLiteral("width"), view.viewport()->width() },
        { QStringLiteral("height"), view.viewport()->height() },
        { QStringLiteral("zoomedOutMs"), SampleStats::of(out).scaled(1e3).toJson(2) },
        { QStringLiteral("zoomedInMs"), SampleStats::of(in).scaled(1e3).toJson(2) },
        { QStringLiteral("floorMs"), SampleStats::of(floor).scaled(1e3).toJson(2) },
        { QStringLiteral("perEventMs"), SampleStats::of(perEvent).scaled(1e3).toJson(1) },
        { QStringLiteral("outOverFloor"), o.toJson(2) },
        { QStringLiteral("inOverFloor"), i.toJson(2) },
        { QStringLiteral("perEventOverOut"), e.toJson(1) },
        { QStringLiteral("withinBudget"), within },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return density && arrowsZoomedIn ? 0 : 1;
}
