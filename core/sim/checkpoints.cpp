#include "checkpoints.h"

#include "simulation.h"

#include <algorithm>

namespace eventloom {

Checkpointer::Checkpointer(const Simulation& run, Policy policy)
    : m_policy(policy)
{
    take(run);
}

Checkpointer::Checkpointer(const Simulation& run)
    : Checkpointer(run, Policy {})
{
}

Checkpointer::~Checkpointer() = default;

void Checkpointer::collectInjections(const Simulation& run)
{
    const std::vector<Simulation::TimedInjection>& taken = run.takenInjections();
    if (taken.size() == m_injections.size())
        return;
    const std::lock_guard lock(m_mutex);
    m_injections.insert(
        m_injections.end(), taken.begin() + static_cast<std::ptrdiff_t>(m_injections.size()), taken.end());
}

bool Checkpointer::checkpoint(const Simulation& run)
{
    collectInjections(run);
    const std::uint64_t records = run.counters().records;
    const std::uint64_t since = records - m_lastRecords;
    const bool byRecords = m_policy.everyRecords > 0 && since >= m_policy.everyRecords;
    const bool early
        = m_policy.earlyDivisor > 0 && since >= kEarlyMinRecords && since >= records / m_policy.earlyDivisor;
    const bool byTime = m_policy.everyTime > 0 && run.now() - m_lastTime >= m_policy.everyTime;
    return (byRecords || byTime || early) && take(run);
}

bool Checkpointer::take(const Simulation& run)
{
    collectInjections(run);
    std::shared_ptr<const Simulation> copy = run.fork();
    if (!copy)
        return false;
    m_lastRecords = run.counters().records;
    m_lastTime = run.now();
    const std::lock_guard lock(m_mutex);
    m_checkpoints.push_back({ run.now(), m_lastRecords, std::move(copy) });
    return true;
}

std::shared_ptr<const Simulation> Checkpointer::nearest(SimTime t) const
{
    const std::lock_guard lock(m_mutex);
    if (m_checkpoints.empty())
        return nullptr;
    // The last one whose clock is at or before t: everything it ran was due at or before t.
    auto it = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), t,
        [](SimTime value, const Checkpoint& c) { return value < c.time; });
    if (it != m_checkpoints.begin())
        --it;
    return it->sim;
}

std::unique_ptr<Simulation> Checkpointer::seek(SimTime t) const
{
    const std::shared_ptr<const Simulation> from = nearest(t);
    if (!from)
        return nullptr;
    std::unique_ptr<Simulation> sim = from->fork();
    if (!sim)
        return nullptr;
    {
        // What the run took after this checkpoint (the checkpoint has the earlier ones), up to t.
        const std::lock_guard lock(m_mutex);
        for (std::size_t i = from->takenInjections().size(); i < m_injections.size(); ++i)
            if (m_injections[i].at <= t)
                sim->takeInjection(m_injections[i].spec, m_injections[i].at);
    }
    if (t >= sim->now())
        sim->runUntil(t);
    return sim;
}

std::size_t Checkpointer::count() const
{
    const std::lock_guard lock(m_mutex);
    return m_checkpoints.size();
}

std::vector<SimTime> Checkpointer::times() const
{
    const std::lock_guard lock(m_mutex);
    std::vector<SimTime> times;
    times.reserve(m_checkpoints.size());
    for (const Checkpoint& c : m_checkpoints)
        times.push_back(c.time);
    return times;
}

} // namespace eventloom
