#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <span>
#include <utility>
#include <vector>

// After the standard headers: Qt 6.4's moc, reading this through a Q_OBJECT header, fails on <concepts>
// when indexiterator.h's includes come first.
#include "indexiterator.h"

namespace eventloom {

/// An append-only vector that shares its past with its copies (copy-on-fork), stored in chunks: an
/// append goes to the last chunk while it has room, else to a new one, so no element ever moves and
/// nothing is copied as it grows (a vector's doubling holds the old and the new array at once and leaves
/// up to half of the new one unused). Chunks grow with the vector, a quarter of its size, up to
/// kMaxChunkBytes: a full vector leaves at most a fifth of its chunks unused, a long one at most one chunk.
///
/// freeze() marks what was appended so far as shared: a copy made after it shares every chunk and copies
/// nothing (the log of a forked simulation: Simulation::fork freezes, then copies); it costs O(1) and
/// moves nothing. The vector frozen goes on appending into the free room of its last chunk, past what any
/// copy sees; a copy appends to chunks of its own. A copy made before a freeze copies what was appended
/// since the last one. Elements are addressed by one global index.
///
/// A range appended by one call (a payload) is always in one chunk, so span() of it is contiguous (an
/// append that does not fit in the last chunk's room starts a new chunk). Only what was appended since
/// the last freeze may be changed in place. Reads of the last chunk cost a comparison more than a plain
/// vector's; reads of earlier elements a binary search over the chunks.
template <class T>
class SharedPrefixVector {
public:
    using value_type = T;

    using const_iterator = IndexIterator<SharedPrefixVector, T>;
    using iterator = const_iterator;

    /// The largest chunk a growing vector allocates (an append of more elements gets a chunk its size).
    static constexpr std::size_t kMaxChunkBytes = std::size_t(256) << 10;
    static constexpr std::size_t kMinChunk = 16;
    static constexpr std::size_t kMaxChunk = std::max<std::size_t>(kMaxChunkBytes / sizeof(T), kMinChunk);

    SharedPrefixVector() = default;
    /// Shares every chunk holding what `other` froze; copies what it appended since into one chunk.
    SharedPrefixVector(const SharedPrefixVector& other)
    {
        for (const Chunk& c : other.m_chunks) {
            if (c.begin >= other.m_frozen)
                break;
            m_chunks.push_back(c);
        }
        m_size = m_frozen = other.m_frozen;
        setLast(false);
        const std::size_t own = other.m_size - other.m_frozen;
        if (own > 0) {
            T* to = startChunk(own, own);
            for (std::size_t i = 0; i < own; ++i)
                to[i] = other[other.m_frozen + i];
        }
    }
    SharedPrefixVector(SharedPrefixVector&& other) noexcept { swap(other); }
    SharedPrefixVector& operator=(SharedPrefixVector other) noexcept
    {
        swap(other);
        return *this;
    }
    ~SharedPrefixVector() = default;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    /// The size this vector reaches before it allocates again.
    std::size_t capacity() const { return m_writable ? m_lastBegin + m_chunks.back().items->capacity() : m_size; }

    const T& operator[](std::size_t i) const { return i >= m_lastBegin ? m_last[i - m_lastBegin] : earlier(i); }
    /// Write access: only to what was appended since the last freeze.
    T& mutableAt(std::size_t i) { return const_cast<T&>((*this)[i]); }
    const T& back() const { return (*this)[m_size - 1]; }
    /// `count` elements from `begin`, appended by one call: contiguous.
    std::span<const T> span(std::size_t begin, std::size_t count) const
    {
        if (count == 0)
            return {};
        return { &(*this)[begin], count };
    }

    const_iterator begin() const { return { this, 0 }; }
    const_iterator end() const { return { this, m_size }; }

    T& push_back(const T& value)
    {
        T* at = room(1);
        *at = value;
        return *at;
    }
    T& emplace_back(const T& value) { return push_back(value); }
    /// Appends a copy of `values`, which may be elements of this very vector (no element moves); returns
    /// the first's index.
    std::size_t append(std::span<const T> values)
    {
        const std::size_t first = m_size;
        if (values.empty())
            return first;
        T* to = room(values.size());
        std::copy(values.begin(), values.end(), to);
        return first;
    }
    /// std::vector's insert, at the end only.
    template <class It>
    void insert(const_iterator at, It first, It last)
    {
        (void)at; // always end()
        const auto count = static_cast<std::size_t>(std::distance(first, last));
        if (count > 0)
            std::copy(first, last, room(count));
    }
    /// Shrinks or grows the vector (what it grows by is one range); never below what was frozen.
    void resize(std::size_t n)
    {
        n = std::max(n, m_frozen);
        if (n > m_size) {
            std::fill_n(room(n - m_size), n - m_size, T {});
            return;
        }
        if (n == m_size)
            return;
        if (!m_chunks.empty() && m_chunks.back().begin >= n) {
            // Whole chunks of its own past n (begin >= n >= m_frozen): dropped, and the next append starts
            // a chunk, never filling the room of one a copy may share.
            while (!m_chunks.empty() && m_chunks.back().begin >= n)
                m_chunks.pop_back();
            setLast(false);
        } else if (m_writable) {
            m_chunks.back().items->resize(n - m_lastBegin);
        }
        m_size = n;
    }
    /// Makes room for `n` elements in all, in one new chunk if the last one has not room enough.
    void reserve(std::size_t n)
    {
        if (n > capacity())
            startChunk(0, n - m_size);
    }
    /// Allocates a new chunk for the next append (its callers want the next append to find no room).
    void shrink_to_fit() { m_writable = false; }

