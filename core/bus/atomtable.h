#pragma once

#include "sharedprefixvector.h"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace eventloom {

/// An interned string: an index into the run's AtomTable. 0 is the empty string.
using Atom = std::uint32_t;

/// Interns the strings that repeat on the hot path (types, topics, services, keys, ids).
/// Atoms are handed out in first-use order, which is deterministic for a given scenario and seed;
/// each atom's text hash is kept so fingerprints fold text, never indices or pointers.
///
/// Copies are cheap (a fork's log, Simulation::fork): the texts are shared with the copy once frozen
/// (SharedPrefixVector), and the index is a flat open-addressing table of atoms, copied as one block.
class AtomTable {
public:
    AtomTable();
    Atom intern(std::string_view text);
    /// The atom for `text` if it was interned before, else 0.
    Atom find(std::string_view text) const;
    std::string_view text(Atom atom) const { return m_texts[atom]; }
    std::uint64_t hash(Atom atom) const { return m_hashes[atom]; }
    std::size_t size() const { return m_texts.size(); }
    /// Shares the texts interned so far with copies made from now on (see SharedPrefixVector::freeze).
    void freeze() const { m_texts.freeze(); }

private:
    /// The slot of `text` (hash `h`): where its atom is, or the empty slot where it would go.
    std::size_t slot(std::string_view text, std::uint64_t h) const;
    void grow();

    SharedPrefixVector<std::string, std::deque<std::string>> m_texts; ///< a deque: texts never move, so views stay valid
    std::vector<std::uint64_t> m_hashes;
    std::vector<Atom> m_slots; ///< atom + 1 by hash (linear probing); 0: empty. Size: a power of two
};

} // namespace eventloom
