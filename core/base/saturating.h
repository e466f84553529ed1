#pragma once

#include <cstdint>
#include <limits>

namespace eventloom {

/// Sums of integers that come from payloads (amounts, counts a scenario's rules make up): they saturate
/// at the ends of int64 instead of overflowing, which is undefined behaviour. A file can put any integer
/// into a payload, and a run can add it up millions of times.
constexpr std::int64_t saturatingAdd(std::int64_t a, std::int64_t b)
{
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum))
        return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    return sum;
}

constexpr std::int64_t saturatingNegate(std::int64_t a)
{
    return a == std::numeric_limits<std::int64_t>::min() ? std::numeric_limits<std::int64_t>::max() : -a;
}

constexpr std::int64_t saturatingSubtract(std::int64_t a, std::int64_t b)
{
    std::int64_t difference = 0;
    if (__builtin_sub_overflow(a, b, &difference))
        return b < 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    return difference;
}

} // namespace eventloom
