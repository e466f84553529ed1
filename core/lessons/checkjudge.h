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

    /// `limit`: the run's time limit (its `until`, or `--until`), 0 if it runs until nothing is left.
    explicit CheckJudge(const std::vector<ScenarioCheck>& checks, SimTime limit = 0);

    bool hasAlwaysChecks() const;
    /// @name The sampling rule: the CLI's (run) and the window's (SimulationWorker) alike
    /// Samples depend only on the items the run runs, never on how it is driven (stepped, run until a time,
    /// paced, paused): the state sampled for a multiple M of kSampleEvery is the one just before the first
    /// item at or after M (for M = 0: once the items at time 0 have run); a stretch without items passes
    /// several multiples in one sample. A failure says when: the last item's time before it (a run with
    /// no limit), M − 1 µs (a run with one), as `run` always said; the state is read with the clock at that
    /// time (`simTimeUs`, a read model's `lagUs`), however far a window moved the clock between items.
    /// An interactive injection (Simulation::injectionQueue) counts as an item at the time it takes effect, as
    /// it is when `--inject` schedules it: a mark it lands on is sampled before it.
    ///@{
    /// Call before each Simulation::step of the run, once it has started (Simulation::start), and before
    /// each runUntil that applies an interactive injection.
    void beforeStep(const Simulation& sim);
    /// Call once the run has ended (a run with a limit: its clock at the limit), before Simulation::finish;
    /// again at a later end if the run was played on past it (a window's injection after the end).
    void atEnd(const Simulation& sim);
    ///@}
    /// Evaluates every check on the simulation as it is now: no memory of samples.
    std::vector<Verdict> evaluate(const Simulation& sim) const;
    /// The verdicts of the run so far: every check on `sim`, and an `always` check that failed at a sample
    /// taken before the run went past `upTo` (a moment viewed in the past) keeps its first failure.
    std::vector<Verdict> verdicts(const Simulation& sim, SimTime upTo = kMaxSimTime) const;
    /// The final verdicts: every check now, and an `always` check that failed at a sample fails.
    std::vector<Verdict> finish(const Simulation& sim) const { return verdicts(sim); }

    /// Runs `sim` to `limit` (0: until nothing is left, at most `stepLimit` steps), sampling the
    /// `always` checks every kSampleEvery (beforeStep, atEnd). Returns false if the step limit stopped it.
    bool run(Simulation& sim, SimTime limit, std::uint64_t stepLimit);

private:
    /// Evaluates the `always` checks now, with the clock read as `clock`; the first failure of each is kept,
    /// said to be `at`, found once the run reached `reached`.
    void sample(const Simulation& sim, SimTime at, SimTime reached, SimTime clock);

    struct Failure {
        QString detail; ///< empty: none yet
        SimTime reached = 0; ///< the run's time when it was found
    };
    const std::vector<ScenarioCheck>& m_checks;
    SimTime m_limit = 0;
    SimTime m_nextSample = 0; ///< the next multiple of kSampleEvery to sample at
    SimTime m_lastItem = 0; ///< the time of the last item run
    bool m_ended = false;
    StatePaths m_alwaysReads; ///< what the `always` checks read: all a sample builds
    StatePaths m_reads; ///< what any check reads: all evaluate() builds
    std::vector<Failure> m_firstFailure; ///< per check: its first failed sample, if any
};

} // namespace eventloom
