#include "eventstoretrace.h"

#include "servicecontext.h"

namespace eventloom {

TraceRecord EventStoreTrace::appendRecord(const EventStore::AppendResult& result, Atom stream)
{
    TraceRecord record;
    record.detail = stream;
    record.aux = result.version;
    switch (result.status) {
    case EventStore::AppendStatus::Appended:
        record.kind = TraceKind::Appended;
        record.outcome = HandleOutcome::Ok;
        record.offset = result.firstPosition == kNoPosition ? -1 : static_cast<std::int64_t>(result.firstPosition);
        break;
    case EventStore::AppendStatus::AlreadyAppended:
        record.kind = TraceKind::Appended;
        record.outcome = HandleOutcome::SkippedDuplicate;
        record.offset = -1;
        break;
    case EventStore::AppendStatus::Conflict:
        record.kind = TraceKind::AppendConflict;
        record.outcome = HandleOutcome::Rejected;
        record.offset = result.expected.kind() == ExpectedVersion::Kind::StreamExists
            ? -1
            : static_cast<std::int64_t>(result.expected.version());
        break;
    }
    return record;
}

TraceRecord EventStoreTrace::snapshotRecord(const EventStore::Snapshot& snapshot, Atom stream)
{
    TraceRecord record;
    record.kind = TraceKind::SnapshotTaken;
    record.detail = stream;
    record.aux = snapshot.version;
    record.offset = snapshot.position;
    return record;
}

EventStore::AppendResult EventStoreTrace::append(
    ServiceContext& ctx, EventStore& store, Atom stream, ExpectedVersion expected, std::span<const NewEvent> events)
{
    const EventStore::AppendResult result = store.append(ctx.log(), stream, expected, events, ctx.now());
    const std::uint32_t message = events.empty() ? kNoMessage : events.front().causation;
    TraceRecord record = appendRecord(result, stream);
    record.message = message;
    ctx.trace(record);
    const std::span<const EventStore::Snapshot> snapshots = store.snapshots(stream);
    for (const EventStore::Snapshot& snapshot : snapshots.last(result.snapshots)) {
        record = snapshotRecord(snapshot, stream);
        record.message = message;
        ctx.trace(record);
    }
    return result;
}

} // namespace eventloom
