#pragma once

#include "benchaggregate.h"

#include "bus/eventlog.h"
#include "eventstore/eventstore.h"

#include <cstdint>
#include <vector>

namespace eventloom::bench {

/// The store bench_eventstore seeks in: `events` single-event appends spread uniformly at random over
/// `streams` streams (one stream: a single long aggregate), each with an order-like payload of three
/// fields, simulated time advancing by exponential gaps, snapshots every `snapshotEvery` events per
/// stream. Also the two ways to get a past state without snapshots, as baselines.
class EventStoreWorkload {
public:
    struct Shape {
        std::uint32_t events = 1'000'000;
        std::uint32_t streams = 10'000;
        std::uint32_t snapshotEvery = 10;
        std::uint64_t seed = 1;
        SimTime meanGap = 100; ///< simulated microseconds between appends, on average
    };

    explicit EventStoreWorkload(const Shape& shape);
    EventStoreWorkload(const EventStoreWorkload&) = delete;
    EventStoreWorkload& operator=(const EventStoreWorkload&) = delete;

    const Shape& shape() const { return m_shape; }
    const EventStore& store() const { return m_store; }
    const EventLog& log() const { return m_log; }
    double buildSeconds() const { return m_buildSeconds; }
    Atom stream(std::uint32_t index) const { return m_streams[index]; }
    SimTime endTime() const { return m_store.events().back().time; }
    BenchAggregate fresh() const { return BenchAggregate(m_keys); }

    /// Baseline "full replay": the state of `stream` at `t` from the start of the run, reading the
    /// store's log from position 0 up to `t` and folding the events of that stream.
    BenchAggregate fullReplay(Atom stream, SimTime t) const;
    /// Baseline for the whole store: one pass from position 0 up to `t`, folding every event into its
    /// stream's state. `states` is indexed like stream(i).
    void fullReplayAll(SimTime t, std::vector<BenchAggregate>& states) const;
    /// The same with the store's time travel: every stream loaded as of the last position at `t`, from
    /// its nearest snapshot.
    void seekAll(SimTime t, std::vector<BenchAggregate>& states) const;
    /// Rough bytes per event: the store's own vectors, the payload fields in the arena, the snapshots.
    double bytesPerEvent() const;
    std::size_t snapshotCount() const;

private:
    Shape m_shape;
    EventLog m_log;
    EventStore m_store;
    BenchAggregate::Keys m_keys;
    std::vector<Atom> m_streams;
    std::vector<std::uint32_t> m_indexOfAtom; ///< stream atom → index in m_streams
    double m_buildSeconds = 0;
};

} // namespace eventloom::bench
