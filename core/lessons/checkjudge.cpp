#include "checkjudge.h"

#include "../sim/simulation.h"
#include "checkreads.h"
#include "checkstate.h"

namespace eventloom {

CheckJudge::CheckJudge(const std::vector<ScenarioCheck>& checks)
    : m_checks(checks)
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

void CheckJudge::sample(const Simulation& sim)
{
    if (!hasAlwaysChecks())
        return;
    StatePaths::Counts counts;
    QJsonObject state = CheckState::of(sim, m_alwaysReads, counts);
    CheckReads::annotate(state, counts, false); // only a failure's detail is kept
    for (std::size_t i = 0; i < m_checks.size(); ++i) {
        const ScenarioCheck& check = m_checks[i];
        if (check.when != ScenarioCheck::When::Always || !check.expression || !m_firstFailure[i].isEmpty())
            continue;
        const CheckExpression::Result result = check.expression->evaluate(state);
        if (!result.passed)
            m_firstFailure[i]
                = QStringLiteral("at %1: %2").arg(QString::fromStdString(formatDuration(sim.now())), result.detail);
    }
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

std::vector<CheckJudge::Verdict> CheckJudge::finish(const Simulation& sim)
{
    std::vector<Verdict> verdicts = evaluate(sim);
    for (std::size_t i = 0; i < verdicts.size(); ++i)
        if (!m_firstFailure[i].isEmpty()) {
            verdicts[i].passed = false;
            verdicts[i].detail = m_firstFailure[i];
        }
    return verdicts;
}

bool CheckJudge::run(Simulation& sim, SimTime limit, std::uint64_t stepLimit)
{
    if (!hasAlwaysChecks()) {
        if (limit > 0) {
            sim.runUntil(limit);
            return true;
        }
        return sim.runToQuiescence(stepLimit) < stepLimit;
    }
    // Sample at every multiple of kSampleEvery that the run reaches: the state just before the first
    // event at or after it (stepping is what runUntil does, so the run is the same as without checks).
    sim.runUntil(0); // starts the services
    SimTime nextSample = 0;
    std::uint64_t steps = 0;
    SimTime stalledSince = -1;
    for (;;) {
        const SimTime next = sim.nextTime();
        const bool done = next < 0 || (limit > 0 && next > limit);
        const SimTime reach = done ? (limit > 0 ? limit : sim.now()) : next;
        if (reach >= nextSample) {
            sample(sim);
            nextSample = (reach / kSampleEvery + 1) * kSampleEvery;
        }
        if (done)
            break;
        if (limit == 0 && steps >= stepLimit)
            return false;
        if (limit > 0) {
            sim.runUntil(std::min(limit, nextSample - 1));
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
    sample(sim);
    return true;
}

} // namespace eventloom
