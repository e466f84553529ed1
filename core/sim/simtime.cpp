#include "simtime.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace eventloom {

std::optional<SimTime> parseDuration(std::string_view text)
{
    std::size_t numberEnd = 0;
    while (numberEnd < text.size() && (std::isdigit(static_cast<unsigned char>(text[numberEnd])) || text[numberEnd] == '.'))
        ++numberEnd;
    const std::string_view number = text.substr(0, numberEnd);
    const std::string_view unit = text.substr(numberEnd);
    if (number.empty() || number.front() == '.' || number.back() == '.')
        return std::nullopt;

    double scale = 0;
    if (unit.empty() || unit == "us")
        scale = kMicrosecond;
    else if (unit == "ms")
        scale = kMillisecond;
    else if (unit == "s")
        scale = kSecond;
    else if (unit == "min")
        scale = kMinute;
    else
        return std::nullopt;

    double value = 0;
    const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || ptr != number.data() + number.size())
        return std::nullopt;
    const double us = value * scale;
    if (!std::isfinite(us) || us > 9.0e18)
        return std::nullopt;
    if (unit.empty() && us != std::floor(us))
        return std::nullopt; // bare numbers are whole microseconds
    return static_cast<SimTime>(std::llround(us));
}

std::string formatDuration(SimTime t)
{
    char buffer[48];
    const SimTime magnitude = t < 0 ? -t : t;
    if (magnitude >= kSecond)
        std::snprintf(buffer, sizeof buffer, "%.3fs", static_cast<double>(t) / kSecond);
    else if (magnitude >= kMillisecond && magnitude % kMillisecond == 0)
        std::snprintf(buffer, sizeof buffer, "%lldms", static_cast<long long>(t / kMillisecond));
    else if (magnitude >= kMillisecond)
        std::snprintf(buffer, sizeof buffer, "%.3fms", static_cast<double>(t) / kMillisecond);
    else
        std::snprintf(buffer, sizeof buffer, "%lldus", static_cast<long long>(t));
    return buffer;
}

} // namespace eventloom
