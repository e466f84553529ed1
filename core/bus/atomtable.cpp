#include "atomtable.h"

#include <xxhash.h>

namespace eventloom {

AtomTable::AtomTable()
{
    m_texts.emplace_back();
    m_hashes.push_back(XXH3_64bits("", 0));
    m_index.emplace(std::string_view(m_texts.front()), 0);
}

Atom AtomTable::intern(std::string_view text)
{
    if (const auto it = m_index.find(text); it != m_index.end())
        return it->second;
    const auto atom = static_cast<Atom>(m_texts.size());
    const std::string& stored = m_texts.emplace_back(text);
    m_hashes.push_back(XXH3_64bits(stored.data(), stored.size()));
    m_index.emplace(std::string_view(stored), atom);
    return atom;
}

Atom AtomTable::find(std::string_view text) const
{
    const auto it = m_index.find(text);
    return it == m_index.end() ? 0 : it->second;
}

} // namespace eventloom
