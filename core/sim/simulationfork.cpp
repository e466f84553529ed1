// Simulation::fork — time travel's copy of a whole simulation (see simulation.h, checkpoints.h).
//
// Design: every part is a value and copies with its own copy constructor — the scheduler's heap, the
// log and the topics' partition logs (whose past is shared, copy-on-fork: EventLog::freeze,
// SharedPrefixVector), the bus's groups, random streams, fingerprint, counters, services and reactors
// (whose state that grows with the run is copy-on-write: CowVector, CowAtomMap, so a fork copies
// chunk pointers and each side later copies the chunks it writes to)
// (polymorphic: ClonePtr calls their clone(), i.e. their copy constructors). Saga definitions never
// change after building, so forks share them. What points back into the simulation is rebound here,
// in one place: the bus (scheduler, log, host), the payload builder (log), the fault engine
// (simulation), and each service (Service::rebind: its log pointer, its store's snapshot factory, a
// reader's read model). Scheduled control actions (m_calls) capture values only and reach the
// simulation through their parameter, so they copy as they are. Observers belong to the caller and
// are not copied; the injection queue (a mutex) starts empty in the fork.

#include "simulation.h"

#include "../faults/faultengine.h"

namespace eventloom {

Simulation::Simulation(const Simulation& other, ForkTag)
    : m_seed(other.m_seed)
    , m_now(other.m_now)
    , m_commandLatency(other.m_commandLatency)
    , m_started(other.m_started)
    , m_messageLimit(other.m_messageLimit)
    , m_reachedMessageLimit(other.m_reachedMessageLimit)
    , m_current(other.m_current)
    , m_scheduler(other.m_scheduler)
    , m_log(other.m_log)
    , m_bus(other.m_bus, m_scheduler, m_log, *this)
    , m_builder(m_log)
    , m_faults(other.m_faults ? std::make_unique<FaultEngine>(*other.m_faults, *this) : nullptr)
    , m_interactive(other.m_interactive)
    , m_taken(other.m_taken)
    , m_startSeq(other.m_startSeq)
    , m_beginType(other.m_beginType)
    , m_services(other.m_services)
    , m_reactors(other.m_reactors)
    , m_sagas(other.m_sagas)
    , m_schemas(other.m_schemas)
    , m_pendingSubscriptions(other.m_pendingSubscriptions)
    , m_calls(other.m_calls)
    , m_fingerprint(other.m_fingerprint)
    , m_counters(other.m_counters)
    , m_latency(other.m_latency)
{
    m_bus.setFaults(m_faults.get());
}

std::unique_ptr<Simulation> Simulation::fork() const
{
    // The log is the bulk of a run: share it instead of copying it. After this both logs' private
    // tails are empty, so forking the fork again (a checkpoint's seek) writes nothing to it.
    m_log.freeze();
    for (std::uint16_t t = 0; t < m_bus.topicCount(); ++t)
        for (const SharedPrefixVector<std::uint32_t>& partition : m_bus.topic(t).logs)
            partition.freeze(); // the topics' partition logs likewise
    std::unique_ptr<Simulation> copy(new Simulation(*this, ForkTag {}));
    for (const ServiceRuntime& runtime : copy->m_services)
        if (!runtime.impl)
            return nullptr;
    for (const ClonePtr<TraceReactor>& reactor : copy->m_reactors)
        if (!reactor)
            return nullptr;
    for (ServiceRuntime& runtime : copy->m_services)
        runtime.impl->rebind(*copy);
    return copy;
}

} // namespace eventloom
