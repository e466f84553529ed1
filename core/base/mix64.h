#pragma once

#include <cstdint>

namespace eventloom {

/// SplitMix64's finaliser: a fast bijective 64-bit mix, used to derive ids deterministically.
inline std::uint64_t mix64(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace eventloom
