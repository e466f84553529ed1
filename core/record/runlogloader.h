#pragma once

#include "../bus/eventlog.h"
#include "runfile.h"

#include <QString>
#include <functional>

namespace eventloom {

/// Loads a run file's messages back into an EventLog — envelopes and payloads as the engine holds
/// them — so read models, aggregates and views can be rebuilt from a recorded run without
/// re-simulating it (B4's rebuild). Payload JSON is parsed straight into the log's arena.
/// Message ids are the log's own (derived from their position), not the recorded UUIDs.
class RunLogLoader {
public:
    struct Result {
        bool ok = false;
        QString error;
        std::size_t messages = 0;
    };
    /// Maps a topic name to the index the caller's bus gives it (kNoIndex if unknown).
    using TopicIndex = std::function<std::uint16_t(std::string_view name)>;

    static Result load(const RunFile& run, EventLog& log, const TopicIndex& topicIndex, bool eventsOnly = true);
    /// Parses one JSON value into `log`'s arena; false if `text` is not valid JSON.
    static bool parseValue(std::string_view text, EventLog& log, Value& value);
};

} // namespace eventloom
