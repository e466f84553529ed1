#pragma once

#include "../sim/scheduler.h"
#include "consumergroup.h"
#include "deliveryhost.h"
#include "eventlog.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace eventloom {

/// The Kafka-like bus: topics with partitions and offsets, consumer groups with range assignment
/// and committed offsets, at-least-once delivery with per-partition order.
///
/// Lifecycle of a record for one group: publish → (topic latency) → arrival → delivered to the
/// partition's owner when it has capacity → handled after the service's processing time → offset
/// committed after the group's commit delay. A crash between handling and commit rewinds the
/// group to its committed offset, so the record is delivered again.
class EventBus {
public:
    EventBus(Scheduler& scheduler, EventLog& log, DeliveryHost& host);
    /// A copy of `other`'s topics, groups and dead letters, bound to the given parts of a fork of its
    /// simulation (Simulation::fork). Its faults are unset: the fork sets its own copy.
    EventBus(const EventBus& other, Scheduler& scheduler, EventLog& log, DeliveryHost& host);
    EventBus(const EventBus&) = delete;
    EventBus& operator=(const EventBus&) = delete;

    std::uint16_t addTopic(Atom name, std::int32_t partitions, SimTime latency);
    /// Subscribes `service` (with `instances` consumer instances) to `topic` under group `name`.
    /// A group added while running starts at `start` (Earliest replays the history).
    std::uint16_t addGroup(Atom name, std::uint16_t topic, std::uint16_t service, std::uint16_t instances,
        std::uint32_t maxInFlight, SimTime commitDelay, StartFrom start = StartFrom::Earliest,
        const SubscriptionPolicy& policy = {});
    /// Fault rules and breakpoints; nullptr (the default) for none.
    void setFaults(DeliveryFaults* faults) { m_faults = faults; }

    /// Assigns every group's partitions (the first rebalance). Until then groups are built silently,
    /// so observers attached before the first step see the whole trace. Groups added later rebalance at once.
    void start();

    /// Picks the partition (murmur2 of the key, or round robin without one), appends, traces
    /// `published` and schedules the arrival. `event` must already be in the log.
    void publish(std::uint32_t seq);
    /// The partition a record with this key goes to.
    std::int32_t partitionFor(std::uint16_t topic, Atom key);

    /// Scheduled items of the bus (Arrival: a record becomes visible to consumers).
    void onArrival(const ScheduledItem& item);
    void onHandleDone(const ScheduledItem& item);
    void onCommitDue(const ScheduledItem& item);
    /// A delayed delivery, a retry after a backoff, lands.
    void onDeliveryDue(const ScheduledItem& item);
    /// Carries out the decision for a delivery the faults held (a breakpoint): deliver, drop,
    /// duplicate or delay it. False if it is no longer pending (the consumer crashed or lost the partition).
    bool resolveHeld(std::uint16_t group, std::int32_t partition, std::int64_t offset, std::uint32_t epoch,
        const DeliveryDecision& decision);

    /// Kafka's offset reset (`reset-offset`): `group`'s committed offset and its consumer's fetch position on
    /// each of `positions` (partition, new offset) move to the new offset, traced `offset-reset`; the group
    /// then reads on from there — again what it had read (a replay), or past what it had not (a skip).
    /// Work in flight on those partitions is abandoned, as when a consumer is stopped for the reset: a
    /// handling under way never completes, commits, retries and delayed or duplicate deliveries not yet
    /// landed are discarded, reorder windows and parked records are forgotten, and a delivery held at a
    /// breakpoint goes stale. The attempt counts start afresh, so replayed records are delivered as attempt 1.
    void resetOffsets(std::uint16_t group, const std::vector<std::pair<std::int32_t, std::int64_t>>& positions);
    /// The first offset of `topic`'s `partition` whose record was published at or after `t`, or the end
    /// offset if none was (Kafka's `--to-datetime`).
    std::int64_t offsetForTime(std::uint16_t topic, std::int32_t partition, SimTime t) const;

    /// A message given up on after its retries, and its copy on `<topic>.dlq`.
    struct DeadLetter {
        std::uint32_t message = 0; ///< the original
        std::uint32_t copy = 0; ///< the copy on the dead-letter topic
        std::uint16_t group = 0;
        std::uint16_t attempts = 0;
        Atom reason = 0;
        SimTime t = 0;
    };
    const std::vector<DeadLetter>& deadLetters() const { return m_deadLetters; }

    /// Membership changes; each affected group rebalances once.
    /// Instances that leave gracefully commit what they handled.
    void membersLeft(std::uint16_t service, const std::vector<std::uint16_t>& instances);
    /// Every instance of `service` crashed: uncommitted progress is lost with the process.
    void serviceCrashed(std::uint16_t service);
    void membersJoined(std::uint16_t service, const std::vector<std::uint16_t>& instances);

    std::size_t topicCount() const { return m_topics.size(); }
    const Topic& topic(std::uint16_t i) const { return m_topics[i]; }
    std::uint16_t findTopic(Atom name) const;
    std::size_t groupCount() const { return m_groups.size(); }
    const ConsumerGroup& group(std::uint16_t i) const { return m_groups[i]; }
    /// Records published to the partition but not yet committed by the group.
    std::int64_t lag(std::uint16_t group, std::int32_t partition) const;

private:
    void rebalance(std::uint16_t group);
    void pump(std::uint16_t group, std::int32_t partition);
    void pumpMember(std::uint16_t group, std::uint16_t instance);
    /// Handles record `offset` (processing done) and commits or schedules its commit.
    void finish(std::uint16_t group, std::int32_t partition, std::int64_t offset);
    /// Hands record `offset` to the partition's owner (busy and in-flight are already set).
    /// False if it finished at once (no processing time).
    bool deliver(std::uint16_t group, std::int32_t partition, std::int64_t offset, bool quiet);
    /// Record `offset` is done with (handled, dropped or dead-lettered): progress and commit.
    void advance(std::uint16_t group, std::int32_t partition, std::int64_t offset);
    void scheduleCommit(std::uint16_t group, std::int32_t partition, std::int64_t next);
    /// The attempt counter of `offset`, growing the window to it.
    std::uint16_t& attemptSlot(PartitionCursor& cursor, std::int64_t offset);
    /// Applies a fault decision to fresh record `offset`; true if the pump may go on with the partition.
    bool applyDecision(std::uint16_t group, std::int32_t partition, std::int64_t offset, DeliveryDecision& decision);
    /// Handles what a sequence-aware consumer parked, now that the gap before it is filled.
    void handleParked(std::uint16_t group, std::int32_t partition);
    HandleResult handleOne(std::uint16_t group, std::int32_t partition, std::int64_t offset, std::uint32_t message);
    void resetFaultState(PartitionCursor& cursor);
    void commit(std::uint16_t group, std::int32_t partition, std::int64_t next);
    TraceRecord record(
        TraceKind kind, std::uint16_t group, std::int32_t partition, std::int64_t offset, std::uint32_t message) const;

    Scheduler& m_scheduler;
    EventLog& m_log;
    DeliveryHost& m_host;
    std::vector<Topic> m_topics;
    std::vector<ConsumerGroup> m_groups;
    DeliveryFaults* m_faults = nullptr;
    std::vector<DeadLetter> m_deadLetters;
    bool m_started = false;
};

} // namespace eventloom
