#include "atomtable.h"

#include <xxhash.h>

namespace eventloom {

AtomTable::AtomTable()
{
    m_texts.push_back({});
    m_hashes.push_back(XXH3_64bits("", 0));
    m_slots.assign(64, 0);
    m_slots[slot({}, m_hashes[0])] = 1;
}

std::size_t AtomTable::slot(std::string_view text, std::uint64_t h) const
{
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
        const Atom a = m_slots[i];
        if (a == 0 || (m_hashes[a - 1] == h && m_texts[a - 1] == text))
            return i;
    }
}

void AtomTable::grow()
{
    std::vector<Atom> old;
    old.swap(m_slots);
    m_slots.assign(old.size() * 2, 0);
    const std::size_t mask = m_slots.size() - 1;
    for (const Atom a : old) {
        if (a == 0)
            continue;
        std::size_t i = static_cast<std::size_t>(m_hashes[a - 1]) & mask;
        while (m_slots[i] != 0)
            i = (i + 1) & mask;
        m_slots[i] = a;
    }
}

Atom AtomTable::intern(std::string_view text)
{
    const std::uint64_t h = XXH3_64bits(text.data(), text.size());
    std::size_t i = slot(text, h);
    if (m_slots[i] != 0)
        return m_slots[i] - 1;
    const auto atom = static_cast<Atom>(m_texts.size());
    m_texts.push_back(std::string(text));
    m_hashes.push_back(h);
    if ((m_texts.size() + 1) * 2 > m_slots.size()) { // at most half full
        grow();
        i = slot(text, h);
    }
    m_slots[i] = atom + 1;
    return atom;
}

Atom AtomTable::find(std::string_view text) const
{
    const Atom a = m_slots[slot(text, XXH3_64bits(text.data(), text.size()))];
    return a == 0 ? 0 : a - 1;
}

} // namespace eventloom
