#pragma once

#include <compare>
#include <cstddef>
#include <iterator>

namespace eventloom {

/// A random-access const iterator over a container read by position (`container[i]`): the container
/// and an index, so it stays valid however the container stores its elements (chunks shared between
/// forks, a frozen prefix and a tail…). Used by SharedPrefixVector and CowVector.
template <typename Container, typename T>
class IndexIterator {
public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    IndexIterator() = default;
    IndexIterator(const Container* c, std::size_t i)
        : m_c(c)
        , m_i(i)
    {
    }
    reference operator*() const { return (*m_c)[m_i]; }
    pointer operator->() const { return &(*m_c)[m_i]; }
    reference operator[](difference_type n) const { return (*m_c)[m_i + static_cast<std::size_t>(n)]; }
    IndexIterator& operator++()
    {
        ++m_i;
        return *this;
    }
    IndexIterator operator++(int)
    {
        auto old = *this;
        ++m_i;
        return old;
    }
    IndexIterator& operator--()
    {
        --m_i;
        return *this;
    }
    IndexIterator operator--(int)
    {
        auto old = *this;
        --m_i;
        return old;
    }
    IndexIterator& operator+=(difference_type n)
    {
        m_i += static_cast<std::size_t>(n);
        return *this;
    }
    IndexIterator& operator-=(difference_type n)
    {
        m_i -= static_cast<std::size_t>(n);
        return *this;
    }
    friend IndexIterator operator+(IndexIterator it, difference_type n) { return it += n; }
    friend IndexIterator operator+(difference_type n, IndexIterator it) { return it += n; }
    friend IndexIterator operator-(IndexIterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const IndexIterator& a, const IndexIterator& b)
    {
        return static_cast<difference_type>(a.m_i) - static_cast<difference_type>(b.m_i);
    }
    friend bool operator==(const IndexIterator& a, const IndexIterator& b) { return a.m_i == b.m_i; }
    friend auto operator<=>(const IndexIterator& a, const IndexIterator& b) { return a.m_i <=> b.m_i; }
    /// The position in the container.
    std::size_t index() const { return m_i; }

private:
    const Container* m_c = nullptr;
    std::size_t m_i = 0;
};

} // namespace eventloom
