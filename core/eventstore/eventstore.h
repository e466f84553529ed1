#pragma once

#include "aggregate.h"
#include "eventidindex.h"
#include "expectedversion.h"
#include "newevent.h"
#include "storedevent.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace eventloom {

/// An append-only event store: one stream per aggregate id, optimistic concurrency on append, loading
/// by fold, periodic snapshots, and time travel (an aggregate's state at any past time or global
/// position).
///
/// Numbering: a stream's *version* is the number of events in it (0: no stream); the event that brings
/// a stream to version v carries `version == v`. The *global position* of an event is its 0-based index
/// in the whole store, strictly increasing across streams in append order.
///
/// Payloads are structured values in the run's EventLog arena; the store keeps only ranges of it, so
/// every call that writes or folds takes that log. The store never reads the clock: appends are given
/// the simulated time. Plain data in vectors, no hashing in anything that is iterated, so everything
/// it reports is deterministic. Not thread-safe: one thread (the simulation's) drives and reads it.
/// EventStoreTrace reports appends, conflicts and snapshots as trace records through a ServiceContext.
class EventStore {
public:
    /// Makes the empty state of the aggregate stored in `stream`, for snapshots (nullptr: never
    /// snapshot that stream).
    using AggregateFactory = std::function<std::unique_ptr<Aggregate>(Atom stream)>;

    enum class AppendStatus : std::uint8_t {
        Appended, ///< the new events were stored (possibly none, for an empty batch)
        AlreadyAppended, ///< every event's id was already in the stream: an idempotent retry, nothing stored
        Conflict, ///< the expected version did not match: nothing stored
    };

    struct AppendResult {
        AppendStatus status = AppendStatus::Appended;
        ExpectedVersion expected = ExpectedVersion::Any;
        /// The stream's version after the call; for a conflict, its actual version.
        std::uint32_t version = 0;
        /// Global position of the first event stored by this call; kNoPosition if none.
        std::uint32_t firstPosition = kNoPosition;
        std::uint32_t appended = 0; ///< events stored
        std::uint32_t duplicates = 0; ///< events skipped because their id was already in the stream (or batch)
        std::uint32_t snapshots = 0; ///< snapshots taken by this call: the last ones of snapshots(stream)

        bool ok() const { return status != AppendStatus::Conflict; }
    };

    /// A copy of a stream's folded state after its first `version` events. Never changed once taken, so
    /// copies of the store (forks of the simulation) share it: only restore() it into an aggregate of
    /// your own (the loads do), never apply() to it.
    struct Snapshot {
        std::uint32_t version = 0;
        std::uint32_t position = 0; ///< global position of the event at `version`
        std::shared_ptr<const Aggregate> state;
    };

    /// How a read rebuilt a state: from which snapshot (if any) and how many events it applied on top.
    struct LoadResult {
        std::uint32_t version = 0; ///< the version the aggregate now reflects
        std::uint32_t snapshotVersion = 0; ///< the snapshot it started from; 0: from the empty state
        std::uint32_t applied = 0; ///< events folded after the snapshot
    };

    EventStore() = default;
    /// A copy for a fork of the simulation: copy-on-write, so it shares the events, streams and snapshots
    /// with the original until either changes them (a copy costs pointers to chunks; a change, the
    /// chunk it touches). The snapshot factory is copied as it is: an owner whose factory captures
    /// itself sets it again on the copy (Service::rebind).
    EventStore(const EventStore&) = default;
    EventStore& operator=(const EventStore&) = default;
    EventStore(EventStore&&) noexcept = default;
    EventStore& operator=(EventStore&&) noexcept = default;

    /// @name Writing
    ///@{
    /// Takes a snapshot of a stream each time its version reaches a multiple of `every` (0: never),
    /// folding from its latest snapshot with states made by `factory`. Applies to later appends.
    void setSnapshotPolicy(std::uint32_t every, AggregateFactory factory);
    std::uint32_t snapshotEvery() const { return m_snapshotEvery; }
    /// An empty state of the aggregate stored in `stream`, made by the snapshot policy's factory, to load
    /// into (e.g. the GUI folding a stream at a version); nullptr if the store has no factory.
    std::unique_ptr<Aggregate> newAggregate(Atom stream) const { return m_factory ? m_factory(stream) : nullptr; }

    /// Appends `events` to `stream` as one atomic batch at simulated time `now`, in this order:
    /// 1. events whose id is already in the stream, or earlier in the batch, are dropped; if that drops
    ///    every event of a non-empty batch, the call succeeds as AlreadyAppended (an idempotent retry),
    ///    whatever `expected` says — as EventStoreDB does;
    /// 2. if `expected` does not match the stream's version: Conflict with the actual version, nothing stored;
    /// 3. the remaining events are stored and snapshots due are taken.
    /// Batches are meant to be a handful of events (the in-batch id check is quadratic).
    /// Payload fields are copied into `log`'s arena. `now` must not be earlier than the previous append's
    /// (time travel by time relies on it); an earlier time is recorded as the previous one.
    AppendResult append(
        EventLog& log, Atom stream, ExpectedVersion expected, std::span<const NewEvent> events, SimTime now);
    AppendResult append(EventLog& log, Atom stream, ExpectedVersion expected, const NewEvent& event, SimTime now)
    {
        return append(log, stream, expected, std::span<const NewEvent>(&event, 1), now);
    }
    ///@}

