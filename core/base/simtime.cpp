#include "simtime.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace eventloom {

SimTime durationFromDouble(double us)
{
    if (!(us > 0)) // also NaN
        return 0;
    if (us >= static_cast<double>(kMaxSimTime))
        return kMaxSimTime;
    return static_cast<SimTime>(us); // truncated, as the engine always did (fingerprints stay)
}

std::optional<SimTime> parseDuration(std::string_view text, DurationError* why, SimTime max)
{
    if (why)
        *why = DurationError::Malformed;
    std::size_t numberEnd = 0;
    while (numberEnd < text.size()
        && (std::isdigit(static_cast<unsigned char>(text[numberEnd])) || text[numberEnd] == '.'))
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
    if (ec == std::errc::result_out_of_range && number.find_first_of("123456789") < number.find('.')) {
        if (why) // more digits before the point than a double holds
            *why = DurationError::TooLong;
        return std::nullopt;
    }
    if (ec != std::errc() || ptr != number.data() + number.size())
        return std::nullopt;
    const double us = value * scale;
    if (unit.empty() && us != std::floor(us))
        return std::nullopt; // bare numbers are whole microseconds
    if (!(us <= static_cast<double>(max))) { // also infinity
        if (why)
            *why = DurationError::TooLong;
        return std::nullopt;
    }
    if (why)
        *why = DurationError::None;
    return static_cast<SimTime>(std::llround(us));
}

std::string maxDurationText(SimTime max)
{
    char buffer[80];
    const double days = static_cast<double>(max) / (86400.0 * kSecond);
    if (max % kSecond == 0)
        std::snprintf(buffer, sizeof buffer, "%llds (about %.1f days)", static_cast<long long>(max / kSecond), days);
    else
        std::snprintf(buffer, sizeof buffer, "%lldus (about %.0f years)", static_cast<long long>(max), days / 365.25);
    return buffer;
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
