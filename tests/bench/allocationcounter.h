#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace eventloom::bench {

/// Counts every call of the global operator new/delete in the benchmark executable (the replacements
/// live in allocationcounter.cpp, linked into each benchmark), so a benchmark can show what the engine
/// allocates inside a measured window. Memory Qt takes with malloc directly is not seen; the engine's
/// hot path uses standard containers only, so for it the count is complete.
class AllocationCounter {
public:
    /// Power-of-two size classes: class k holds requests of (2^(k-1), 2^k] bytes.
    static constexpr std::size_t kSizeClasses = 48;

    struct Snapshot {
        std::uint64_t allocations = 0;
        std::uint64_t deallocations = 0;
        std::uint64_t bytes = 0;
        std::array<std::uint64_t, kSizeClasses> bySizeClass {};

        /// What happened between `earlier` and this snapshot.
        Snapshot since(const Snapshot& earlier) const;
        /// "512 B: 11718, 4 MiB: 3", the non-empty size classes, for people.
        std::string sizeClasses() const;
    };

    static Snapshot now();
    /// Called by the replaced operators; not for benchmarks.
    static void recordAllocation(std::size_t bytes);
    static void recordDeallocation();
};

} // namespace eventloom::bench
