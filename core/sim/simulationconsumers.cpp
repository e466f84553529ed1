// Simulation: consumers at run time — instances that join and leave, groups attached and detached.
#include "simulation.h"

#include <numeric>

namespace eventloom {

void Simulation::addInstance(std::uint16_t service)
{
    setInstances(service, static_cast<std::uint16_t>(m_services[service].instances + 1));
}

bool Simulation::removeInstance(std::uint16_t service)
{
    if (m_services[service].instances <= 1)
        return false;
    setInstances(service, static_cast<std::uint16_t>(m_services[service].instances - 1));
    return true;
}

void Simulation::setInstances(std::uint16_t service, std::uint16_t instances)
{
    ServiceRuntime& runtime = m_services[service];
    instances = std::max<std::uint16_t>(1, instances);
    std::vector<std::uint16_t> changed;
    TraceRecord r;
    r.t = m_now;
    r.service = service;
    if (instances > runtime.instances) {
        r.kind = TraceKind::InstanceAdded;
        for (std::uint16_t i = runtime.instances; i < instances; ++i) {
            r.instance = i;
            emit(r);
            changed.push_back(i);
        }
    } else {
        r.kind = TraceKind::InstanceRemoved;
        for (std::uint16_t i = runtime.instances; i-- > instances;) {
            r.instance = i;
            emit(r);
            changed.push_back(i);
        }
    }
    const bool joined = instances > runtime.instances;
    runtime.instances = instances;
    if (!runtime.up || changed.empty())
        return; // a crashed service's instances join when it restarts
    if (joined)
        m_bus.membersJoined(service, changed);
    else
        m_bus.membersLeft(service, changed);
}

Simulation::ConsumerState Simulation::consumerState(std::uint16_t service) const
{
    for (const PendingSubscription& p : m_pendingSubscriptions)
        if (p.service == service && !p.attached)
            return ConsumerState::Pending;
    bool detached = false;
    for (std::size_t g = 0; g < m_bus.groupCount(); ++g) {
        const ConsumerGroup& group = m_bus.group(static_cast<std::uint16_t>(g));
        if (group.service != service)
            continue;
        if (!group.detached)
            return ConsumerState::Attached;
        detached = true;
    }
    return detached ? ConsumerState::Detached : ConsumerState::None;
}

void Simulation::attachConsumer(std::uint16_t service, std::optional<StartFrom> from)
{
    for (PendingSubscription& p : m_pendingSubscriptions)
        if (p.service == service && !p.attached) {
            p.attached = true; // its scheduled attach will do nothing
            subscribe(p.service, p.topic, p.group, p.maxInFlight, p.commitDelay, from.value_or(p.start), p.policy);
        }
    const ServiceRuntime& runtime = m_services[service];
    std::vector<std::uint16_t> members;
    if (runtime.up) { // a crashed service's instances join when it restarts
        members.resize(runtime.instances);
        std::iota(members.begin(), members.end(), std::uint16_t { 0 });
    }
    m_bus.attach(service, members, from ? &*from : nullptr);
}

void Simulation::detachConsumer(std::uint16_t service)
{
    m_bus.detach(service);
}

} // namespace eventloom
