#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace eventloom {

/// An interned string: an index into the run's AtomTable. 0 is the empty string.
using Atom = std::uint32_t;

/// Interns the strings that repeat on the hot path (types, topics, services, keys, ids).
/// Atoms are handed out in first-use order, which is deterministic for a given scenario and seed;
/// each atom's text hash is kept so fingerprints fold text, never indices or pointers.
class AtomTable {
public:
    AtomTable();
    Atom intern(std::string_view text);
    /// The atom for `text` if it was interned before, else 0.
    Atom find(std::string_view text) const;
    std::string_view text(Atom atom) const { return m_texts[atom]; }
    std::uint64_t hash(Atom atom) const { return m_hashes[atom]; }
    std::size_t size() const { return m_texts.size(); }

private:
    std::deque<std::string> m_texts; // deque: stable addresses for the string_view keys below
    std::vector<std::uint64_t> m_hashes;
    std::unordered_map<std::string_view, Atom> m_index; // lookup only, never iterated
};

} // namespace eventloom
