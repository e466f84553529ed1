#pragma once

#include "../base/simtime.h"
#include "../base/statepaths.h"
#include "lesson.h"

#include <QSet>
#include <QString>
#include <cstdint>
#include <vector>

namespace eventloom {

class Simulation;

/// Judges a scenario's checks on a run: `always` checks at every sample and at the end, `end`
/// checks at the end. Samples only read the simulation, so judging never changes a run.
class CheckJudge {
public:
    struct Verdict {
        QString id;
        QString title;
        bool passed = false;
        QString detail; ///< the values compared, or why it failed and when
    };

    /// What a check's verdict says about the run so far, as a learner is shown it: a check is not
    /// accused before its time. An `end` check is Pending until the run has ended, whatever it evaluates
    /// to meanwhile; an `always` check HoldsSoFar while the run goes, and has Failed from the first moment
    /// it did not hold, even if it holds again later.
    enum class Standing { Pending, HoldsSoFar, Holds, Failed };
    /// `passed`: the verdict now; `ended`: the run has ended and its end is what was judged;
    /// `failedBefore`: an earlier verdict of this run found the check not holding.
    static Standing standing(ScenarioCheck::When when, bool passed, bool ended, bool failedBefore);

    /// How often `run` samples `always` checks, in simulated time.
    static constexpr SimTime kSampleEvery = 100 * kMillisecond;

    explicit CheckJudge(const std::vector<ScenarioCheck>& checks);

    bool hasAlwaysChecks() const;
    /// Evaluates the `always` checks now; the first failure of each is kept.
    void sample(const Simulation& sim);
    /// Evaluates every check on the simulation as it is now (live, in the GUI): no memory of samples.
    std::vector<Verdict> evaluate(const Simulation& sim) const;
    /// The final verdicts: every check now, and an `always` check that failed at a sample fails.
    std::vector<Verdict> finish(const Simulation& sim);

    /// Runs `sim` to `limit` (0: until nothing is left, at most `stepLimit` steps), sampling the
    /// `always` checks every kSampleEvery. Returns false if the step limit stopped it.
    bool run(Simulation& sim, SimTime limit, std::uint64_t stepLimit);

private:
    const std::vector<ScenarioCheck>& m_checks;
    StatePaths m_alwaysReads; ///< what the `always` checks read: all a sample builds
    StatePaths m_reads; ///< what any check reads: all evaluate() builds
    std::vector<QString> m_firstFailure; ///< per check: empty, or the detail of its first failed sample
};

} // namespace eventloom
