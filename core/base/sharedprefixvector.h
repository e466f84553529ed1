#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <span>
#include <vector>

// After the standard headers: Qt 6.4's moc, reading this through a Q_OBJECT header, fails on <concepts>
// when indexiterator.h's includes come first.
#include "indexiterator.h"

namespace eventloom {

/// An append-only vector that shares its past with its copies (copy-on-fork): the elements are kept in
/// immutable, shared segments plus one private tail that appends go to. freeze() turns the tail into a
/// shared segment, so a copy made after it shares everything and copies nothing (the log of a forked
/// simulation: Simulation::fork freezes, then copies). Elements are addressed by one global index.
///
/// Appends must not straddle a freeze: a range appended by one call (a payload) is always in one segment,
/// so span() of it is contiguous. Only the tail may be changed in place. Reads of the tail cost a
/// comparison more than a plain vector's; reads of frozen elements a binary search over the segments.
/// `Tail` may be a std::deque where elements must never move (freezing moves no element either).
template <class T, class Tail = std::vector<T>>
class SharedPrefixVector {
public:
    using value_type = T;

    using const_iterator = IndexIterator<SharedPrefixVector, T>;
    using iterator = const_iterator;

    std::size_t size() const { return m_tailBegin + m_tail.size(); }
    bool empty() const { return size() == 0; }
    std::size_t capacity() const { return m_tailBegin + m_tail.capacity(); }

    const T& operator[](std::size_t i) const { return i >= m_tailBegin ? m_tail[i - m_tailBegin] : frozen(i); }
    /// Write access: only to the tail (what was appended since the last freeze).
    T& mutableAt(std::size_t i) { return m_tail[i - m_tailBegin]; }
    const T& back() const { return (*this)[size() - 1]; }
    /// `count` elements from `begin`, appended by one call: contiguous.
    std::span<const T> span(std::size_t begin, std::size_t count) const
    {
        if (count == 0)
            return {};
        return { &(*this)[begin], count };
    }

    const_iterator begin() const { return { this, 0 }; }
    const_iterator end() const { return { this, size() }; }

    T& push_back(const T& value) { return m_tail.emplace_back(value); }
    T& emplace_back(const T& value) { return m_tail.emplace_back(value); }
    /// Appends a copy of `values`, which may be elements of this very vector; returns the first's index.
    std::size_t append(std::span<const T> values)
    {
        const std::size_t first = size();
        const T* tail = m_tail.data();
        if (!values.empty() && !std::less<const T*> {}(values.data(), tail)
            && std::less<const T*> {}(values.data(), tail + m_tail.size())) {
            // Growing the tail would move them: remember where they are, grow, then copy.
            const auto offset = static_cast<std::size_t>(values.data() - tail);
            m_tail.reserve(m_tail.size() + values.size());
            for (std::size_t i = 0; i < values.size(); ++i)
                m_tail.push_back(m_tail[offset + i]);
        } else {
            m_tail.insert(m_tail.end(), values.begin(), values.end());
        }
        return first;
    }
    /// std::vector's insert, at the end only.
    template <class It>
    void insert(const_iterator at, It first, It last)
    {
        (void)at; // always end()
        m_tail.insert(m_tail.end(), first, last);
    }
    /// Shrinks or grows the tail; never below what was frozen.
    void resize(std::size_t n) { m_tail.resize(std::max(n, m_tailBegin) - m_tailBegin); }
    void reserve(std::size_t n) { m_tail.reserve(n > m_tailBegin ? n - m_tailBegin : 0); }
    void shrink_to_fit() { m_tail.shrink_to_fit(); }

    /// Moves the tail into a shared, immutable segment: copies made from now on share it. Changes
    /// nothing a reader sees (hence const); not to be called while another thread reads this vector.
    void freeze() const
    {
        if (m_tail.empty())
            return;
        m_segments.push_back({ m_tailBegin, std::make_shared<const Tail>(std::move(m_tail)) });
        m_tailBegin += m_segments.back().items->size();
        m_tail = {};
    }
    /// Heap bytes this copy owns alone (its tail) and those it shares with other copies (frozen segments).
    std::size_t ownBytes() const { return m_tail.size() * sizeof(T) + m_segments.capacity() * sizeof(Segment); }
    std::size_t sharedBytes() const
    {
        std::size_t bytes = 0;
        for (const Segment& s : m_segments)
            bytes += s.items->size() * sizeof(T);
        return bytes;
    }

private:
    struct Segment {
        std::size_t begin;
        std::shared_ptr<const Tail> items;
    };

    const T& frozen(std::size_t i) const
    {
        const auto it = std::upper_bound(m_segments.begin(), m_segments.end(), i,
            [](std::size_t index, const Segment& s) { return index < s.begin; });
        const Segment& s = *(it - 1);
        return (*s.items)[i - s.begin];
    }

    // mutable: freeze() reorganises storage without changing what a reader sees.
    mutable std::vector<Segment> m_segments; ///< by begin; each immutable, shared with copies
    mutable std::size_t m_tailBegin = 0;
    mutable Tail m_tail;
};

} // namespace eventloom
