#include "atomtable.h"

#include <xxhash.h>

namespace eventloom {

AtomTable::AtomTable()
{
    m_texts.push_back({});
    m_hashes.push_back(XXH3_64bits("", 0));
    m_shared = std::make_shared<const std::vector<Atom>>();
    m_slots.assign(64, 0);
    place(m_slots, m_hashes[0], 0);
    m_own = 1;
}

std::size_t AtomTable::slot(const std::vector<Atom>& slots, std::string_view text, std::uint64_t h) const
{
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
        const Atom a = slots[i];
        if (a == 0 || (m_hashes[a - 1] == h && m_texts[a - 1] == text))
            return i;
    }
}

Atom AtomTable::lookup(std::string_view text, std::uint64_t h) const
{
    // The private table first: it is small (so often cached) and holds the atoms the run interns now.
    if (const Atom a = m_slots[slot(m_slots, text, h)]; a != 0)
        return a;
    const std::vector<Atom>& shared = *m_shared;
    return shared.empty() ? 0 : shared[slot(shared, text, h)];
}

void AtomTable::place(std::vector<Atom>& slots, std::uint64_t h, Atom atom)
{
    const std::size_t mask = slots.size() - 1;
    std::size_t i = static_cast<std::size_t>(h) & mask;
    while (slots[i] != 0)
        i = (i + 1) & mask;
    slots[i] = atom + 1;
}

void AtomTable::grow()
{
    std::vector<Atom> old;
    old.swap(m_slots);
    m_slots.assign(old.size() * 2, 0);
    for (const Atom a : old)
        if (a != 0)
            place(m_slots, m_hashes[a - 1], a - 1);
}

Atom AtomTable::intern(std::string_view text)
{
    const std::uint64_t h = XXH3_64bits(text.data(), text.size());
    if (const Atom a = lookup(text, h); a != 0)
        return a - 1;
    const auto atom = static_cast<Atom>(m_texts.size());
    m_texts.push_back(std::string(text));
    m_hashes.push_back(h);
    if ((m_own + 2) * 2 > m_slots.size()) // at most half full
        grow();
    place(m_slots, h, atom);
    ++m_own;
    return atom;
}

Atom AtomTable::find(std::string_view text) const
{
    const Atom a = lookup(text, XXH3_64bits(text.data(), text.size()));
    return a == 0 ? 0 : a - 1;
}

void AtomTable::freeze() const
{
    m_texts.freeze();
    // Copies share m_shared and copy m_slots: rebuild the shared table once the private one is an
    // eighth of it, so a copy costs at most that, and rebuilding costs O(1) per atom over the run.
    if (m_own * 8 <= m_sharedCount || m_own < 1024)
        return;
    const auto count = static_cast<Atom>(m_texts.size());
    std::size_t size = 64;
    while ((static_cast<std::size_t>(count) + 1) * 2 > size)
        size *= 2;
    auto shared = std::make_shared<std::vector<Atom>>(size, 0);
    for (Atom a = 0; a < count; ++a)
        place(*shared, m_hashes[a], a);
    m_shared = std::move(shared);
    m_sharedCount = count;
    m_slots.assign(64, 0);
    m_own = 0;
}

} // namespace eventloom
