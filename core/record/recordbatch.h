#pragma once

#include "../base/sharedprefixvector.h"
#include "../bus/event.h"
#include "../bus/value.h"
#include "../trace/tracerecord.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace eventloom {

/// What the recorder hands the writer thread: trace records plus everything new that they need to be
/// resolved without touching the simulation (which keeps running on its own thread). Atom texts,
/// payload fields and names are append-only in the engine, so only the part added since the
/// previous batch travels; the texts and fields not even that: the chunks the engine froze holding them,
/// shared, not copied (SharedPrefixVector::frozenTail).
struct RecordBatch {
    std::vector<TraceRecord> records;
    /// The envelope of each `published`/`command` record's message, in record order.
    std::vector<Event> messages;
    /// The atom texts and the payload arena as far as the records need them.
    SharedPrefixVector<std::string>::FrozenTail atoms;
    SharedPrefixVector<Field>::FrozenTail fields;
    /// Name atoms of services, topics and consumer groups from the given index on.
    std::uint16_t firstService = 0, firstTopic = 0, firstGroup = 0;
    std::vector<Atom> services, topics, groups;
    /// Injections added from outside the scenario since the previous batch: (spec as written, time).
    std::vector<std::pair<std::string, SimTime>> injections;

    bool empty() const { return records.empty() && injections.empty(); }
};

} // namespace eventloom
