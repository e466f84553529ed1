#include "metricspoints.h"

namespace eventloom::MetricsPoints {

namespace {
double seconds(SimTime t)
{
    return static_cast<double>(t) / static_cast<double>(kSecond);
}
double middle(const MetricsSeries& s, int bucket)
{
    return seconds(s.bucketStart(bucket) + s.bucketWidth() / 2);
}

template <typename Count>
QList<QPointF> soFar(const MetricsSeries& s, Count count)
{
    QList<QPointF> points;
    points.reserve(s.bucketCount() + 1);
    points.append({ 0.0, 0.0 });
    std::uint64_t total = 0;
    for (int b = 0; b < s.bucketCount(); ++b) {
        total += count(b);
        points.append({ seconds(s.bucketStart(b + 1)), static_cast<double>(total) });
    }
    return points;
}
}

QList<QPointF> publishRate(const MetricsSeries& s, int topic)
{
    QList<QPointF> points;
    points.reserve(s.bucketCount());
    const double width = seconds(s.bucketWidth());
    for (int b = 0; b < s.bucketCount(); ++b)
        points.append({ middle(s, b), static_cast<double>(s.published(topic, b)) / width });
    return points;
}

QList<QPointF> lag(const MetricsSeries& s, int group)
{
    QList<QPointF> points;
    points.reserve(s.bucketCount());
    for (int b = 0; b < s.bucketCount(); ++b)
        points.append({ middle(s, b), static_cast<double>(s.peakLag(group, b)) });
    return points;
}

QList<QPointF> latency(const MetricsSeries& s, Percentile which)
{
    QList<QPointF> points;
    for (int b = 0; b < s.bucketCount(); ++b) {
        const MetricsSeries::Percentiles p = s.latency(b);
        if (p.count == 0)
            continue;
        const SimTime value = which == Percentile::P50 ? p.p50 : which == Percentile::P95 ? p.p95 : p.p99;
        points.append({ middle(s, b), static_cast<double>(value) / static_cast<double>(kMillisecond) });
    }
    return points;
}

QList<QPointF> duplicatesSoFar(const MetricsSeries& s, Duplicate which)
{
    return soFar(s, [&](int b) {
        const MetricsSeries::Duplicates& d = s.duplicates(b);
        return which == Duplicate::Delivered ? d.delivered : which == Duplicate::Suppressed ? d.suppressed : d.effects;
    });
}

QList<QPointF> sagasSoFar(const MetricsSeries& s, SagaEnd which)
{
    return soFar(s, [&](int b) {
        const MetricsSeries::Sagas& d = s.sagas(b);
        return which == SagaEnd::Completed ? d.completed : which == SagaEnd::Compensated ? d.compensated : d.stuck;
    });
}

} // namespace eventloom::MetricsPoints
