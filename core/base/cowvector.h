#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

// After the standard headers (see sharedprefixvector.h: moc).
#include "indexiterator.h"

namespace eventloom {

/// A vector whose copies share its storage until they change it (copy-on-write by chunks), for the state
/// a fork of the simulation copies: elements live in fixed-size chunks of 2^ChunkBits, each held by a
/// shared pointer. Copying the vector copies the chunk pointers (size / 2^ChunkBits of them), not the
/// elements; the first write to a chunk that another copy also holds copies that chunk alone. So a
/// checkpoint taken every K writes costs the chunks those K writes touched, and a fork of a checkpoint
/// costs a vector of pointers.
///
/// Reads are one more indirection than a std::vector's; elements are not contiguous beyond a chunk (no
/// data(), no span). Writes go through mutableAt()/push_back()/resize() only. T must be
/// default-constructible and copyable (chunks are arrays of T).
///
/// Threads: a copy may be made (and read) on one thread while another thread writes to another copy
/// sharing chunks with it — a writer copies every chunk it does not hold alone, and reads the count of
/// holders with acquire ordering, so it never writes to a chunk another thread may read.
template <class T, unsigned ChunkBits = 10>
class CowVector {
public:
    static constexpr std::size_t kChunkSize = std::size_t(1) << ChunkBits;
    using value_type = T;

    using const_iterator = IndexIterator<CowVector, T>;
    using iterator = const_iterator;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const T& operator[](std::size_t i) const { return m_chunks[i >> ChunkBits]->items[i & kMask]; }
    const T& front() const { return (*this)[0]; }
    const T& back() const { return (*this)[m_size - 1]; }
    const_iterator begin() const { return { this, 0 }; }
    const_iterator end() const { return { this, m_size }; }

    /// Write access to element `i` (< size()): copies its chunk first if another copy holds it too.
    T& mutableAt(std::size_t i) { return own(i >> ChunkBits).items[i & kMask]; }
    T& push_back(const T& value)
    {
        if ((m_size & kMask) == 0 && (m_size >> ChunkBits) == m_chunks.size())
            m_chunks.push_back(std::make_shared<Chunk>());
        T& slot = own(m_size >> ChunkBits).items[m_size & kMask];
        slot = value;
        ++m_size;
        return slot;
    }
    /// Grows with copies of `fill`, or shrinks (chunks past the end are let go).
    void resize(std::size_t n, const T& fill = T {})
    {
        if (n < m_size) {
            // Elements past the new end are reset, so growing again later reads `fill`, not old values.
            for (std::size_t i = n; i < m_size && ((i >> ChunkBits) < chunksFor(n)); ++i)
                mutableAt(i) = T {};
            m_chunks.resize(chunksFor(n));
            m_size = n;
            return;
        }
        m_chunks.reserve(chunksFor(n));
        while (m_size < n) {
            if ((m_size & kMask) == 0 && (m_size >> ChunkBits) == m_chunks.size()) {
                m_chunks.push_back(std::make_shared<Chunk>());
                if (n - m_size >= kChunkSize) {
                    m_chunks.back()->items.fill(fill);
                    m_size += kChunkSize;
                    continue;
                }
            }
            mutableAt(m_size++) = fill;
        }
    }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
    }

    /// Chunks this copy shares with others (for tests and memory accounting) and its heap bytes if it
    /// held every chunk alone.
    std::size_t sharedChunks() const
    {
        std::size_t n = 0;
        for (const auto& c : m_chunks)
            n += c.use_count() > 1 ? 1 : 0;
        return n;
    }
    std::size_t chunkCount() const { return m_chunks.size(); }
    std::size_t memoryBytes() const { return m_chunks.size() * (sizeof(Chunk) + sizeof(std::shared_ptr<Chunk>)); }

private:
    static constexpr std::size_t kMask = kChunkSize - 1;
    struct Chunk {
        std::array<T, kChunkSize> items {};
    };
    static std::size_t chunksFor(std::size_t n) { return (n + kMask) >> ChunkBits; }

    Chunk& own(std::size_t c)
    {
        std::shared_ptr<Chunk>& chunk = m_chunks[c];
        if (chunk.use_count() != 1)
            chunk = std::make_shared<Chunk>(*chunk);
        else // the last other holder let go on another thread: its reads happen before our writes
            std::atomic_thread_fence(std::memory_order_acquire);
        return *chunk;
    }

    std::vector<std::shared_ptr<Chunk>> m_chunks;
    std::size_t m_size = 0;
};

/// A map from atoms (small dense integers: AtomTable's ids) to values, as a CowVector indexed by atom:
/// a fork copies it in O(atoms / chunk size), and a lookup is an index, not a hash. For per-key state
/// whose keys are interned ids (orders by order id): new keys are new atoms, so writes gather in the
/// last chunks and a checkpoint copies little. Never iterated in hash order (it has none): it iterates
/// nothing at all.
template <class Key, class V, unsigned ChunkBits = 10>
class CowAtomMap {
public:
    /// The value at `key`, or nullptr.
    const V* find(Key key) const
    {
        const auto i = static_cast<std::size_t>(key);
        if (i >= m_slots.size())
            return nullptr;
        const Slot& s = m_slots[i];
        return s.present ? &s.value : nullptr;
    }
    /// Write access to the value at `key`, or nullptr (copies its chunk if shared).
    V* findMutable(Key key)
    {
        if (!find(key))
            return nullptr;
        return &m_slots.mutableAt(static_cast<std::size_t>(key)).value;
    }
    bool contains(Key key) const { return find(key) != nullptr; }
    /// The value at `key`, inserted as V{} if absent (std::map's operator[]).
    V& operator[](Key key)
    {
        const auto i = static_cast<std::size_t>(key);
        if (i >= m_slots.size())
            m_slots.resize(std::max(i + 1, m_slots.size() + m_slots.size() / 2));
        Slot& s = m_slots.mutableAt(i);
        if (!s.present) {
            s.present = true;
            s.value = V {};
            ++m_count;
        }
        return s.value;
    }
    /// Removes `key`; false if it was absent.
    bool erase(Key key)
    {
        if (!find(key))
            return false;
        Slot& s = m_slots.mutableAt(static_cast<std::size_t>(key));
        s = Slot {};
        --m_count;
        return true;
    }
    std::size_t size() const { return m_count; }
    bool empty() const { return m_count == 0; }
    std::size_t sharedChunks() const { return m_slots.sharedChunks(); }
    std::size_t chunkCount() const { return m_slots.chunkCount(); }

private:
    struct Slot {
        V value {};
        bool present = false;
    };
    CowVector<Slot, ChunkBits> m_slots;
    std::size_t m_count = 0;
};

} // namespace eventloom
