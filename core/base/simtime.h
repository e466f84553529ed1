#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eventloom {

/// Simulated time in integer microseconds. Never derived from the wall clock.
using SimTime = std::int64_t;

constexpr SimTime kMicrosecond = 1;
constexpr SimTime kMillisecond = 1000;
constexpr SimTime kSecond = 1000 * kMillisecond;
constexpr SimTime kMinute = 60 * kSecond;

/// The longest duration anything from outside may give — a scenario's fields, `--set`, an injection
/// spec (`@TIME`, `for=`, `latency=`, `jitter=`, `to=`), `--until`: a million seconds, about 11.6 days
/// of simulated time. Longer ones are refused when they are read, naming this limit.
constexpr SimTime kMaxDuration = 1'000'000 * kSecond;

/// The end of simulated time, 2^53 − 1 µs (about 285 years): nothing is ever scheduled later. Every sum
/// of a time up to it and a few thousand maximal durations still fits in 64 bits, and a time up to it
/// is a double exactly, so JSON prints it as the integer it is. Times only grow through addTime(), which
/// stops here instead of overflowing.
constexpr SimTime kMaxSimTime = (SimTime(1) << 53) - 1;

/// `t + d`, saturating at kMaxSimTime; a negative `d` counts as 0 (time never goes back). The one way a
/// duration is added to a simulated time, so that no combination of durations can overflow.
constexpr SimTime addTime(SimTime t, SimTime d)
{
    if (t < 0)
        t = 0;
    if (t >= kMaxSimTime)
        return kMaxSimTime;
    if (d <= 0)
        return t;
    return d >= kMaxSimTime - t ? kMaxSimTime : t + d;
}

/// A duration computed in floating point (a slowed processing time, a retry's backoff) as a SimTime:
/// truncated, and clamped to [0, kMaxSimTime] (NaN counts as 0), so a huge product never overflows.
SimTime durationFromDouble(double us);

/// Why parseDuration() refused a text.
enum class DurationError { None, Malformed, TooLong };

/// Parses a DURATION: a non-negative number followed by `us`, `ms`, `s` or `min` ("2.5s", "300ms").
/// A bare integer is taken as microseconds. Returns nullopt for anything else, and for a duration
/// longer than `max`; `why` (if given) tells the two apart. A point in simulated time written the same
/// way (an injection's `@TIME`, which a run traces with the time it took effect) may go up to kMaxSimTime.
std::optional<SimTime> parseDuration(std::string_view text, DurationError* why = nullptr, SimTime max = kMaxDuration);

/// The limit as people read it: "1000000s (about 11.6 days)"; for kMaxSimTime, "9007199254740991us
/// (about 285 years)".
std::string maxDurationText(SimTime max = kMaxDuration);

/// Formats a duration for people: "1.250s", "3ms", "17us".
std::string formatDuration(SimTime t);

} // namespace eventloom
