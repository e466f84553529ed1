#pragma once

#include "../eventstore/eventstore.h"

#include "../trace/tracerecord.h"

namespace eventloom {

class ServiceContext;

/// Reports event-store appends as trace records, so a run's trace shows every append, every
/// optimistic-concurrency conflict (and the retry after it) and every snapshot. The store itself knows
/// nothing of the simulation; services append through append() below.
///
/// Records, all with detail = the stream id atom:
/// - `appended`: aux = the stream's new version; offset = global position of the first stored event;
///   outcome `ok`, or `skipped-duplicate` for an idempotent retry that stored nothing (offset -1).
/// - `append-conflict`: aux = the stream's actual version; offset = the expected version for an exact
///   expectation, 0 for NoStream, -1 for StreamExists; outcome `rejected`.
/// - `snapshot`: aux = the snapshot's version; offset = global position of the event at that version.
class EventStoreTrace {
public:
    /// The `appended` or `append-conflict` record for `result` (time and service are left to the caller).
    static TraceRecord appendRecord(const EventStore::AppendResult& result, Atom stream);
    /// The `snapshot` record for `snapshot` of `stream`.
    static TraceRecord snapshotRecord(const EventStore::Snapshot& snapshot, Atom stream);

    /// Appends through `ctx` (its log, its clock) and emits the append's records through ctx.trace():
    /// the append or conflict, then one record per snapshot taken. The records name the message being
    /// handled, or the first event's causation when it is set.
    static EventStore::AppendResult append(ServiceContext& ctx, EventStore& store, Atom stream,
        ExpectedVersion expected, std::span<const NewEvent> events);
    static EventStore::AppendResult append(
        ServiceContext& ctx, EventStore& store, Atom stream, ExpectedVersion expected, const NewEvent& event)
    {
        return append(ctx, store, stream, expected, std::span<const NewEvent>(&event, 1));
    }
};

} // namespace eventloom