    /// Shares everything appended so far with copies made from now on. Changes nothing a reader sees
    /// (hence const) and moves nothing; not to be called while another thread copies this vector.
    void freeze() const { m_frozen = m_size; }
    /// What a reader on another thread lacks to read everything frozen so far (RunRecorder hands it to
    /// its writer thread): the chunks holding frozen elements from chunk `firstChunk` on (the reader's
    /// chunk count: a chunk it has is never replaced, and the room it keeps filling was not frozen when
    /// the reader got it), and the frozen size. Call after freeze(), on the thread that appends. Costs the
    /// chunks handed over, not the elements.
    struct FrozenTail {
        std::size_t firstChunk = 0;
        std::vector<std::shared_ptr<const std::vector<T>>> chunks; ///< their elements below `size` are immutable
        std::vector<std::size_t> begins; ///< each chunk's first index
        std::size_t size = 0;
    };
    FrozenTail frozenTail(std::size_t firstChunk) const
    {
        FrozenTail tail;
        tail.firstChunk = firstChunk;
        tail.size = m_frozen;
        for (std::size_t c = firstChunk; c < m_chunks.size() && m_chunks[c].begin < m_frozen; ++c) {
            tail.chunks.push_back(m_chunks[c].items);
            tail.begins.push_back(m_chunks[c].begin);
        }
        return tail;
    }
    /// Makes this vector, which only ever follows (never appends), read what `tail` says was frozen:
    /// its chunks from `tail.firstChunk` on are replaced by the tail's. O(chunks in the tail).
    void follow(FrozenTail tail)
    {
        m_chunks.resize(std::min(m_chunks.size(), tail.firstChunk));
        for (std::size_t i = 0; i < tail.chunks.size(); ++i)
            m_chunks.push_back({ tail.begins[i], std::const_pointer_cast<Buffer>(std::move(tail.chunks[i])) });
        m_size = m_frozen = tail.size;
        setLast(false);
    }

    /// Heap bytes this copy owns alone (what it appended since the last freeze) and those it shares with
    /// other copies (what was frozen).
    std::size_t ownBytes() const { return (m_size - m_frozen) * sizeof(T) + m_chunks.capacity() * sizeof(Chunk); }
    std::size_t sharedBytes() const { return m_frozen * sizeof(T); }

private:
    /// A buffer of fixed capacity, filled by push_back only: its elements never move. Shared with copies,
    /// each of which reads only the part before its own size.
    using Buffer = std::vector<T>;
    struct Chunk {
        std::size_t begin;
        std::shared_ptr<Buffer> items;
    };

    const T& earlier(std::size_t i) const
    {
        const auto it = std::upper_bound(
            m_chunks.begin(), m_chunks.end(), i, [](std::size_t index, const Chunk& c) { return index < c.begin; });
        const Chunk& c = *(it - 1);
        return (*c.items)[i - c.begin];
    }

    /// Where the next `count` elements go, contiguous: the last chunk's room, or a new chunk's. Their
    /// slots are constructed and counted in size().
    T* room(std::size_t count)
    {
        if (!m_writable || m_size + count > m_lastBegin + m_chunks.back().items->capacity()) {
            const std::size_t grown = std::clamp(m_size / 4, kMinChunk, kMaxChunk);
            return startChunk(count, std::max(count, grown));
        }
        Buffer& items = *m_chunks.back().items;
        items.resize(items.size() + count);
        m_size += count;
        return items.data() + (items.size() - count);
    }
    /// Starts a chunk of `capacity` at size() holding `count` new elements (an empty writable last chunk
    /// is replaced), and returns the first's slot.
    T* startChunk(std::size_t count, std::size_t capacity)
    {
        if (m_writable && m_lastBegin == m_size)
            m_chunks.pop_back();
        auto items = std::make_shared<Buffer>();
        items->reserve(capacity);
        items->resize(count);
        T* first = items->data();
        m_chunks.push_back({ m_size, std::move(items) });
        setLast(true);
        m_size += count;
        return first;
    }
    /// The last chunk is read through m_last; `writable`: this copy alone may fill its room.
    void setLast(bool writable)
    {
        m_writable = writable && !m_chunks.empty();
        m_lastBegin = m_chunks.empty() ? 0 : m_chunks.back().begin;
        m_last = m_chunks.empty() ? nullptr : m_chunks.back().items->data();
    }
    void swap(SharedPrefixVector& other) noexcept
    {
        std::swap(m_chunks, other.m_chunks);
        std::swap(m_size, other.m_size);
        std::swap(m_frozen, other.m_frozen);
        std::swap(m_lastBegin, other.m_lastBegin);
        std::swap(m_last, other.m_last);
        std::swap(m_writable, other.m_writable);
    }

    std::vector<Chunk> m_chunks; ///< by begin; a chunk's elements below m_frozen are shared and immutable
    std::size_t m_size = 0;
    mutable std::size_t m_frozen = 0; ///< mutable: freeze() changes nothing a reader sees
    std::size_t m_lastBegin = 0;
    const T* m_last = nullptr; ///< the last chunk's elements
    bool m_writable = false; ///< whether appends may go to the last chunk's room
};

} // namespace eventloom