    /// @name Browsing (for the GUI)
    ///@{
    /// Events in the whole store, by global position (random access, not contiguous).
    const StoredEvents& events() const { return m_events; }
    std::size_t size() const { return m_events.size(); }
    const StoredEvent& at(std::uint32_t position) const { return m_events[position]; }
    /// Stream ids in the order the streams were created (random access, not contiguous).
    const CowVector<Atom>& streams() const { return m_streamIds; }
    bool hasStream(Atom stream) const { return findStream(stream) != nullptr; }
    /// The stream's version: its number of events (0 if it does not exist).
    std::uint32_t version(Atom stream) const;
    /// Global positions of the stream's events, in stream order (index v - 1 holds the event of version v).
    std::span<const std::uint32_t> streamPositions(Atom stream) const;
    /// The stream's event of `version` (1-based). Precondition: 1 <= version <= version(stream).
    const StoredEvent& streamEvent(Atom stream, std::uint32_t version) const;
    /// The stream's snapshots, by increasing version.
    std::span<const Snapshot> snapshots(Atom stream) const;
    /// Rough heap bytes held by the store (not the payloads, which live in the EventLog).
    std::size_t memoryBytes() const;
    /// Calls `f` on every snapshot's state (an owner rebinding its copy, Service::rebind). Snapshots are
    /// shared with copies of the store, so this replaces each with a clone first: it costs a deep copy of
    /// every snapshot. An aggregate that needs no rebinding (it keeps no pointer into its run, or drops
    /// it in restore()) makes it unnecessary.
    void forEachSnapshot(const std::function<void(Aggregate&)>& f);
    ///@}

    /// @name Loading and time travel
    /// Each rebuilds into `into`, which must be in its initial (empty) state, from the nearest snapshot at
    /// or before the target plus the events after it; none of them changes the store.
    ///@{
    /// The current state.
    LoadResult load(Atom stream, Aggregate& into, const EventLog& log) const;
    /// The state after the stream's first `version` events (clamped to the stream's version).
    LoadResult loadVersion(Atom stream, std::uint32_t version, Aggregate& into, const EventLog& log) const;
    /// The state at simulated time `t`: every event of the stream appended at or before `t`.
    LoadResult loadAtTime(Atom stream, SimTime t, Aggregate& into, const EventLog& log) const;
    /// The state as of global position `position`: every event of the stream at or before it.
    LoadResult loadAtPosition(Atom stream, std::uint32_t position, Aggregate& into, const EventLog& log) const;
    /// Folds the stream's first `version` events from the empty state, ignoring snapshots: replay.
    LoadResult replay(Atom stream, std::uint32_t version, Aggregate& into, const EventLog& log) const;

    /// The stream's version at simulated time `t` (events appended at or before `t`).
    std::uint32_t versionAtTime(Atom stream, SimTime t) const;
    /// The stream's version as of global position `position` (its events at or before it).
    std::uint32_t versionAtPosition(Atom stream, std::uint32_t position) const;
    /// How many events the whole store held at simulated time `t`. To show every aggregate at one time,
    /// search once with this and load each stream at position `size - 1`: each stream then searches only
    /// its own positions, never the event times spread over the store.
    std::uint32_t sizeAtTime(SimTime t) const;
    ///@}

private:
    struct Stream {
        Atom id = 0;
        std::vector<std::uint32_t> positions; ///< global positions, by version - 1
        std::vector<Snapshot> snapshots; ///< by increasing version
    };
    static constexpr std::uint32_t kNoStream = 0xFFFFFFFFu;
    /// A stream's first events are checked for a duplicate id by a scan of the stream; only later ones
    /// go into the id index. Most streams (an order's) stay this short, so their appends never hash,
    /// and the index — a table that every append writes at a random slot, which a fork cannot share by
    /// chunks — stays empty.
    static constexpr std::uint32_t kScannedIds = 8;

    const Stream* findStream(Atom stream) const;
    Stream& streamFor(Atom stream);
    bool isDuplicate(const Stream* stream, std::span<const NewEvent> events, std::size_t i) const;
    std::uint32_t copyPayload(EventLog& log, std::span<const Field> fields) const;
    std::uint32_t takeSnapshots(Stream& stream, std::uint32_t fromVersion, const EventLog& log);
    LoadResult fold(
        const Stream* stream, std::uint32_t version, bool useSnapshots, Aggregate& into, const EventLog& log) const;

    // Copy-on-write by chunks: a fork copies chunk pointers; the run, then, the chunks it writes to.
    StoredEvents m_events; ///< by global position
    CowVector<Stream, 6> m_streams; ///< in creation order
    CowVector<Atom> m_streamIds; ///< the same order, for streams()
    CowVector<std::uint32_t> m_streamOfAtom; ///< atom → index in m_streams; atoms are dense, so a vector
    EventIdIndex m_ids; ///< ids of events past a stream's first kScannedIds
    std::uint32_t m_snapshotEvery = 0;
    AggregateFactory m_factory;
};

} // namespace eventloom
