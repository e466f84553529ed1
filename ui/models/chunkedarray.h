#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <vector>

namespace eventloom {

/// An append-only array of millions of small records that never moves what it holds: elements live
/// in fixed chunks of 2^Shift, so growing costs one new chunk now and then instead of a vector's
/// doubling copy (tens of megabytes copied and page-faulted at once, on the UI thread, in the middle
/// of a run — a stall B7 measures). Random access is two loads; iterators are random-access, so
/// std::lower_bound works as on a vector. Not a std::deque: its 512-byte blocks made the timeline's
/// zoomed-out paint, which walks every arrow, twice as slow (B5: 1.71× the floor against 0.86×).
template <typename T, unsigned Shift = 14>
class ChunkedArray {
public:
    static constexpr std::size_t kChunk = std::size_t { 1 } << Shift;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    T& operator[](std::size_t i) { return m_chunks[i >> Shift][i & (kChunk - 1)]; }
    const T& operator[](std::size_t i) const { return m_chunks[i >> Shift][i & (kChunk - 1)]; }
    T& back() { return (*this)[m_size - 1]; }
    const T& back() const { return (*this)[m_size - 1]; }

    void push_back(const T& value)
    {
        if ((m_size & (kChunk - 1)) == 0 && (m_size >> Shift) == m_chunks.size())
            m_chunks.push_back(std::make_unique<T[]>(kChunk));
        (*this)[m_size++] = value;
    }
    template <typename Iterator>
    void append(Iterator first, Iterator last)
    {
        for (; first != last; ++first)
            push_back(*first);
    }
    /// Grows to `n` elements, the new ones value-initialised (never shrinks).
    void growTo(std::size_t n)
    {
        while (m_chunks.size() * kChunk < n)
            m_chunks.push_back(std::make_unique<T[]>(kChunk));
        for (; m_size < n; ++m_size)
            (*this)[m_size] = T();
    }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
    }

    template <typename Owner, typename Value>
    class Iter {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = Value*;
        using reference = Value&;

        Iter() = default;
        Iter(Owner* owner, std::size_t i)
            : m_owner(owner)
            , m_i(i)
        {
        }
        reference operator*() const { return (*m_owner)[m_i]; }
        pointer operator->() const { return &(*m_owner)[m_i]; }
        reference operator[](difference_type n) const { return (*m_owner)[m_i + static_cast<std::size_t>(n)]; }
        Iter& operator++()
        {
            ++m_i;
            return *this;
        }
        Iter operator++(int)
        {
            Iter old = *this;
            ++m_i;
            return old;
        }
        Iter& operator--()
        {
            --m_i;
            return *this;
        }
        Iter operator--(int)
        {
            Iter old = *this;
            --m_i;
            return old;
        }
        Iter& operator+=(difference_type n)
        {
            m_i = static_cast<std::size_t>(static_cast<difference_type>(m_i) + n);
            return *this;
        }
        Iter& operator-=(difference_type n) { return *this += -n; }
        friend Iter operator+(Iter it, difference_type n) { return it += n; }
        friend Iter operator+(difference_type n, Iter it) { return it += n; }
        friend Iter operator-(Iter it, difference_type n) { return it -= n; }
        friend difference_type operator-(const Iter& a, const Iter& b)
        {
            return static_cast<difference_type>(a.m_i) - static_cast<difference_type>(b.m_i);
        }
        friend bool operator==(const Iter& a, const Iter& b) { return a.m_i == b.m_i; }
        friend auto operator<=>(const Iter& a, const Iter& b) { return a.m_i <=> b.m_i; }

    private:
        Owner* m_owner = nullptr;
        std::size_t m_i = 0;
    };
    using iterator = Iter<ChunkedArray, T>;
    using const_iterator = Iter<const ChunkedArray, const T>;

    iterator begin() { return { this, 0 }; }
    iterator end() { return { this, m_size }; }
    const_iterator begin() const { return { this, 0 }; }
    const_iterator end() const { return { this, m_size }; }

private:
    std::vector<std::unique_ptr<T[]>> m_chunks;
    std::size_t m_size = 0;
};

} // namespace eventloom
