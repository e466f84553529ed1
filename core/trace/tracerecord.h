#pragma once

#include "../base/atomtable.h"
#include "../base/sentinels.h"
#include "../base/simtime.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace eventloom {

/// Everything the engine does is one of these. The names are the `kind` field of the JSON Lines export.
enum class TraceKind : std::uint8_t {
    Published, ///< an event appended to a topic partition (message = the event)
    CommandSent, ///< a command sent to a service (message = the command)
    Delivered, ///< a message handed to a consumer instance (attempt >= 1)
    Redelivered, ///< precedes a Delivered that repeats an offset the group had delivered before
    Handled, ///< a consumer finished a message, with its outcome
    Committed, ///< a group's committed offset advanced (offset = next offset to read)
    TimerFired, ///< a service timer fired (aux = timer id)
    Rebalanced, ///< a partition's owner in a group changed (aux = new owner instance, or -1)
    Crashed, ///< a service went down (aux = planned downtime in us)
    Restarted, ///< a crashed service came back
    InstanceAdded, ///< a consumer instance joined its groups
    InstanceRemoved, ///< a consumer instance left its groups
    CommandLost, ///< a command in flight when its target crashed
    // Records that services, stores and read models emit through ServiceContext::trace:
    Rejected, ///< a command refused by the write model's invariants (detail = reason)
    DuplicateEffect, ///< a non-idempotent service repeated an effect for a message it had handled
    Appended, ///< events appended to an event-store stream (aux = new stream version)
    AppendConflict, ///< an append whose expected version did not match (aux = actual version)
    SnapshotTaken, ///< an aggregate snapshot was stored (aux = its version)
    StaleRead, ///< a read-model query returned data older than the write side's
    Injection, ///< a fault injection took effect (detail = its spec as written)
    /// A saga instance moved (`phase` says how): `subject` = the saga id (its correlation id),
    /// `saga` = the saga definition's index, `aux` = the step index (-1 for the saga as a whole),
    /// `attempt` = the attempt of the step or compensation, `detail` = a reason,
    /// `service` = the coordinator (orchestration) or the participant (choreography),
    /// `message` = the message that caused it, if any.
    Saga,
    // Faults, retries and dead letters (core/faults/); the delivery records name group, topic, partition and offset:
    Dropped, ///< a delivery to a group was dropped (detail = the rule or "breakpoint")
    Duplicated, ///< a delivery to a group is repeated (aux = extra copies)
    Delayed, ///< a delivery to a group is held back (aux = the delay in us)
    Reordered, ///< the next `aux` records of a partition reach the group out of order (offset = the first)
    Poisoned, ///< an event was marked poison at publish: matching handlers throw on it (detail = the rule)
    Retried, ///< a failed handling is retried after a backoff (aux = backoff in us, attempt = the failed one)
    DeadLettered, ///< a message given up on, sent to `<topic>.dlq` (aux = the dead-letter copy's seq, detail = reason)
    Republished, ///< a dead-lettered message published again (message = the new event, aux = the dead letter's seq)
    /// A group handled an event of a key after a later one of the same key: later by the payload's
    /// `entityVersion` (aux = the highest version it had handled) or, without one, by offset (aux = the later event's
    /// seq)
    OrderViolation,
    /// A resequencer holds an event whose entityVersion is past the one it expects (aux = the expected version)
    Parked,
    /// A group's position on a partition was reset (`reset-offset`): offset = the new committed offset and
    /// fetch position, aux = the committed offset before. Deliveries from there on are a replay (or a skip).
    OffsetReset,
    /// A producer's request to append an event failed (a transient error); it retries after a backoff
    /// (service = the producer, aux = the backoff in us, detail = the rule). Without idempotence, records it
    /// sent after land before this one.
    ProduceRetried,
    /// A resequencer stopped waiting for a missing version: the parked event is handled anyway after its
    /// `parkTimeout` (aux = the first version that never came).
    GapSkipped,
    /// A topic's retention check deleted records older than its `retention`: the partition's log-start
    /// offset moved (offset = the new log-start offset, aux = the one before). One record per partition
    /// and check, however many records it deleted.
    Retention,
    /// A caller's circuit breaker changed state (service = the caller, subject = the downstream service,
    /// detail = "open", "half-open" or "closed", aux = the consecutive failures counted when it changed)
    Breaker,
};

/// What happened to a saga instance, for TraceKind::Saga records.
enum class SagaPhase : std::uint8_t {
    None,
    Started,
    StepStarted,
    StepSucceeded,
    StepFailed,
    StepTimedOut,
    StepRetried,
    CompensationStarted,
    CompensationSucceeded,
    CompensationFailed,
    Completed,
    Compensated,
    Stuck,
};

/// SkippedTenant: a per-tenant consumer passed over another tenant's event (SubscriptionPolicy::tenants).
enum class HandleOutcome : std::uint8_t { None, Ok, Failed, SkippedDuplicate, Rejected, SkippedTenant };

std::string_view traceKindName(TraceKind kind);
std::optional<TraceKind> traceKindFromName(std::string_view name);
std::string_view outcomeName(HandleOutcome outcome);
/// "started", "step-started", ..., "compensated", "stuck" (the `event` field of an exported saga record).
std::string_view sagaPhaseName(SagaPhase phase);
std::optional<SagaPhase> sagaPhaseFromName(std::string_view name);

/// One trace record: plain data, resolved through the run's EventLog and engine tables.
struct TraceRecord {
    SimTime t = 0;
    TraceKind kind = TraceKind::Published;
    HandleOutcome outcome = HandleOutcome::None;
    SagaPhase phase = SagaPhase::None; ///< saga records only
    std::uint16_t attempt = 0;
    std::uint32_t message = kNoMessage; ///< seq in the EventLog
    std::uint16_t service = kNoIndex; ///< consumer / affected service
    std::uint16_t instance = kNoIndex;
    std::uint16_t group = kNoIndex;
    std::uint16_t topic = kNoIndex;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::int64_t aux = 0;
    Atom detail = 0; ///< reason or note, e.g. why a handler failed
    Atom subject = 0; ///< saga records: the saga id (the instance's correlation id)
    std::uint16_t saga = kNoIndex; ///< saga records: which saga definition
};

} // namespace eventloom
