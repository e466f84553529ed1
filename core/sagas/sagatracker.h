#pragma once

#include "../trace/tracereactor.h"
#include "sagainstance.h"

#include <unordered_map>
#include <vector>

namespace eventloom {

/// Rebuilds the instances of a choreographed saga from the events that go by. Nobody runs a
/// choreographed saga, so nobody knows where it is; the tracker does, from the definition: an instance
/// starts with the start event (its correlation id names it), step k succeeds or fails with its
/// events, and compensation runs backwards as each participant publishes its compensating event. It
/// writes the same `saga` records as the orchestrator, so both styles are shown and checked alike.
///
/// There is no coordinator to time out and retry, so a choreographed saga whose next event never comes
/// simply waits. When the run finishes, an instance that waits past its step's (or compensation's)
/// timeout is reported: `step-timed-out` or `compensation-failed`, then `stuck`.
class SagaTracker final : public TraceReactor {
public:
    SagaTracker(std::uint16_t sagaIndex, const SagaDefinition& definition)
        : m_sagaIndex(sagaIndex)
        , m_definition(&definition)
    {
    }

    void react(const TraceRecord& record, Simulation& sim) override;
    void finish(Simulation& sim) override;
    std::unique_ptr<TraceReactor> clone() const override { return std::make_unique<SagaTracker>(*this); }

    const SagaDefinition& definition() const { return *m_definition; }
    /// Instances in start order.
    const std::vector<SagaInstance>& instances() const { return m_instances; }
    const SagaInstance* instance(Atom sagaId) const;

private:
    void move(Simulation& sim, SagaInstance& instance, SagaPhase phase, int step, int attempt = 0, Atom reason = 0,
        bool inDoubt = false);
    void startStep(Simulation& sim, SagaInstance& instance, int step);
    /// Compensation continues with the first compensable step at or below `from`, or the saga is compensated.
    void compensateFrom(Simulation& sim, SagaInstance& instance, int from);

    std::uint16_t m_sagaIndex;
    const SagaDefinition* m_definition;
    std::vector<SagaInstance> m_instances;
    std::unordered_map<Atom, std::size_t> m_byId; ///< looked up, never iterated
    std::uint32_t m_message = kNoMessage; ///< the event being reacted to
    std::uint16_t m_service = kNoIndex; ///< its producer
};

} // namespace eventloom
