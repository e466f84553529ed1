#include "offsetranges.h"

#include <algorithm>

namespace eventloom {

std::vector<OffsetRanges::Range>::const_iterator OffsetRanges::firstEndingAfter(std::int64_t offset) const
{
    return std::partition_point(
        m_ranges.begin(), m_ranges.end(), [offset](const Range& r) { return r.second <= offset; });
}

bool OffsetRanges::contains(std::int64_t offset) const
{
    if (!m_ranges.empty() && offset >= m_ranges.back().first) // the frontier: the usual question
        return offset < m_ranges.back().second;
    const auto it = firstEndingAfter(offset);
    return it != m_ranges.end() && it->first <= offset;
}

bool OffsetRanges::insert(std::int64_t offset)
{
    if (m_ranges.empty() || offset > m_ranges.back().second) {
        m_ranges.emplace_back(offset, offset + 1);
        return true;
    }
    if (offset == m_ranges.back().second) { // the next one in order
        ++m_ranges.back().second;
        return true;
    }
    if (contains(offset))
        return false;
    insert(offset, offset + 1);
    return true;
}

void OffsetRanges::insert(std::int64_t begin, std::int64_t end)
{
    if (end <= begin)
        return;
    // The ranges that overlap or touch [begin, end) merge into one.
    auto first
        = std::partition_point(m_ranges.begin(), m_ranges.end(), [begin](const Range& r) { return r.second < begin; });
    auto last = first;
    while (last != m_ranges.end() && last->first <= end) {
        begin = std::min(begin, last->first);
        end = std::max(end, last->second);
        ++last;
    }
    if (first == last) {
        m_ranges.insert(first, Range { begin, end });
        return;
    }
    *first = Range { begin, end };
    m_ranges.erase(first + 1, last);
}

void OffsetRanges::eraseFrom(std::int64_t begin)
{
    auto it
        = std::partition_point(m_ranges.begin(), m_ranges.end(), [begin](const Range& r) { return r.second <= begin; });
    if (it != m_ranges.end() && it->first < begin) {
        it->second = begin;
        ++it;
    }
    m_ranges.erase(it, m_ranges.end());
}

} // namespace eventloom
