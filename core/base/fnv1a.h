#pragma once

#include <QByteArrayView>
#include <cstdint>

namespace eventloom {

/// FNV-1a, 64 bits: a stable hash of bytes, the same on every platform and in every run (unlike
/// std::hash or qHash, which may be seeded per process). Continue a hash by passing it back as `h`.
constexpr std::uint64_t kFnv1aOffset = 14695981039346656037ull;

inline std::uint64_t fnv1a(QByteArrayView bytes, std::uint64_t h = kFnv1aOffset)
{
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace eventloom
