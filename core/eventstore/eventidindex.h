#pragma once

#include "../base/atomtable.h"
#include "storedevent.h"

#include <cstdint>
#include <span>
#include <vector>

namespace eventloom {

/// Finds a stored event by (stream, id) for EventStore's idempotent appends. Open addressing over
/// 4-byte slots that hold positions, not ids: the ids are read from the store's events, so the index
/// costs 8–16 bytes per event and no allocation per insert. Lookup only, never iterated.
class EventIdIndex {
public:
    /// The position of the event with this id in `stream`, or kNoPosition.
    std::uint32_t find(const StoredEvents& events, Atom stream, std::uint64_t idHi, std::uint64_t idLo) const;
    /// Adds `events[position]`, which must not be in the index yet.
    void insert(const StoredEvents& events, std::uint32_t position);
    bool empty() const { return m_count == 0; }
    std::size_t memoryBytes() const { return m_slots.capacity() * sizeof(std::uint32_t); }

private:
    static std::uint64_t hash(Atom stream, std::uint64_t idHi, std::uint64_t idLo);
    void place(std::uint64_t hash, std::uint32_t position);
    void grow(const StoredEvents& events);

    std::vector<std::uint32_t> m_slots; ///< position + 1; 0 is an empty slot. Size: 0 or a power of two.
    std::size_t m_count = 0;
};

} // namespace eventloom
