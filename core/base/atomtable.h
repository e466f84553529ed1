#pragma once

#include "cowvector.h"
#include "sharedprefixvector.h"

#include <cstdint>
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
/// (SharedPrefixVector), the hashes by chunks (CowVector), and the index is two flat open-addressing
/// tables — a shared, immutable one of the atoms interned up to some freeze, and a private one of
/// those since — so a copy costs the atoms interned since the shared table was last rebuilt (at a
/// freeze, once the private table holds an eighth as many as the shared one).
class AtomTable {
public:
    AtomTable();
    Atom intern(std::string_view text);
    /// The atom for `text` if it was interned before, else 0.
    Atom find(std::string_view text) const;
    std::string_view text(Atom atom) const { return m_texts[atom]; }
    std::uint64_t hash(Atom atom) const { return m_hashes[atom]; }
    std::size_t size() const { return m_texts.size(); }
    /// The texts by atom (a reader on another thread follows them: SharedPrefixVector::frozenTail).
    const SharedPrefixVector<std::string>& texts() const { return m_texts; }
    /// Shares the texts interned so far with copies made from now on (see SharedPrefixVector::freeze),
    /// and the index too when the private table has grown to an eighth of the shared one. Writes
    /// nothing when called again with nothing interned in between (a fork's fork).
    void freeze() const;

private:
    /// The slot of `text` (hash `h`) in `slots`: where its atom is, or the empty slot where it would go.
    std::size_t slot(const std::vector<Atom>& slots, std::string_view text, std::uint64_t h) const;
    /// The atom + 1 of `text`, or 0.
    Atom lookup(std::string_view text, std::uint64_t h) const;
    static void place(std::vector<Atom>& slots, std::uint64_t h, Atom atom);
    void grow();

    SharedPrefixVector<std::string> m_texts; ///< in chunks: texts never move, so views stay valid
    CowVector<std::uint64_t> m_hashes;
    // mutable: freeze() reorganises the index without changing what a reader sees.
    /// Atoms below m_sharedCount: atom + 1 by hash (linear probing); 0: empty. Size: a power of two.
    /// Immutable, shared by copies.
    mutable std::shared_ptr<const std::vector<Atom>> m_shared;
    mutable Atom m_sharedCount = 0;
    mutable std::vector<Atom> m_slots; ///< the atoms from m_sharedCount on, the same way: this copy's own
    mutable std::size_t m_own = 0; ///< atoms in m_slots
};

} // namespace eventloom
