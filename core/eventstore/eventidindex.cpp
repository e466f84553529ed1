#include "eventidindex.h"

namespace eventloom {

std::uint64_t EventIdIndex::hash(Atom stream, std::uint64_t idHi, std::uint64_t idLo)
{
    std::uint64_t z = idHi ^ (idLo * 0x9E3779B97F4A7C15ull) ^ (static_cast<std::uint64_t>(stream) << 32);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint32_t EventIdIndex::find(const StoredEvents& events, Atom stream, std::uint64_t idHi, std::uint64_t idLo) const
{
    if (m_slots.empty())
        return kNoPosition;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash(stream, idHi, idLo) & mask;; i = (i + 1) & mask) {
        const std::uint32_t slot = m_slots[i];
        if (slot == 0)
            return kNoPosition;
        const StoredEvent& e = events[slot - 1];
        if (e.idHi == idHi && e.idLo == idLo && e.stream == stream)
            return slot - 1;
    }
}

void EventIdIndex::insert(const StoredEvents& events, std::uint32_t position)
{
    // At most half full, so probe sequences stay short.
    if ((m_count + 1) * 2 > m_slots.size())
        grow(events);
    const StoredEvent& e = events[position];
    place(hash(e.stream, e.idHi, e.idLo), position);
    ++m_count;
}

void EventIdIndex::place(std::uint64_t hash, std::uint32_t position)
{
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = hash & mask;
    while (m_slots[i] != 0)
        i = (i + 1) & mask;
    m_slots[i] = position + 1;
}

void EventIdIndex::grow(const StoredEvents& events)
{
    std::vector<std::uint32_t> old(m_slots.empty() ? 16 : m_slots.size() * 2, 0);
    old.swap(m_slots);
    for (const std::uint32_t slot : old) {
        if (slot != 0) {
            const StoredEvent& e = events[slot - 1];
            place(hash(e.stream, e.idHi, e.idLo), slot - 1);
        }
    }
}

} // namespace eventloom
