#include "randomstream.h"

#include <cmath>
#include <numbers>
#include <xxhash.h>

namespace eventloom {

namespace {
std::uint64_t splitmix64(std::uint64_t& x)
{
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}
}

RandomStream::RandomStream(std::uint64_t seed)
{
    std::uint64_t x = seed;
    for (auto& s : m_s)
        s = splitmix64(x);
}

RandomStream RandomStream::derive(std::uint64_t masterSeed, std::string_view name)
{
    return RandomStream(XXH3_64bits_withSeed(name.data(), name.size(), masterSeed));
}

std::uint64_t RandomStream::next()
{
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

std::int64_t RandomStream::uniformInt(std::int64_t lo, std::int64_t hi)
{
    // In unsigned arithmetic, so that any lo <= hi is defined (the whole int64 range included): the
    // same values as the signed difference wherever that does not overflow.
    const std::uint64_t range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
    if (range == 0)
        return static_cast<std::int64_t>(next());
    // Lemire's nearly-divisionless method, with rejection for exact uniformity. The threshold
    // (-range % range, a 64-bit division) is below `range`, so a low word at or above `range` is
    // accepted without it: the same draws and the same results, the division only in the rare case.
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * range;
    if (static_cast<std::uint64_t>(m) < range) [[unlikely]] {
        const std::uint64_t threshold = -range % range;
        while (static_cast<std::uint64_t>(m) < threshold)
            m = static_cast<unsigned __int128>(next()) * range;
    }
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + static_cast<std::uint64_t>(m >> 64));
}

double RandomStream::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double RandomStream::exponential(double mean)
{
    return -mean * std::log1p(-uniform());
}

double RandomStream::normal(double mean, double stddev)
{
    const double u1 = 1.0 - uniform(); // (0, 1]
    const double u2 = uniform();
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

} // namespace eventloom
