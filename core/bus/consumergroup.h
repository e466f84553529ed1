#pragma once

#include "../base/atomtable.h"
#include "../base/sharedprefixvector.h"
#include "../base/simtime.h"
#include "attemptwindow.h"
#include "deliveryfaults.h"

#include <cstdint>
#include <map>
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
    /// The offset of a record this group cannot handle and will not move past (OnFailure::Block), or -1.
    /// A crash does not clear it: the restarted consumer reads the same record and fails again.
    std::int64_t blockedAt = -1;
    AttemptWindow attempts; ///< delivery count of offsets [committed, highWater)
    // Faults (all idle in a run without them):
    std::uint16_t copies = 0; ///< duplicate deliveries still owed for the record being processed
    std::int64_t repeat = -1; ///< offset to deliver again next (a duplicate copy), or -1
    /// A reordered window [batchStart, batchEnd): delivered in `order`; committed only once all are done.
    struct Batch {
        std::int64_t start = -1;
        std::int64_t end = -1;
        std::size_t left = 0; ///< records of the window not finished yet
        std::vector<std::int64_t> order; ///< offsets still to deliver, front first
        /// (key, offset) handled, to spot order violations among events that carry no `entityVersion`
        std::vector<std::pair<Atom, std::int64_t>> handled;
        bool active() const { return end >= 0; }
    } batch;
    /// Per key of this partition: the highest `entityVersion` the group has handled. Kept with the
    /// entity's state, so it survives a crash; an offset reset forgets it (the group reads history again).
    std::map<Atom, std::int64_t> versions;
    /// A resequencer (`ordering: sequence`) holding an event that came before the version it expects.
    struct Parked {
        Atom key = 0;
        std::int64_t version = 0;
        std::int64_t offset = 0;
        std::uint32_t message = 0;
    };
    /// In memory only: a crash or revoke forgets them, and the committed offset never passes one, so
    /// they are read again.
    std::vector<Parked> parked;
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
    /// Detached (the `detach` injection): no member reads, whatever instances its service has, until it is
    /// attached again; its committed offsets stay.
    bool detached = false;
    std::uint64_t orderViolations = 0; ///< events of an entity this group handled after a later one
    std::uint64_t parked = 0; ///< events its resequencer parked
    std::uint64_t gapsSkipped = 0; ///< parked events it handled after waiting parkTimeout for a missing version
    /// Kafka's `auto.offset.reset`: where it starts without a committed offset, and where it goes when its
    /// position falls below a partition's log-start offset (retention deleted what it had not read).
    StartFrom reset = StartFrom::Earliest;
    std::uint64_t expired = 0; ///< records retention deleted before this group fetched them
    std::uint64_t skipped = 0; ///< records it moved past after a failed handling (OnFailure::Skip): lost
    std::uint64_t deadLettered = 0; ///< records it copied to its dead-letter topic
    std::vector<std::uint32_t> inFlight; ///< per instance number
    std::vector<PartitionCursor> partitions;
    std::uint32_t generation = 0;
};

/// One topic: its partitions' logs (event seqs by offset) and the groups subscribed to it.
struct Topic {
    Atom name = 0;
    SimTime latency = 0; ///< publish → visible to consumers
    /// Records published this long ago are deleted by the next retention check (Kafka's `retention.ms`);
    /// 0: kept for ever.
    SimTime retention = 0;
    /// Per partition: offset → event seq. Append-only: a fork of the simulation freezes them and shares
    /// their past (Simulation::fork). Retention deletes logically: offsets below `logStart` are gone for
    /// consumers, while the log keeps their seqs (the trace and the inspector still resolve them).
    std::vector<SharedPrefixVector<std::uint32_t>> logs;
    std::vector<std::int64_t> logStart; ///< per partition: the log-start offset, the first offset still kept
    SimTime retentionCheckAt = -1; ///< when the pending retention check runs, -1 if none is pending
    std::vector<std::int64_t> arrived; ///< per partition: offsets below this are visible
    std::uint64_t produceRetries = 0; ///< produce requests to it that failed and were sent again
    std::vector<std::uint16_t> groups;
    std::uint32_t roundRobin = 0; ///< next partition for keyless events

    std::int32_t partitionCount() const { return static_cast<std::int32_t>(logs.size()); }
};

} // namespace eventloom
