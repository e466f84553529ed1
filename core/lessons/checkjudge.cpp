#include "checkjudge.h"

#include "../sim/simulation.h"
#include "checkreads.h"
#include "checkstate.h"

#include <algorithm>
#include <optional>

namespace eventloom {

CheckJudge::CheckJudge(const std::vector<ScenarioCheck>& checks, SimTime limit)
    : m_checks(checks)
    , m_limit(limit)
    , m_firstFailure(checks.size())
{
    for (const ScenarioCheck& c : checks) {
        if (!c.expression)
            continue;
        CheckReads::add(*c.expression, m_reads);
        if (c.when == ScenarioCheck::When::Always)
            CheckReads::add(*c.expression, m_alwaysReads);
    }
}

bool CheckJudge::hasAlwaysChecks() const
{
    return std::any_of(
        m_checks.begin(), m_checks.end(), [](const ScenarioCheck& c) { return c.when == ScenarioCheck::When::Always; });
}

CheckJudge::Standing CheckJudge::standing(ScenarioCheck::When when, bool passed, bool ended, bool failedBefore)
{
    if (when == ScenarioCheck::When::Always) {
        if (!passed || failedBefore)
            return Standing::Failed;
        return ended ? Standing::Holds : Standing::HoldsSoFar;
    }
    if (!ended)
        return Standing::Pending;
    return passed ? Standing::Holds : Standing::Failed;
}

void CheckJudge::sample(const Simulation& sim, SimTime at, SimTime reached, SimTime clock)
{
    if (!hasAlwaysChecks())
        return;
    const CheckExpression::NumberReader read = [&sim, clock](std::span<const QString> path, bool counted) {
        return CheckState::number(sim, path, counted, clock);
    };
    std::optional<QJsonObject> state; // built only for a check its numbers cannot tell
    for (std::size_t i = 0; i < m_checks.size(); ++i) {
        const ScenarioCheck& check = m_checks[i];
        if (check.when != ScenarioCheck::When::Always || !check.expression || !m_firstFailure[i].detail.isEmpty())
            continue;
        if (check.expression->passesOnNumbers(read) == true)
            continue; // a pass keeps nothing; a failure is told on the state, detail and all
        if (!state) {
            StatePaths::Counts counts;
            state = CheckState::of(sim, m_alwaysReads, counts, clock);
            CheckReads::annotate(*state, counts, false); // only a failure's detail is kept
        }
        const CheckExpression::Result result = check.expression->evaluate(*state);
        if (!result.passed)
            m_firstFailure[i]
                = { QStringLiteral("at %1: %2").arg(QString::fromStdString(formatDuration(at)), result.detail),
                      reached };
    }
}

void CheckJudge::beforeStep(const Simulation& sim)
{
    // An interactive injection is a move like an item: the mark it lands on is sampled before it.
    const SimTime next = sim.nextMoveTime();
    m_ended = false; // a run played on past its end is judged at its new end too
    // The multiple 0 is sampled once the items at time 0 have run (the run starts with them).
    if (next >= std::max<SimTime>(m_nextSample, 1)) {
        const SimTime mark = m_nextSample;
        const SimTime at = m_limit > 0 ? std::max<SimTime>(mark - 1, 0) : m_lastItem;
        // Read with the clock at `at`, as the CLI's run has it then, wherever a window moved the clock since
        // the last item (a paced play's runUntil, a run-until between items): nothing else changed since.
        sample(sim, at, next, at);
        m_nextSample = (next / kSampleEvery + 1) * kSampleEvery;
    }
    m_lastItem = std::max(m_lastItem, next);
}

void CheckJudge::atEnd(const Simulation& sim)
{
    if (m_ended)
        return;
    m_ended = true;
    // A run with a limit that reached it passed the multiples up to it; then its end is sampled.
    if (m_limit > 0 && !sim.paused() && !sim.reachedMessageLimit() && m_limit >= std::max<SimTime>(m_nextSample, 1))
        sample(sim, std::max<SimTime>(m_nextSample - 1, 0), sim.now(), sim.now());
    // A run with no limit ends at its last item: a window that moved the clock past it reads it there.
    const SimTime at = m_limit > 0 ? sim.now() : m_lastItem;
    sample(sim, at, sim.now(), at);
}

std::vector<CheckJudge::Verdict> CheckJudge::evaluate(const Simulation& sim) const
{
    std::vector<Verdict> verdicts;
    StatePaths::Counts counts;
    QJsonObject state = CheckState::of(sim, m_reads, counts);
    CheckReads::annotate(state, counts, true);
    for (const ScenarioCheck& check : m_checks) {
        Verdict v { check.id, check.title, false, QStringLiteral("not compiled") };
        if (check.expression) {
            const CheckExpression::Result result = check.expression->evaluate(state);
            v.passed = result.passed;
            v.detail = result.detail;
        }
        verdicts.push_back(v);
    }
    return verdicts;
}

std::vector<CheckJudge::Verdict> CheckJudge::verdicts(const Simulation& sim, SimTime upTo) const
{
    std::vector<Verdict> verdicts = evaluate(sim);
    for (std::size_t i = 0; i < verdicts.size(); ++i)
        if (const Failure& failure = m_firstFailure[i]; !failure.detail.isEmpty() && failure.reached <= upTo) {
            verdicts[i].passed = false;
            verdicts[i].detail = failure.detail;
        }
    return verdicts;
}

bool CheckJudge::run(Simulation& sim, SimTime limit, std::uint64_t stepLimit)
{
    m_limit = limit;
    if (!hasAlwaysChecks()) {
        if (limit > 0) {
            sim.runUntil(limit);
            return true;
        }
        return sim.runToQuiescence(stepLimit) < stepLimit;
    }
    sim.runUntil(0); // starts the services and runs the items at time 0
    std::uint64_t steps = 0;
    SimTime stalledSince = -1;
    for (;;) {
        const SimTime next = sim.nextTime();
        if (next < 0 || (limit > 0 && next > limit))
            break;
        if (limit == 0 && steps >= stepLimit)
            return false;
        beforeStep(sim);
        if (limit > 0) {
            // Up to the next multiple at once: stepping is what runUntil does, and nothing is sampled in between.
            sim.runUntil(std::min(limit, std::max(m_nextSample - 1, next)));
        } else {
            sim.step();
            ++steps;
            if (sim.stalledTooLong(stalledSince)) [[unlikely]]
                break; // nothing but a blocked consumer's retries for a long time: stop, judged as it is
        }
        if (sim.paused() || sim.reachedMessageLimit())
            break; // waits at a breakpoint with nothing decided for it, or is full: the run goes no further
    }
    if (limit > 0)
        sim.runUntil(limit);
    atEnd(sim);
    return true;
}

} // namespace eventloom
