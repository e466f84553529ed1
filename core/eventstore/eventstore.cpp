#include "eventstore.h"

#include "../bus/eventlog.h"

#include <QtGlobal>
#include <algorithm>
#include <functional>

namespace eventloom {

// Per-event storage stays plain and small: B8 budgets 200 bytes per recorded event for everything.
static_assert(sizeof(StoredEvent) == 56);

namespace {
std::uint64_t mix64(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
}

void EventStore::setSnapshotPolicy(std::uint32_t every, AggregateFactory factory)
{
    m_snapshotEvery = every;
    m_factory = std::move(factory);
}

const EventStore::Stream* EventStore::findStream(Atom stream) const
{
    if (stream >= m_streamOfAtom.size() || m_streamOfAtom[stream] == kNoStream)
        return nullptr;
    return &m_streams[m_streamOfAtom[stream]];
}

EventStore::Stream& EventStore::streamFor(Atom stream)
{
    if (stream >= m_streamOfAtom.size())
        m_streamOfAtom.resize(std::max<std::size_t>(stream + 1, m_streamOfAtom.size() * 2), kNoStream);
    std::uint32_t index = m_streamOfAtom[stream];
    if (index == kNoStream) {
        index = static_cast<std::uint32_t>(m_streams.size());
        m_streamOfAtom.mutableAt(stream) = index;
        m_streams.push_back({ stream, {}, {} });
        m_streamIds.push_back(stream);
        // Room for the stream's first kScannedIds events at once: an order's 5 or 6 take one
        // allocation, not four doublings, and a stream that stays shorter costs at most 32 bytes.
        Stream& created = m_streams.mutableAt(index);
        created.positions.reserve(kScannedIds);
        return created;
    }
    return m_streams.mutableAt(index);
}

bool EventStore::isDuplicate(const Stream* stream, std::span<const NewEvent> events, std::size_t i) const
{
    const NewEvent& e = events[i];
    if (e.idHi == 0 && e.idLo == 0)
        return false; // the store mints a fresh id
    for (std::size_t j = 0; j < i; ++j) // batches are small: a scan beats a set
        if (events[j].idHi == e.idHi && events[j].idLo == e.idLo)
            return true;
    if (!stream)
        return false;
    // The stream's first events by a scan, the rest through the index (kScannedIds).
    const std::size_t scanned = std::min<std::size_t>(stream->positions.size(), kScannedIds);
    for (std::size_t v = 0; v < scanned; ++v) {
        const StoredEvent& stored = m_events[stream->positions[v]];
        if (stored.idHi == e.idHi && stored.idLo == e.idLo)
            return true;
    }
    return stream->positions.size() > kScannedIds && m_ids.find(m_events, stream->id, e.idHi, e.idLo) != kNoPosition;
}

std::uint32_t EventStore::copyPayload(EventLog& log, std::span<const Field> fields) const
{
    // The fields may be another payload in this very arena (appending a message's payload as it is):
    // the arena's append copies them safely.
    return static_cast<std::uint32_t>(log.arena().append(fields));
}

EventStore::AppendResult EventStore::append(
    EventLog& log, Atom stream, ExpectedVersion expected, std::span<const NewEvent> events, SimTime now)
{
    AppendResult result;
    result.expected = expected;
    const Stream* existing = findStream(stream);
    const std::uint32_t current = existing ? static_cast<std::uint32_t>(existing->positions.size()) : 0;
    result.version = current;

    // Idempotency first: a retry of an append that went through must not turn into a conflict.
    for (std::size_t i = 0; i < events.size(); ++i)
        result.duplicates += isDuplicate(existing, events, i) ? 1 : 0;
    if (!events.empty() && result.duplicates == events.size()) {
        result.status = AppendStatus::AlreadyAppended;
        return result;
    }
    if (!expected.matches(current)) {
        result.status = AppendStatus::Conflict;
        return result;
    }
    if (result.duplicates == events.size())
        return result; // an empty batch: nothing to store, and no stream to create

    Q_ASSERT_X(m_events.empty() || now >= m_events.back().time, "EventStore::append", "time went backwards");
    const SimTime time = m_events.empty() ? now : std::max(now, m_events.back().time);
    Stream& s = streamFor(stream);
    for (std::size_t i = 0; i < events.size(); ++i) {
        // Asking again gives the same answer (the index now also holds this batch's earlier events, which
        // the scan in isDuplicate finds anyway), and costs nothing in the usual case of no duplicates.
        if (result.duplicates > 0 && isDuplicate(&s, events, i))
            continue;
        const NewEvent& e = events[i];
        StoredEvent stored;
        stored.position = static_cast<std::uint32_t>(m_events.size());
        stored.idHi = e.idHi;
        stored.idLo = e.idLo;
        if (stored.idHi == 0 && stored.idLo == 0) {
            // Minted from the position alone, so it is stable across runs; version-8 UUID shape.
            stored.idHi = (mix64(stored.position ^ 0x5EED5EED5EED5EEDull) & ~0xF000ull) | 0x8000ull;
            stored.idLo = (mix64(stored.position + 0x9E3779B97F4A7C15ull) & ~(3ull << 62)) | (2ull << 62);
        }
        stored.time = time;
        stored.stream = stream;
        stored.version = static_cast<std::uint32_t>(s.positions.size() + 1);
        stored.type = e.type;
        stored.payloadBegin = copyPayload(log, e.payload);
        stored.payloadCount = static_cast<std::uint32_t>(e.payload.size());
        stored.causation = e.causation;
        m_events.push_back(stored);
        if (stored.version > kScannedIds)
            m_ids.insert(m_events, stored.position);
        s.positions.push_back(stored.position);
        if (result.firstPosition == kNoPosition)
            result.firstPosition = stored.position;
        ++result.appended;
    }
    result.version = static_cast<std::uint32_t>(s.positions.size());
    result.snapshots = takeSnapshots(s, current, log);
    return result;
}

std::uint32_t EventStore::takeSnapshots(Stream& stream, std::uint32_t fromVersion, const EventLog& log)
{
    const auto version = static_cast<std::uint32_t>(stream.positions.size());
    if (m_snapshotEvery == 0 || !m_factory)
        return 0;
    std::uint32_t next = (fromVersion / m_snapshotEvery + 1) * m_snapshotEvery;
    if (next > version)
        return 0;
    // Fold on from the latest snapshot (always at or before fromVersion), so each event is applied
    // once for snapshots: amortised O(1) per append. Snapshots are shared with forks and may have been
    // taken by another run, so the fold starts from a fresh state of this owner's, restored from it.
    std::unique_ptr<Aggregate> state = m_factory(stream.id);
    if (!state)
        return 0;
    std::uint32_t at = 0;
    if (!stream.snapshots.empty()) {
        state->restoreSnapshot(*stream.snapshots.back().state, log);
        at = stream.snapshots.back().version;
    }
    std::uint32_t taken = 0;
    for (; next <= version; next += m_snapshotEvery) {
        for (; at < next; ++at)
            state->apply(m_events[stream.positions[at]], log);
        stream.snapshots.push_back(
            { next, stream.positions[next - 1], std::shared_ptr<const Aggregate>(state->clone()) });
        ++taken;
    }
    return taken;
}

std::uint32_t EventStore::version(Atom stream) const
{
    const Stream* s = findStream(stream);
    return s ? static_cast<std::uint32_t>(s->positions.size()) : 0;
}

std::span<const std::uint32_t> EventStore::streamPositions(Atom stream) const
{
    const Stream* s = findStream(stream);
    return s ? std::span<const std::uint32_t>(s->positions) : std::span<const std::uint32_t>();
}

const StoredEvent& EventStore::streamEvent(Atom stream, std::uint32_t version) const
{
    const Stream* s = findStream(stream);
    Q_ASSERT(s && version >= 1 && version <= s->positions.size());
    return m_events[s->positions[version - 1]];
}

std::span<const EventStore::Snapshot> EventStore::snapshots(Atom stream) const
{
    const Stream* s = findStream(stream);
    return s ? std::span<const Snapshot>(s->snapshots) : std::span<const Snapshot>();
}

void EventStore::forEachSnapshot(const std::function<void(Aggregate&)>& f)
{
    for (std::size_t i = 0; i < m_streams.size(); ++i) {
        if (m_streams[i].snapshots.empty())
            continue;
        for (Snapshot& snapshot : m_streams.mutableAt(i).snapshots) {
            if (!snapshot.state)
                continue;
            std::unique_ptr<Aggregate> own = snapshot.state->clone(); // shared with copies of the store
            f(*own);
            snapshot.state = std::move(own);
        }
    }
}

std::size_t EventStore::memoryBytes() const
{
    std::size_t bytes = m_events.memoryBytes() + m_streams.memoryBytes() + m_streamIds.memoryBytes()
        + m_streamOfAtom.memoryBytes() + m_ids.memoryBytes();
    for (const Stream& s : m_streams)
        bytes += s.positions.capacity() * sizeof(std::uint32_t) + s.snapshots.capacity() * sizeof(Snapshot);
    return bytes; // snapshot states are the aggregates' own business: their size is not known here
}

std::uint32_t EventStore::versionAtTime(Atom stream, SimTime t) const
{
    const Stream* s = findStream(stream);
    if (!s)
        return 0;
    // Times never decrease with position, so they never decrease along a stream either.
    const auto it = std::upper_bound(s->positions.begin(), s->positions.end(), t,
        [this](SimTime time, std::uint32_t position) { return time < m_events[position].time; });
    return static_cast<std::uint32_t>(it - s->positions.begin());
}

std::uint32_t EventStore::versionAtPosition(Atom stream, std::uint32_t position) const
{
    const Stream* s = findStream(stream);
    if (!s)
        return 0;
    const auto it = std::upper_bound(s->positions.begin(), s->positions.end(), position);
    return static_cast<std::uint32_t>(it - s->positions.begin());
}

std::uint32_t EventStore::sizeAtTime(SimTime t) const
{
    const auto it = std::upper_bound(
        m_events.begin(), m_events.end(), t, [](SimTime time, const StoredEvent& e) { return time < e.time; });
    return static_cast<std::uint32_t>(it - m_events.begin());
}

EventStore::LoadResult EventStore::fold(
    const Stream* stream, std::uint32_t version, bool useSnapshots, Aggregate& into, const EventLog& log) const
{
    LoadResult result;
    if (!stream)
        return result;
    version = std::min(version, static_cast<std::uint32_t>(stream->positions.size()));
    std::uint32_t at = 0;
    if (useSnapshots) {
        // The nearest snapshot at or before the target; restore() copies it, so the snapshot stays as it was.
        const auto it = std::upper_bound(stream->snapshots.begin(), stream->snapshots.end(), version,
            [](std::uint32_t v, const Snapshot& s) { return v < s.version; });
        if (it != stream->snapshots.begin()) {
            const Snapshot& snapshot = *std::prev(it);
            into.restoreSnapshot(*snapshot.state, log);
            at = snapshot.version;
        }
    }
    result.snapshotVersion = at;
    result.applied = version - at;
    for (; at < version; ++at)
        into.apply(m_events[stream->positions[at]], log);
    result.version = version;
    return result;
}

EventStore::LoadResult EventStore::load(Atom stream, Aggregate& into, const EventLog& log) const
{
    return fold(findStream(stream), UINT32_MAX, true, into, log);
}

EventStore::LoadResult EventStore::loadVersion(
    Atom stream, std::uint32_t version, Aggregate& into, const EventLog& log) const
{
    return fold(findStream(stream), version, true, into, log);
}

EventStore::LoadResult EventStore::loadAtTime(Atom stream, SimTime t, Aggregate& into, const EventLog& log) const
{
    return fold(findStream(stream), versionAtTime(stream, t), true, into, log);
}

EventStore::LoadResult EventStore::loadAtPosition(
    Atom stream, std::uint32_t position, Aggregate& into, const EventLog& log) const
{
    return fold(findStream(stream), versionAtPosition(stream, position), true, into, log);
}

EventStore::LoadResult EventStore::replay(
    Atom stream, std::uint32_t version, Aggregate& into, const EventLog& log) const
{
    return fold(findStream(stream), version, false, into, log);
}

} // namespace eventloom
