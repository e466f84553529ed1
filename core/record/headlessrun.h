#pragma once

#include "../faults/injectionspec.h"
#include "../scenario/scenario.h"

#include <QString>
#include <optional>
#include <vector>

namespace eventloom {

/// A scenario run from start to end without a window, recorded into a run file: the run
/// `eventloom-cli run SCENARIO --seed N --set … --inject … --record FILE` makes (the same engine, the
/// same checks judged at the end, the same run file), for the window's Compare with a Variant, which
/// runs two of them on a thread of its own.
class Simulation;

class HeadlessRun {
public:
    /// The safety net of a run without a time limit: a scenario that never goes quiet stops after this
    /// many steps.
    static constexpr std::uint64_t kQuiescenceLimit = 2'000'000'000ull;

    struct Result {
        bool ok = false; ///< false: it could not be recorded (`error` says why)
        QString error;
        QString path; ///< the run file written
        QString fingerprint; ///< as the CLI prints it
    };

    /// Runs `scenario` (its overrides already applied) with `seed` (none: the scenario's) and
    /// `injections` (each at its time) until its `until` or until quiet, recording it to `path`.
    /// `producer` is written in the run file as the program that made it.
    static Result record(const Scenario& scenario, std::optional<std::uint64_t> seed,
        const std::vector<InjectionSpec>& injections, const QString& path, const QString& producer);
    /// How a run that ended at `limit` (0: none) stopped, as the delivery checks say it ("at its time limit,
    /// 5s"); empty for a run that went quiet. `quiescent`: it did not stop at kQuiescenceLimit.
    static QString stoppedHow(const Simulation& sim, bool quiescent, SimTime limit);
};

} // namespace eventloom
