#include "sagatracker.h"

#include "../sim/simulation.h"

namespace eventloom {

const SagaInstance* SagaTracker::instance(Atom sagaId) const
{
    const auto it = m_byId.find(sagaId);
    return it == m_byId.end() ? nullptr : &m_instances[it->second];
}

void SagaTracker::move(
    Simulation& sim, SagaInstance& instance, SagaPhase phase, int step, int attempt, Atom reason, bool inDoubt)
{
    SimTime deadline = 0;
    if (phase == SagaPhase::StepStarted)
        deadline = addTime(sim.now(), m_definition->steps[static_cast<std::size_t>(step)].action.timeout);
    else if (phase == SagaPhase::CompensationStarted)
        deadline = addTime(sim.now(), m_definition->steps[static_cast<std::size_t>(step)].compensation.timeout);
    instance.on(phase, step, attempt, sim.now(), deadline, reason, inDoubt);
    TraceRecord r = sagaRecord(phase, m_sagaIndex, instance.id, step, attempt, reason);
    r.message = m_message;
    sim.traceFor(m_service, r);
}

void SagaTracker::startStep(Simulation& sim, SagaInstance& instance, int step)
{
    if (step < static_cast<int>(m_definition->steps.size()))
        move(sim, instance, SagaPhase::StepStarted, step, 1);
    else
        move(sim, instance, SagaPhase::Completed, -1);
}

void SagaTracker::compensateFrom(Simulation& sim, SagaInstance& instance, int from)
{
    if (const int step = m_definition->compensableAtOrBelow(from); step >= 0)
        move(sim, instance, SagaPhase::CompensationStarted, step, 1);
    else
        move(sim, instance, SagaPhase::Compensated, -1, 0, instance.reason);
}

void SagaTracker::react(const TraceRecord& record, Simulation& sim)
{
    if (record.kind != TraceKind::Published)
        return;
    const Event& e = sim.log().at(record.message);
    const Atom type = e.type;
    const Atom id = e.correlation != 0 ? e.correlation : e.key;
    m_message = record.message;
    m_service = e.producer == 0 ? kNoIndex : sim.serviceIndex(e.producer);
    if (type == m_definition->startAtom) {
        if (m_byId.count(id) > 0)
            return;
        m_byId.emplace(id, m_instances.size());
        SagaInstance& instance = m_instances.emplace_back();
        instance.id = id;
        instance.key = e.key;
        instance.merge(sim.log().payload(e));
        move(sim, instance, SagaPhase::Started, -1);
        startStep(sim, instance, 0);
        return;
    }
    const auto it = m_byId.find(id);
    if (it == m_byId.end())
        return;
    SagaInstance& instance = m_instances[it->second];
    if (instance.finished() || instance.step < 0)
        return;
    const int step = instance.step;
    const SagaStep& s = m_definition->steps[static_cast<std::size_t>(step)];
    if (instance.runningStep(step)) {
        if (type == s.action.successAtom) {
            instance.merge(sim.log().payload(e));
            move(sim, instance, SagaPhase::StepSucceeded, step, 1);
            startStep(sim, instance, step + 1);
        } else if (s.action.isFailure(type)) {
            const Value why = sim.log().field(e, sim.mutableLog().atoms().intern("reason"));
            move(sim, instance, SagaPhase::StepFailed, step, 1, why.type == Value::Type::String ? why.s : type);
            compensateFrom(sim, instance, step - 1);
        }
    } else if (instance.compensating(step) && type == s.compensation.successAtom) {
        move(sim, instance, SagaPhase::CompensationSucceeded, step, 1);
        compensateFrom(sim, instance, step - 1);
    }
}

void SagaTracker::finish(Simulation& sim)
{
    m_message = kNoMessage;
    // With nothing left to run, nothing can ever answer: every waiting instance is stuck. A run
    // stopped earlier reports only the instances waiting past their deadline.
    const bool over = sim.idle() && !sim.reachedMessageLimit();
    for (SagaInstance& instance : m_instances) {
        if (instance.finished() || instance.waiting == SagaInstance::Waiting::Nothing
            || (!over && sim.now() <= instance.deadline))
            continue;
        const SagaStep& s = m_definition->steps[static_cast<std::size_t>(instance.step)];
        const bool compensating = instance.waiting == SagaInstance::Waiting::Compensation;
        const SagaAction& action = compensating ? s.compensation : s.action;
        m_service = sim.findService(s.service);
        const Atom noAnswer = sim.mutableLog().atoms().intern(sim.now() > instance.deadline
                ? "no " + action.success + " within " + formatDuration(action.timeout) + " (no coordinator to retry)"
                : "no " + action.success + ", and nothing left that could send it (no coordinator to retry)");
        move(sim, instance, compensating ? SagaPhase::CompensationFailed : SagaPhase::StepTimedOut, instance.step, 1,
            noAnswer);
        move(sim, instance, SagaPhase::Stuck, instance.step, 1, noAnswer);
    }
}

} // namespace eventloom
