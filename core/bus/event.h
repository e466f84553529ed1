#pragma once

#include "../base/atomtable.h"
#include "../base/sentinels.h"
#include "../base/simtime.h"

#include <cstdint>

namespace eventloom {

/// The envelope of a message: an event published to a topic, or a point-to-point command.
/// Plain data (about 80 bytes); the payload lives in the EventLog's arena.
struct Event {
    enum class Kind : std::uint8_t { Event, Command };

    std::uint64_t idHi = 0; ///< deterministic 128-bit id, printed UUID-shaped
    std::uint64_t idLo = 0;
    SimTime publishTime = 0;
    std::int64_t offset = -1; ///< offset in its partition; -1 for commands
    std::uint32_t seq = 0; ///< global position in the run's log
    std::uint32_t causation = kNoMessage; ///< seq of the message being handled when this was sent
    Atom type = 0;
    Atom key = 0;
    Atom tenant = 0;
    Atom correlation = 0;
    Atom producer = 0; ///< service id
    std::uint32_t payloadBegin = 0;
    std::uint32_t payloadCount = 0;
    std::int32_t partition = -1; ///< -1 for commands
    std::uint16_t topic = kNoIndex; ///< topic index; kNoIndex for commands
    std::uint16_t target = kNoIndex; ///< target service index, for commands
    std::uint16_t replyTo = kNoIndex; ///< for a request (a command that expects a reply): the caller
    std::uint16_t version = 1;
    Kind kind = Kind::Event;
};

} // namespace eventloom
