#pragma once

#include "trace/traceobserver.h"
#include "tracebatch.h"

#include <vector>

namespace eventloom {

/// The UI's TraceObserver. It runs on the simulation thread, turns each record into a TraceRow of
/// atoms and numbers (cheap: no strings, no locks), and hands the rows over in one batch per slice.
class BatchingObserver final : public TraceObserver {
public:
    /// Caches the name atoms of `sim`'s services, topics and groups; call after the run is built.
    explicit BatchingObserver(const Simulation& sim);

    void onTrace(const TraceRecord& record, const Simulation& sim) override;

    std::size_t pendingRows() const { return m_rows.size(); }
    /// Saga records seen so far (for "run to the next saga step").
    std::uint64_t sagaMoves() const { return m_sagaMoves; }
    /// Moves the pending rows, the atom strings interned since the last batch and `status` into a batch.
    TraceBatch takeBatch(const Simulation& sim, const RunStatus& status);

private:
    std::vector<Atom> m_serviceNames;
    std::vector<Atom> m_topicNames;
    std::vector<Atom> m_groupNames;
    std::vector<TraceRow> m_rows;
    std::uint64_t m_sagaMoves = 0;
    Atom m_sentAtoms = 0;
};

} // namespace eventloom
