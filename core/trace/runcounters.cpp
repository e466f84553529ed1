#include "runcounters.h"

namespace eventloom {

void RunCounters::count(const TraceRecord& r)
{
    ++records;
    switch (r.kind) {
    case TraceKind::Published:
        ++events;
        break;
    case TraceKind::CommandSent:
        ++commands;
        break;
    case TraceKind::Delivered:
        if (r.topic != kNoIndex)
            ++deliveries;
        break;
    case TraceKind::Redelivered:
        ++redeliveries;
        break;
    case TraceKind::Handled:
        ++handled;
        if (r.outcome == HandleOutcome::Failed)
            ++failed;
        break;
    case TraceKind::Rebalanced:
        ++rebalances;
        break;
    case TraceKind::Crashed:
        ++crashes;
        break;
    case TraceKind::Rejected:
        ++rejected;
        break;
    case TraceKind::DuplicateEffect:
        ++duplicateEffects;
        break;
    case TraceKind::AppendConflict:
        ++appendConflicts;
        break;
    case TraceKind::StaleRead:
        ++staleReads;
        break;
    case TraceKind::Saga:
        switch (r.phase) {
        case SagaPhase::Started:
            ++sagas.started;
            break;
        case SagaPhase::Completed:
            ++sagas.completed;
            break;
        case SagaPhase::Compensated:
            ++sagas.compensated;
            break;
        case SagaPhase::Stuck:
            ++sagas.stuck;
            break;
        default:
            break;
        }
        break;
    case TraceKind::Dropped:
        ++dropped;
        break;
    case TraceKind::Duplicated:
        duplicateDeliveries += static_cast<std::uint64_t>(r.aux);
        break;
    case TraceKind::Delayed:
        ++delayed;
        break;
    case TraceKind::Reordered:
        reordered += static_cast<std::uint64_t>(r.aux);
        break;
    case TraceKind::Poisoned:
        ++poisoned;
        break;
    case TraceKind::Retried:
        ++retries;
        break;
    case TraceKind::DeadLettered:
        ++deadLettered;
        break;
    case TraceKind::Republished:
        ++republished;
        break;
    case TraceKind::OrderViolation:
        ++orderViolations;
        break;
    case TraceKind::Parked:
        ++parked;
        break;
    case TraceKind::ProduceRetried:
        ++produceRetries;
        break;
    case TraceKind::GapSkipped:
        ++gapsSkipped;
        break;
    case TraceKind::Injection:
    case TraceKind::OffsetReset:
    case TraceKind::Retention:
    case TraceKind::Appended:
    case TraceKind::SnapshotTaken:
    case TraceKind::Committed:
    case TraceKind::TimerFired:
    case TraceKind::Restarted:
    case TraceKind::InstanceAdded:
    case TraceKind::InstanceRemoved:
    case TraceKind::CommandLost:
    case TraceKind::Breaker:
        break;
    }
}

} // namespace eventloom
