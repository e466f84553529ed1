// B6 (docs/benchmarks.md): a chart update with 1M points. The Metrics dock's own throughput chart
// (a QChartView of 1200×400) is updated from the reduced buckets — the points built from
// MetricsSeries, replace() on the series, the axes, the layout and a render into a QImage — against
// the same chart fed every point: replace() with 1M points (one per published event: its time and the
// rate at that moment), the same axes, layout and render. Not a ctest test: it never fails on speed;
// it prints figures (one JSON line for scripts).

#include "benchargs.h"
#include "benchreport.h"
#include "samplestats.h"
#include "stopwatch.h"

#include "charts/metricspanel.h"
#include "charts/metricspoints.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QImage>
#include <QLineSeries>
#include <QPainter>
#include <QValueAxis>
#include <cmath>
#include <cstdio>
#include <numbers>

using namespace eventloom;
using namespace eventloom::bench;

namespace {
constexpr double kBudget = 40.0; ///< at least this many times faster than feeding every point

/// `events` events published to one topic at a rate that swings between 500 and 1,500 per simulated
/// second (a 200-s period), as the worker's batch would carry them; `raw` gets one chart point per
/// event: its time (s) and the rate it was published at.
TraceBatch runOf(std::uint64_t events, QList<QPointF>& raw)
{
    TraceBatch batch;
    batch.atoms = { QString(), QStringLiteral("orders.events"), QStringLiteral("OrderCreated") };
    batch.rows.reserve(events);
    raw.reserve(static_cast<qsizetype>(events));
    SimTime t = 0;
    for (std::uint64_t i = 0; i < events; ++i) {
        const double rate
            = 1000.0 * (1.0 + 0.5 * std::sin(2.0 * std::numbers::pi * static_cast<double>(t) / (200.0 * kSecond)));
        const auto gap = static_cast<SimTime>(std::llround(static_cast<double>(kSecond) / rate));
        t += gap;
        TraceRow row;
        row.kind = TraceKind::Published;
        row.time = t;
        row.message = static_cast<std::uint32_t>(i);
        row.topic = 1;
        row.type = 2;
        row.partition = 0;
        row.offset = static_cast<std::int64_t>(i);
        batch.rows.push_back(row);
        raw.append({ static_cast<double>(t) / kSecond, static_cast<double>(kSecond) / static_cast<double>(gap) });
    }
    return batch;
}

/// What an update is, on either side: the points into the series in one call, the axes fitted, the
/// chart laid out (posted events flushed) and rendered.
double update(
    QChartView& view, QLineSeries& series, const QList<QPointF>& points, double xEnd, double yTop, QImage& image)
{
    const Stopwatch watch;
    series.replace(points);
    auto* x = static_cast<QValueAxis*>(view.chart()->axes(Qt::Horizontal).front());
    auto* y = static_cast<QValueAxis*>(view.chart()->axes(Qt::Vertical).front());
    x->setRange(0, xEnd);
    y->setRange(0, yTop);
    y->applyNiceNumbers();
    QApplication::sendPostedEvents();
    image.fill(Qt::white);
    QPainter painter(&image);
    view.render(&painter);
    painter.end();
    return watch.elapsed().wallSeconds;
}
}

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const BenchArgs args(argc, argv, { "points", "reps", "width", "height", "buckets" },
        "bench_charts [--points 1000000] [--reps 5] [--width 1200] [--height 400] [--buckets 1024]");
    const std::uint64_t events = std::max<std::uint64_t>(1000, args.number("points", 1'000'000));
    const std::uint64_t reps = std::max<std::uint64_t>(3, args.number("reps", 5));
    const int width = static_cast<int>(args.number("width", 1200));
    const int height = static_cast<int>(args.number("height", 400));
    const int buckets = static_cast<int>(args.number("buckets", MetricsSeries::kDefaultMaxBuckets));

    QList<QPointF> raw;
    const TraceBatch batch = runOf(events, raw);

    // The dock's panel, its throughput tab in view; the batch folded as the window folds it.
    RunTrace trace;
    MetricsPanel panel(&trace);
    panel.setAttribute(Qt::WA_DontShowOnScreen);
    panel.show();
    QChart* chart = panel.chart(MetricsPanel::Chart::Throughput);
    auto* view = qobject_cast<QChartView*>(chart->scene()->views().front());
    MetricsSeries data(buckets, MetricsSeries::kDefaultWidth);
    RunTrace source; // not the panel's: only the fold is timed
    const TraceGrowth growth = source.append(batch);
    const Stopwatch folding;
    data.append(source, growth);
    const double foldSeconds = folding.elapsed().wallSeconds;
    trace.append(batch); // the panel folds its own series: it creates the topic's series and draws once
    // The chart view, not the panel around it, is width×height: what is rendered is what the budget states.
    panel.resize(width, height);
    QApplication::processEvents();
    panel.resize(width + (panel.width() - view->width()), height + (panel.height() - view->height()));
    QApplication::processEvents();
    if (chart->series().size() != 1) {
        std::fprintf(stderr, "bench_charts: %lld series in the throughput chart\n",
            static_cast<long long>(chart->series().size()));
        return 1;
    }
    auto* series = static_cast<QLineSeries*>(chart->series().front());

    const double xEnd = raw.back().x();
    double yTop = 0;
    for (const QPointF& p : raw)
        yTop = std::max(yTop, p.y());
    QImage image(view->size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> reduced, all, build, ratio, ratioWithFold;
    qsizetype reducedPoints = 0;
    bool allShown = true;
    for (std::uint64_t rep = 0; rep < reps; ++rep) {
        const Stopwatch building;
        const QList<QPointF> points = MetricsPoints::publishRate(data, 0);
        build.push_back(building.elapsed().wallSeconds);
        reducedPoints = points.size();
        reduced.push_back(build.back() + update(*view, *series, points, xEnd, yTop, image));
        all.push_back(update(*view, *series, raw, xEnd, yTop, image));
        allShown = allShown && series->count() == static_cast<qsizetype>(events);
        ratio.push_back(all.back() / reduced.back());
        ratioWithFold.push_back(all.back() / (reduced.back() + foldSeconds));
    }
    const SampleStats r = SampleStats::of(ratio), f = SampleStats::of(ratioWithFold);
    const bool within = r.median >= kBudget;
    std::printf(
        "B6 chart update: %llu points, chart %dx%d, %lld reduced points (%d buckets at most, %.3f s wide), %llu reps\n",
        static_cast<unsigned long long>(events), view->width(), view->height(), static_cast<long long>(reducedPoints),
        data.maxBuckets(), static_cast<double>(data.bucketWidth()) / kSecond, static_cast<unsigned long long>(reps));
    std::printf("   folding %llu rows     %.1f ms (%.1f ns a row; done as batches arrive)\n",
        static_cast<unsigned long long>(events), foldSeconds * 1e3, foldSeconds * 1e9 / static_cast<double>(events));
    std::printf("   reduced update      %s ms (building the points: %s ms)\n",
        SampleStats::of(reduced).scaled(1e3).text(2).c_str(), SampleStats::of(build).scaled(1e3).text(3).c_str());
    std::printf("   every point         %s ms\n", SampleStats::of(all).scaled(1e3).text(1).c_str());
    std::printf("   every point / reduced %s (budget >= %.0f): %s; counting the whole fold too: %s\n",
        r.text(1).c_str(), kBudget, within ? "within budget" : "OVER BUDGET", f.text(1).c_str());
    BenchReport::printJsonLine({
        { QStringLiteral("benchmark"), QStringLiteral("B6") },
        { QStringLiteral("points"), static_cast<qint64>(events) },
        { QStringLiteral("width"), view->width() },
        { QStringLiteral("height"), view->height() },
        { QStringLiteral("reducedPoints"), static_cast<qint64>(reducedPoints) },
        { QStringLiteral("foldMs"), std::round(foldSeconds * 1e5) / 1e2 },
        { QStringLiteral("reducedMs"), SampleStats::of(reduced).scaled(1e3).toJson(2) },
        { QStringLiteral("allPointsMs"), SampleStats::of(all).scaled(1e3).toJson(1) },
        { QStringLiteral("allOverReduced"), r.toJson(1) },
        { QStringLiteral("allOverReducedWithFold"), f.toJson(1) },
        { QStringLiteral("withinBudget"), within },
        { QStringLiteral("machine"), BenchReport::machine() },
    });
    return allShown && reducedPoints <= data.maxBuckets() ? 0 : 1;
}
