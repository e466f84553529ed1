#pragma once

#include <cstdint>
#include <string_view>

namespace eventloom {

/// A seeded pseudo-random stream (xoshiro256**). Each named source in a run gets its own stream,
/// derived from the master seed and the source's name, so adding a source changes no other stream.
class RandomStream {
public:
    RandomStream()
        : RandomStream(0)
    {
    }
    explicit RandomStream(std::uint64_t seed);
    /// The stream for `name` under `masterSeed`: a hash of both, never of anything else.
    static RandomStream derive(std::uint64_t masterSeed, std::string_view name);

    std::uint64_t next();
    /// Uniform integer in [lo, hi] (inclusive), for any lo <= hi of the whole int64 range.
    std::int64_t uniformInt(std::int64_t lo, std::int64_t hi);
    /// Uniform real in [0, 1).
    double uniform();
    /// True with probability p.
    bool chance(double p) { return uniform() < p; }
    /// Exponentially distributed with the given mean.
    double exponential(double mean);
    /// Normally distributed (Box-Muller; one draw per call keeps the stream simple to reason about).
    double normal(double mean, double stddev);

private:
    std::uint64_t m_s[4];
};

} // namespace eventloom
