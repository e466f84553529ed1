#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace eventloom {

/// How many times each offset of a partition's uncommitted window has been delivered to a group.
/// A vector with a moving head that is compacted now and then: unlike a deque, it stops allocating
/// once it has reached its working size.
class AttemptWindow {
public:
    /// The count for the offset `index` places after the window's start.
    std::uint16_t& operator[](std::size_t index) { return m_counts[m_head + index]; }
    std::size_t size() const { return m_counts.size() - m_head; }
    void push(std::uint16_t count) { m_counts.push_back(count); }
    /// Forgets the first `n` offsets (they were committed).
    void dropFront(std::size_t n)
    {
        m_head += n < size() ? n : size();
        if (m_head == m_counts.size()) {
            m_counts.clear();
            m_head = 0;
        } else if (m_head >= 64 && m_head * 2 >= m_counts.size()) {
            m_counts.erase(m_counts.begin(), m_counts.begin() + static_cast<std::ptrdiff_t>(m_head));
            m_head = 0;
        }
    }

private:
    std::vector<std::uint16_t> m_counts;
    std::size_t m_head = 0;
};

} // namespace eventloom
