#pragma once

#include "../base/cowvector.h"
#include "../base/simtime.h"
#include "../bus/event.h"
#include "../bus/eventlog.h"

#include <cstdint>
#include <span>

namespace eventloom {

/// A global position that names no stored event.
constexpr std::uint32_t kNoPosition = 0xFFFFFFFFu;

/// One event in the event store: plain data (56 bytes), its payload a range of the run's EventLog arena.
struct StoredEvent {
    std::uint64_t idHi = 0; ///< 128-bit event id; the store refuses to store the same id twice in one stream
    std::uint64_t idLo = 0;
    SimTime time = 0; ///< simulated time of the append
    Atom stream = 0; ///< aggregate id
    std::uint32_t version = 0; ///< 1-based number of this event in its stream: the stream's version once it is applied
    std::uint32_t position = 0; ///< 0-based global position in the store, across all streams
    Atom type = 0;
    std::uint32_t payloadBegin = 0; ///< top-level payload fields, in EventLog::arena()
    std::uint32_t payloadCount = 0;
    std::uint32_t causation = kNoMessage; ///< seq of the bus message that caused the append, if any

    std::span<const Field> payload(const EventLog& log) const { return log.fields(payloadBegin, payloadCount); }
    /// The value of top-level payload field `key`, or a null Value.
    Value field(const EventLog& log, Atom key) const
    {
        for (const Field& f : payload(log))
            if (f.key == key)
                return f.value;
        return {};
    }
    /// The payload as a map Value, e.g. for EventLog::toJson.
    Value payloadValue() const { return Value::map({ payloadBegin, payloadCount }); }
};

/// The store's events by global position: append-only, copy-on-write by chunks of 1,024 (57 KB), so a
/// fork of the simulation shares every full chunk with its original.
using StoredEvents = CowVector<StoredEvent, 10>;

} // namespace eventloom
