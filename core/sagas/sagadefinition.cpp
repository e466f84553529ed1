#include "sagadefinition.h"

#include <algorithm>

namespace eventloom {

SimTime SagaRetry::delayBefore(int attempt) const
{
    // 2nd try: backoff, 3rd: 2 × backoff, … capped so the shift cannot overflow.
    const int doublings = std::clamp(attempt - 2, 0, 20);
    const SimTime wait = backoff * (SimTime { 1 } << doublings);
    return maxBackoff > 0 ? std::min(wait, maxBackoff) : wait;
}

bool SagaRetry::allowsAnother(int attempt, SimTime firstTry, SimTime at) const
{
    return attempt <= count && (deadline <= 0 || at - firstTry <= deadline);
}

bool SagaAction::isFailure(Atom type) const
{
    return std::find(failureAtoms.begin(), failureAtoms.end(), type) != failureAtoms.end();
}

int SagaDefinition::compensableAtOrBelow(int from) const
{
    for (int step = std::min(from, static_cast<int>(steps.size()) - 1); step >= 0; --step)
        if (steps[static_cast<std::size_t>(step)].compensable())
            return step;
    return -1;
}

void SagaDefinition::resolve(AtomTable& atoms)
{
    auto atom = [&](const std::string& s) { return s.empty() ? Atom { 0 } : atoms.intern(s); };
    idAtom = atom(id);
    startAtom = atom(startEvent);
    for (Notice* notice : { &onCompleted, &onCompensated }) {
        notice->serviceAtom = atom(notice->service);
        notice->commandAtom = atom(notice->command);
    }
    for (SagaStep& step : steps) {
        step.idAtom = atom(step.id);
        step.serviceAtom = atom(step.service);
        step.topicAtom = atom(step.topic);
        for (SagaAction* action : { &step.action, &step.compensation }) {
            action->commandAtom = atom(action->command);
            action->successAtom = atom(action->success);
            action->failureAtoms.clear();
            for (const std::string& failure : action->failures)
                action->failureAtoms.push_back(atom(failure));
        }
    }
}

const char* SagaDefinition::styleName(Style style)
{
    return style == Style::Orchestration ? "orchestration" : "choreography";
}

} // namespace eventloom
