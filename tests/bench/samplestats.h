#pragma once

#include <QJsonObject>
#include <string>
#include <vector>

namespace eventloom::bench {

/// Median and range of repeated measurements. The machines are shared and noisy, so the budgets are
/// judged on the median and the range is printed to show how much to trust it.
struct SampleStats {
    double median = 0;
    double min = 0;
    double max = 0;
    std::size_t count = 0;

    static SampleStats of(std::vector<double> samples);
    /// The same statistics in another unit (e.g. `scaled(1e3)` for seconds → milliseconds).
    SampleStats scaled(double factor) const { return { median * factor, min * factor, max * factor, count }; }
    /// "12.3 (11.9–14.0)" with `decimals` digits after the point.
    std::string text(int decimals) const;
    /// {"median":…, "min":…, "max":…}, rounded to `decimals` digits.
    QJsonObject toJson(int decimals) const;
};

} // namespace eventloom::bench
