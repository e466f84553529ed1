#pragma once

#include "../bus/event.h"
#include "../bus/value.h"

#include <cstdint>
#include <span>

namespace eventloom {

/// An event to append to a stream. The payload is borrowed: the store copies the top-level fields into
/// the EventLog's arena, so they may come from a PayloadBuilder, a local array, or another message's
/// payload. Nested lists and maps must already be in that arena (PayloadBuilder puts them there).
struct NewEvent {
    /// Caller-chosen id. A retry carrying the same id adds nothing (see EventStore::append), so derive
    /// it from what caused the event, e.g. with causedBy(). 0:0 asks the store to mint a fresh id.
    std::uint64_t idHi = 0;
    std::uint64_t idLo = 0;
    Atom type = 0;
    std::span<const Field> payload;
    std::uint32_t causation = kNoMessage; ///< seq of the bus message that caused it, or kNoMessage

    /// The `index`-th event decided while handling `cause`: its id is derived from the message's id
    /// and `index`, so handling a redelivered or duplicated copy of the message yields the same ids.
    /// Writers that share a stream and react to the same message must use different indices.
    static NewEvent causedBy(const Event& cause, std::uint32_t index, Atom type, std::span<const Field> payload);
};

} // namespace eventloom
