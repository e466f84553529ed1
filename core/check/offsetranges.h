#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace eventloom {

/// A set of partition offsets kept as sorted, disjoint, non-touching half-open ranges [begin, end).
///
/// A consumer group settles a partition's offsets mostly in order, so what it has settled is one range
/// from where it started to its frontier, plus a few ranges for what it handled out of order or skipped:
/// the set costs what is out of order, not how many offsets it holds. Adding at the end of the last range
/// (the usual case) is constant time; elsewhere it is a binary search and a move of the ranges after it.
class OffsetRanges {
public:
    using Range = std::pair<std::int64_t, std::int64_t>;

    bool empty() const { return m_ranges.empty(); }
    /// How many ranges it holds (its memory), not how many offsets.
    std::size_t rangeCount() const { return m_ranges.size(); }
    std::size_t bytes() const { return m_ranges.capacity() * sizeof(Range); }
    const std::vector<Range>& ranges() const { return m_ranges; }

    bool contains(std::int64_t offset) const;
    /// Adds `offset`; false if it was in already.
    bool insert(std::int64_t offset);
    /// Adds [begin, end) (nothing if end <= begin).
    void insert(std::int64_t begin, std::int64_t end);
    /// Removes every offset from `begin` on.
    void eraseFrom(std::int64_t begin);
    void clear() { m_ranges.clear(); }

    /// Calls `f(begin, end)` for each range of [begin, end) that is NOT in the set, in order.
    template <typename F>
    void forEachGap(std::int64_t begin, std::int64_t end, F&& f) const
    {
        std::int64_t at = begin;
        for (auto it = firstEndingAfter(begin); it != m_ranges.end() && at < end; ++it) {
            if (it->first > at)
                f(at, std::min(it->first, end));
            at = std::max(at, it->second);
        }
        if (at < end)
            f(at, end);
    }
    /// Calls `f(begin, end)` for each range of [begin, end) that IS in the set, in order; stops early when
    /// `f` returns true, and returns whether it did.
    template <typename F>
    bool anyRangeIn(std::int64_t begin, std::int64_t end, F&& f) const
    {
        for (auto it = firstEndingAfter(begin); it != m_ranges.end() && it->first < end; ++it)
            if (f(std::max(it->first, begin), std::min(it->second, end)))
                return true;
        return false;
    }

private:
    std::vector<Range>::const_iterator firstEndingAfter(std::int64_t offset) const;

    std::vector<Range> m_ranges;
};

} // namespace eventloom
