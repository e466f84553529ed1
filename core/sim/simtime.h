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

/// Parses a DURATION: a non-negative number followed by `us`, `ms`, `s` or `min` ("2.5s", "300ms").
/// A bare integer is taken as microseconds. Returns nullopt for anything else.
std::optional<SimTime> parseDuration(std::string_view text);

/// Formats a duration for people: "1.250s", "3ms", "17us".
std::string formatDuration(SimTime t);

} // namespace eventloom
