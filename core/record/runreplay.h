#pragma once

#include "../sim/runsummary.h"
#include "runfile.h"

#include <QString>
#include <memory>

namespace eventloom {

class Simulation;
struct Scenario;

/// Re-simulates a recorded run from what the file holds — the scenario as it ran (after `--set`),
/// the seed, the time limit, and every injection added from outside at the moment it took effect —
/// and, when verifying, compares the new trace with the recorded one record by record.
class RunReplay {
public:
    struct Result {
        bool ok = false; ///< false: the file cannot be replayed (`error` says why)
        QString error;
        RunSummary summary; ///< of the re-simulated run
        bool verified = false; ///< a comparison was made
        bool matches = false;
        QString recordedFingerprint;
        QString replayedFingerprint;
        std::int64_t comparedRecords = 0;
        /// At the first difference: the record number and both records as JSON Lines ("" = no record).
        std::int64_t divergedAt = 0;
        QString recordedRecord, replayedRecord;
    };

    static Result replay(const RunFile& run, bool verify);

    /// The recorded run ready to be simulated again, not yet run: `scenario` (the file's, loaded) built
    /// with the file's seed, and every injection scheduled at the moment it took effect. nullptr if an
    /// injection does not apply any more, with `error` saying which and why.
    static std::unique_ptr<Simulation> prepare(const RunFile& run, const Scenario& scenario, QString& error);
};

} // namespace eventloom
