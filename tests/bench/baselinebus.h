#pragma once

#include "bus/eventlog.h"
#include "sim/fingerprint.h"
#include "trace/tracerecord.h"

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace eventloom::bench {

/// The floor of budgets B1 and B2: a hand-rolled simulator doing the work the engine's trace says it
/// does, and no more. Per published event: the event appended to an EventLog, its partition chosen by
/// Kafka's murmur2 of its key, a `Published` record, one item through a binary heap of (time, seq, event)
/// in the engine's order; when the item is popped, per subscribed group: a `Delivered` record, one
/// std::function call (the handler), a `Handled` record, the group's offset advanced and a `Committed`
/// record. Every record is appended to a buffer reserved up front (emptied after each drain, as a batch
/// handed on) and folded into a Fingerprint exactly as the engine folds its own (core/sim/fingerprint). No faults,
/// retries, rebalancing, counters or observers: what is left between the engine and this floor is the cost of those and
/// of the engine's generality (services, a scheduler of many item kinds, per-partition cursors).
class BaselineBus {
public:
    using Handler = std::function<void(std::uint32_t event)>;

    Atom intern(std::string_view text) { return m_log.atoms().intern(text); }
    std::uint16_t addTopic(std::int32_t partitions);
    /// A consumer group of its own, reading every partition of `topic`.
    void subscribe(std::uint16_t topic, Handler handler);
    /// Reserves the event log, the trace buffer (the records of one drain) and the heap; nothing
    /// allocates after.
    void reserve(std::size_t events, std::size_t recordsPerDrain, std::size_t pending);

    /// Appends an event of `type` with `key` to the log and schedules its arrival at `time`.
    void publish(SimTime time, std::uint16_t topic, Atom type, Atom key);
    /// Delivers everything scheduled, in (time, seq) order; returns the number of handler calls.
    std::uint64_t drain();

    std::uint64_t fingerprint() const { return m_fingerprint.value(); }
    std::uint64_t records() const { return m_records; }

private:
    struct Item {
        SimTime time;
        std::uint64_t seq;
        std::uint32_t event;
    };
    struct Group {
        Handler handler;
        std::vector<std::int64_t> committed; ///< per partition: the next offset to read
    };
    struct Topic {
        std::int32_t partitions = 1;
        std::vector<std::int64_t> nextOffset; ///< per partition
        std::vector<std::uint16_t> groups;
    };

    void emit(const TraceRecord& record);

    EventLog m_log;
    Fingerprint m_fingerprint;
    std::vector<TraceRecord> m_trace;
    std::vector<Item> m_heap;
    std::vector<Topic> m_topics;
    std::vector<Group> m_groups;
    std::uint64_t m_nextSeq = 0;
    std::uint64_t m_records = 0;
};

} // namespace eventloom::bench
