#pragma once

#include "metricsseries.h"

#include <QList>
#include <QPointF>

namespace eventloom {

/// What the Metrics charts plot, built from the reduced buckets (at most MetricsSeries::maxBuckets
/// points per series, whatever the run's length); x is in simulated seconds.
namespace MetricsPoints {
enum class Percentile { P50, P95, P99 };
enum class Duplicate { Delivered, Suppressed, Effects };
enum class SagaEnd { Completed, Compensated, Stuck };

/// Events per simulated second published to `topic`, at each bucket's middle.
QList<QPointF> publishRate(const MetricsSeries& series, int topic);
/// `group`'s highest lag (records) in each bucket, at the bucket's middle.
QList<QPointF> lag(const MetricsSeries& series, int group);
/// Latency percentile in milliseconds of the transactions completed in each bucket, at the
/// bucket's middle; buckets where none completed have no point.
QList<QPointF> latency(const MetricsSeries& series, Percentile which);
/// Running totals: (0, 0), then at each bucket's end the total up to there (so the last point is the run's total).
QList<QPointF> duplicatesSoFar(const MetricsSeries& series, Duplicate which);
QList<QPointF> sagasSoFar(const MetricsSeries& series, SagaEnd which);
}

} // namespace eventloom
