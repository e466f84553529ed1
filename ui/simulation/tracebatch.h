#pragma once

#include "base/atomtable.h"
#include "bus/event.h"
#include "trace/tracerecord.h"

#include <QString>
#include <cstdint>
#include <vector>

namespace eventloom {

/// One trace record as the UI shows it, resolved on the worker thread into atoms and numbers only,
/// so the UI never reads the engine's tables. Text comes from the atom strings shipped with each batch.
/// The window holds one per record of the run (RunTrace), so it is kept to 80 bytes (B8 in
/// docs/benchmarks.md). An offset takes 64 bits and a partition 32, as in Kafka: a reviewed or imported
/// log's offsets run into the billions. Attempt, instance and saga keep the engine's 16 bits
/// (TraceRecord); the importer refuses larger ones and RunReview reads a stored value beyond them as
/// none (instance, saga) or the largest (attempt).
struct TraceRow {
    SimTime time = 0;
    std::int64_t aux = 0;
    std::int64_t offset = -1;
    std::uint32_t message = kNoMessage; ///< seq in the run's log
    Atom type = 0;
    Atom key = 0;
    Atom correlation = 0;
    Atom producer = 0; ///< the service that published or sent the message
    Atom topic = 0; ///< topic name; for commands, the target service
    Atom service = 0; ///< consumer or affected service
    Atom group = 0;
    Atom detail = 0;
    // Saga records (TraceKind::Saga): what happened, to which instance (its id), of which saga
    // definition (an index into the scenario's sagas); aux holds the step (-1: the whole saga).
    Atom subject = 0;
    std::int32_t partition = -1;
    std::uint16_t instance = kNoIndex;
    std::uint16_t attempt = 0;
    std::uint16_t saga = kNoIndex;
    TraceKind kind = TraceKind::Published;
    HandleOutcome outcome = HandleOutcome::None;
    SagaPhase phase = SagaPhase::None;
    bool command = false;
};
static_assert(sizeof(TraceRow) == 80, "the window holds one TraceRow per trace record: keep it small");

/// Panels that keep a value per partition of a topic (Topics, Metrics) keep them for partitions below this
/// one: a live run has at most ScenarioLimits::kMaxPartitions, and an imported log's record on a higher
/// partition (Kafka's go up to 2^31 - 1) is shown in the event log and the Inspector, not counted there.
constexpr std::int32_t kMaxCountedPartitions = 1 << 16;

/// Where the run stands, snapshotted by the worker after each slice.
struct RunStatus {
    SimTime now = 0;
    std::uint64_t records = 0;
    std::uint64_t events = 0;
    std::uint64_t deliveries = 0;
    std::uint64_t duplicateEffects = 0; ///< effects a non-idempotent consumer repeated (a second charge, email…)
    std::uint64_t fingerprint = 0;
    std::uint64_t seed = 0;
    bool finished = false; ///< nothing left to run, or the scenario's `until` was reached
    QString runFile; ///< once finished: the run file it was recorded to (empty if not recorded)
};

/// What travels from the worker to the UI: new rows, the atom strings they may need that the UI has
/// not seen yet (atoms `firstAtom`, `firstAtom + 1`, ...), and the latest status.
struct TraceBatch {
    std::uint64_t generation = 0; ///< bumped on every load and reset; stale batches are dropped
    Atom firstAtom = 0;
    std::vector<QString> atoms;
    std::vector<TraceRow> rows;
    RunStatus status;
    bool hasStatus = false;

    bool empty() const { return atoms.empty() && rows.empty() && !hasStatus; }
};

} // namespace eventloom
