#include "eventstoreworkload.h"

#include "stopwatch.h"

#include "base/randomstream.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace eventloom::bench {

EventStoreWorkload::EventStoreWorkload(const Shape& shape)
    : m_shape(shape)
{
    m_shape.streams = std::max<std::uint32_t>(1, m_shape.streams);
    m_keys.quantity = m_log.atoms().intern("quantity");
    m_keys.amount = m_log.atoms().intern("amountCents");
    const Atom sku = m_log.atoms().intern("sku");
    const std::array<Atom, 3> types { m_log.atoms().intern("OrderCreated"), m_log.atoms().intern("OrderLineAdded"),
        m_log.atoms().intern("OrderPaid") };
    const std::array<Atom, 4> skus { m_log.atoms().intern("sku-1"), m_log.atoms().intern("sku-2"),
        m_log.atoms().intern("sku-3"), m_log.atoms().intern("sku-4") };
    for (std::uint32_t i = 0; i < m_shape.streams; ++i) {
        m_streams.push_back(m_log.atoms().intern("order-" + std::to_string(i)));
        m_indexOfAtom.resize(m_streams.back() + 1, 0);
        m_indexOfAtom[m_streams.back()] = i;
    }
    m_store.setSnapshotPolicy(m_shape.snapshotEvery, [this](Atom) { return fresh().clone(); });
    m_log.reserve(0, static_cast<std::size_t>(m_shape.events) * 3);

    RandomStream random(m_shape.seed);
    SimTime now = 0;
    const Stopwatch stopwatch;
    for (std::uint32_t i = 0; i < m_shape.events; ++i) {
        now += static_cast<SimTime>(std::llround(random.exponential(static_cast<double>(m_shape.meanGap))));
        const Atom stream = m_streams[static_cast<std::size_t>(random.uniformInt(0, m_shape.streams - 1))];
        const std::uint32_t version = m_store.version(stream);
        const std::array<Field, 3> payload { Field { sku, Value::string(skus[i % skus.size()]) },
            Field { m_keys.quantity, Value::integer(random.uniformInt(1, 5)) },
            Field { m_keys.amount, Value::integer(random.uniformInt(100, 10'000)) } };
        NewEvent event;
        event.idHi = i + 1ull;
        event.idLo = stream;
        event.type = types[std::min<std::size_t>(version, types.size() - 1)];
        event.payload = payload;
        // Exact expectations, as a command handler would append: the check is part of the cost.
        m_store.append(m_log, stream, ExpectedVersion::exact(version), event, now);
    }
    m_buildSeconds = stopwatch.elapsed().wallSeconds;
}

BenchAggregate EventStoreWorkload::fullReplay(Atom stream, SimTime t) const
{
    BenchAggregate state = fresh();
    for (const StoredEvent& e : m_store.events()) {
        if (e.time > t)
            break;
        if (e.stream == stream)
            state.apply(e, m_log);
    }
    return state;
}

void EventStoreWorkload::fullReplayAll(SimTime t, std::vector<BenchAggregate>& states) const
{
    states.assign(m_streams.size(), fresh());
    for (const StoredEvent& e : m_store.events()) {
        if (e.time > t)
            break;
        states[m_indexOfAtom[e.stream]].apply(e, m_log);
    }
}

void EventStoreWorkload::seekAll(SimTime t, std::vector<BenchAggregate>& states) const
{
    states.assign(m_streams.size(), fresh());
    // One search of the whole log for the time, then each stream searches only its own positions
    // (contiguous), instead of probing event times all over the store once per stream.
    const std::uint32_t size = m_store.sizeAtTime(t);
    if (size == 0)
        return;
    for (std::size_t i = 0; i < m_streams.size(); ++i)
        m_store.loadAtPosition(m_streams[i], size - 1, states[i], m_log);
}

std::size_t EventStoreWorkload::snapshotCount() const
{
    std::size_t count = 0;
    for (const Atom s : m_store.streams())
        count += m_store.snapshots(s).size();
    return count;
}

double EventStoreWorkload::bytesPerEvent() const
{
    // Each snapshot's state is one heap-allocated BenchAggregate (plus the allocator's header).
    const double snapshots = static_cast<double>(snapshotCount()) * (sizeof(BenchAggregate) + 16);
    const double payloads = static_cast<double>(m_store.size()) * 3 * sizeof(Field);
    return (static_cast<double>(m_store.memoryBytes()) + payloads + snapshots) / static_cast<double>(m_store.size());
}

} // namespace eventloom::bench
