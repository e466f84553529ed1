#pragma once

#include "../base/atomtable.h"
#include "../base/cowvector.h"
#include "../base/runningpercentiles.h"
#include "../base/simtime.h"
#include "../trace/tracerecord.h"

#include <cstdint>
#include <vector>

namespace eventloom {

class EventLog;

/// End-to-end latency of each business transaction, from the trace alone: from the first message
/// of a correlation id (the customer's PlaceOrder) to its completion event (`OrderCompleted`).
class LatencyTracker {
public:
    struct Percentiles {
        std::uint64_t count = 0;
        SimTime p50 = 0;
        SimTime p95 = 0;
        SimTime p99 = 0;
    };

    explicit LatencyTracker(Atom completionType)
        : m_completion(completionType)
    {
    }
    void add(const TraceRecord& record, const EventLog& log);
    /// Nearest-rank percentiles of the completed transactions so far, kept up to date as they complete
    /// (RunningPercentiles): an `always` check on them reads them at every sample. Not thread-safe.
    Percentiles percentiles() const;
    /// Each completed transaction's latency, in the order they completed.
    const CowVector<SimTime>& latencies() const { return m_latencies; }

private:
    Atom m_completion;
    // Copy-on-write (a fork of the simulation copies what changed since the last one).
    CowAtomMap<Atom, SimTime> m_started; // by correlation id; -1 once completed; never iterated
    CowVector<SimTime> m_latencies;
    mutable RunningPercentiles m_percentiles; ///< of m_latencies; catches up at a read
};

} // namespace eventloom
