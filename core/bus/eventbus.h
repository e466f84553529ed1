#pragma once

#include "../base/scheduler.h"
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

    /// A topic of `partitions` partitions. With `retention` > 0, a retention check deletes its records once
    /// they are `retention` old: it runs at multiples of retention/10 (at least 1 us), only while the topic
    /// holds records, and moves each partition's log-start offset past the records it deletes, traced
    /// `retention` (one record per partition and check).
    std::uint16_t addTopic(Atom name, std::int32_t partitions, SimTime latency, SimTime retention = 0);
    /// The interval of `topic`'s retention checks.
    static SimTime retentionCheckInterval(SimTime retention) { return std::max<SimTime>(1, retention / 10); }
    /// Subscribes `service` (with `instances` consumer instances) to `topic` under group `name`.
    /// A group added while running starts at `start` (Earliest replays the history the topic still keeps:
    /// from each partition's log-start offset, traced `offset-reset` where retention moved it past 0).
    /// `start` is also its `auto.offset.reset`: where it goes when its position falls below the log-start
    /// offset (OffsetOutOfRange), traced `offset-reset`.
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
    /// `producer` sends `seq` (already in the log): its partition is chosen now, as Kafka's producer does in
    /// send(). If the faults fail the produce request (`producer-retry`), it is traced `produce-retried` and
    /// appended after the backoff. A producer without idempotence appends what it sent meanwhile first, so
    /// the partition's log holds them out of the order they were sent; an idempotent producer's later records
    /// to that partition wait and are appended after it, in order (the broker refuses a sequence gap).
    void produce(std::uint32_t seq, std::uint16_t producer);
    /// Kafka's `enable.idempotence` for `producer`'s records (the default since Kafka 3.0: on).
    void setIdempotentProducer(std::uint16_t producer, bool on);
    bool idempotentProducer(std::uint16_t producer) const
    {
        return producer >= m_plainProducers.size() || m_plainProducers[producer] == 0;
    }
    /// The partition a record with this key goes to.
    std::int32_t partitionFor(std::uint16_t topic, Atom key);

    /// Scheduled items of the bus (Arrival: a record becomes visible to consumers).
    void onArrival(const ScheduledItem& item);
    void onHandleDone(const ScheduledItem& item);
    void onCommitDue(const ScheduledItem& item);
    /// A delayed delivery, a retry after a backoff, lands.
    void onDeliveryDue(const ScheduledItem& item);
    /// A retried produce request lands (ItemKind::ProduceDue).
    void onProduceDue(const ScheduledItem& item);
    /// A parked event waited its parkTimeout: the resequencer handles it, past the versions that never came.
    void onParkExpired(const ScheduledItem& item);
    /// A topic's retention check (ItemKind::RetentionCheck): deletes what is `retention` old.
    void onRetentionCheck(const ScheduledItem& item);
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
    /// A position below the partition's log-start offset moves to it, one past its end to the end.
    void resetOffsets(std::uint16_t group, const std::vector<std::pair<std::int32_t, std::int64_t>>& positions);
    /// The first offset of `topic`'s `partition` still kept whose record was published at or after `t`, or
    /// the end offset if none was (Kafka's `--to-datetime`).
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
    /// The `detach` injection: every group of `service` stops consuming — its members leave gracefully
    /// (committing what they handled) and none joins until attach(); returns how many groups it detached.
    std::size_t detach(std::uint16_t service);
    /// The `attach` injection for detached groups of `service`: `instances` join them again. `from`: where
    /// they read on — their committed offsets (nullptr), or the earliest or latest offset (an offset reset).
    /// Returns how many groups it attached.
    std::size_t attach(std::uint16_t service, const std::vector<std::uint16_t>& instances, const StartFrom* from);

    std::size_t topicCount() const { return m_topics.size(); }
    const Topic& topic(std::uint16_t i) const { return m_topics[i]; }
    std::uint16_t findTopic(Atom name) const;
    std::size_t groupCount() const { return m_groups.size(); }
    const ConsumerGroup& group(std::uint16_t i) const { return m_groups[i]; }
    /// Retries, and handlings, scheduled for records groups are blocked on (onFailure: block), stale ones
    /// included: when nothing else is scheduled, the run would go on without end (Simulation::stalled).
    std::size_t blockedWaits() const { return m_blockedWaits; }
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
    /// Handling `offset` failed: retries it after a backoff (true: the partition waits for it) or gives up
    /// on it as the policy says, skipping or dead-lettering it (false: the partition moves on).
    bool failed(std::uint16_t group, std::int32_t partition, std::int64_t offset, std::uint32_t message, Atom reason);
    /// The event's `entityVersion` (a top-level integer of its payload), or 0 if it has none.
    std::int64_t entityVersion(std::uint32_t message) const;
    /// A resequencer: parks `offset` if it is past the version expected for its key; true if it did.
    bool park(std::uint16_t group, std::int32_t partition, std::int64_t offset, std::uint32_t message);
    /// Handles the parked events of `key` whose turn has come, in version order.
    void handleParked(std::uint16_t group, std::int32_t partition, Atom key);
    HandleResult handleOne(std::uint16_t group, std::int32_t partition, std::int64_t offset, std::uint32_t message);
    void resetFaultState(PartitionCursor& cursor);
    /// Kafka's OffsetOutOfRange: `group`'s position on `partition` is below the log-start offset; it moves
    /// by the group's auto.offset.reset, traced `offset-reset`.
    void outOfRange(std::uint16_t group, std::int32_t partition);
    /// Schedules `topic`'s next retention check: the first check time at or after `due`.
    void scheduleRetention(std::uint16_t topic, SimTime due);
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
    /// An idempotent producer's partition blocked behind a retried request: what it sent since waits.
    struct Retrying {
        std::uint16_t producer = 0;
        std::uint16_t topic = 0;
        std::int32_t partition = 0;
        std::uint32_t seq = 0; ///< the retried record
        std::vector<std::uint32_t> waiting;
    };
    std::vector<Retrying> m_retrying;
    std::size_t m_blockedWaits = 0; ///< scheduled BlockedRetryDue and BlockedHandleDone items
    std::vector<std::uint8_t> m_plainProducers; ///< per service: 1 if its producer is not idempotent
    Atom m_versionField = 0; ///< "entityVersion"
    bool m_versioned = false; ///< some published event carries an entityVersion
    bool m_started = false;
};

} // namespace eventloom
