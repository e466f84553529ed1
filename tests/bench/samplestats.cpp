#include "samplestats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace eventloom::bench {

namespace {
double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}
}

SampleStats SampleStats::of(std::vector<double> samples)
{
    SampleStats s;
    s.count = samples.size();
    if (samples.empty())
        return s;
    std::sort(samples.begin(), samples.end());
    const std::size_t n = samples.size();
    s.median = n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
    s.min = samples.front();
    s.max = samples.back();
    return s;
}

std::string SampleStats::text(int decimals) const
{
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%.*f (%.*f–%.*f)", decimals, median, decimals, min, decimals, max);
    return buffer;
}

QJsonObject SampleStats::toJson(int decimals) const
{
    return { { QStringLiteral("median"), rounded(median, decimals) }, { QStringLiteral("min"), rounded(min, decimals) },
        { QStringLiteral("max"), rounded(max, decimals) } };
}

} // namespace eventloom::bench
