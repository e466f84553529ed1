#pragma once

#include "../sim/simtime.h"
#include "atomtable.h"
#include "attemptwindow.h"
#include "deliveryfaults.h"
#include "sharedprefixvector.h"

#include <cstdint>
#include <vector>

namespace eventloom {

/// Where a new consumer group starts reading: the whole history, or only what is published from now on.
enum class StartFrom : std::uint8_t { Earliest, Latest };

/// A group's progress on one partition.
struct PartitionCursor {
    std::int64_t next = 0; ///< next offset to deliver
    std::int64_t processed = 0; ///< offsets below this were handled
    std::int64_t committed = 0; ///< offsets below this are committed (survive a crash)
    std::int64_t highWater = 0; ///< offsets below this were delivered at least once
    std::int32_t owner = -1; ///< owning instance number, -1 while unassigned
    std::uint32_t epoch = 0; ///< bumped on revoke/crash, so stale scheduled items are ignored
    bool busy = false; ///< a record of this partition is being processed
    AttemptWindow attempts; ///< delivery count of offsets [committed, highWater)
    // Faults (all idle in a run without them):
    std::uint16_t copies = 0; ///< duplicate deliveries still owed for the record being processed
    std::int64_t repeat = -1; ///< offset to deliver again next (a duplicate copy), or -1
    /// A reordered window [batchStart, batchEnd): delivered in `order`; committed only once all are done.
    struct Batch {
        std::int64_t start = -1;
        std::int64_t end = -1;
        std::int64_t expected = -1; ///< sequence-aware consumers: the next offset they will handle
        std::size_t left = 0; ///< records of the window not finished yet
        std::vector<std::int64_t> order; ///< offsets still to deliver, front first
        std::vector<std::int64_t> parked; ///< sequence-aware: delivered early, waiting for `expected`
        std::vector<std::pair<Atom, std::int64_t>> handled; ///< naive: (key, offset) handled, to spot order violations
        bool active() const { return end >= 0; }
    } batch;
};

/// One consumer group's subscription to one topic: Kafka assigns partitions per topic (range
/// assignor), so a service subscribing to several topics under one group name gets one of these each.
struct ConsumerGroup {
    Atom name = 0;
    std::uint16_t topic = 0;
    std::uint16_t service = 0;
    std::uint32_t maxInFlight = 1; ///< per instance, across its partitions
    SimTime commitDelay = 0; ///< time from handling a record to its offset commit
    SubscriptionPolicy policy; ///< retries, dead letters, ordering, schema tolerance
    std::uint16_t deadLetterTopic = 0xFFFF; ///< `<topic>.dlq` when the policy dead-letters
    std::vector<std::uint16_t> members; ///< live instance numbers, ascending
    std::vector<std::uint32_t> inFlight; ///< per instance number
    std::vector<PartitionCursor> partitions;
    std::uint32_t generation = 0;
};

/// One topic: its partitions' logs (event seqs by offset) and the groups subscribed to it.
struct Topic {
    Atom name = 0;
    SimTime latency = 0; ///< publish → visible to consumers
    /// Per partition: offset → event seq. Append-only: a fork of the simulation freezes them and shares
    /// their past (Simulation::fork).
    std::vector<SharedPrefixVector<std::uint32_t>> logs;
    std::vector<std::int64_t> arrived; ///< per partition: offsets below this are visible
    std::vector<std::uint16_t> groups;
    std::uint32_t roundRobin = 0; ///< next partition for keyless events

    std::int32_t partitionCount() const { return static_cast<std::int32_t>(logs.size()); }
};

} // namespace eventloom
