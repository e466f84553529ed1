#include "injectionqueue.h"

#include <algorithm>

namespace eventloom {

QString InjectionQueue::enqueue(const QString& spec)
{
    QString error;
    auto parsed = InjectionSpec::parse(spec, error);
    if (!parsed)
        return error;
    enqueue(std::move(*parsed));
    return {};
}

void InjectionQueue::enqueue(InjectionSpec spec)
{
    const std::lock_guard lock(m_mutex);
    m_specs.push_back(std::move(spec));
    m_pending.store(true, std::memory_order_release);
}

SimTime InjectionQueue::earliest(SimTime now) const
{
    const std::lock_guard lock(m_mutex);
    SimTime first = -1;
    for (const InjectionSpec& spec : m_specs)
        if (const SimTime at = std::max(spec.at, addTime(now, 1)); !spec.atPause && (first < 0 || at < first))
            first = at;
    return first;
}

std::vector<InjectionSpec> InjectionQueue::take()
{
    const std::lock_guard lock(m_mutex);
    std::vector<InjectionSpec> out;
    out.swap(m_specs);
    m_pending.store(false, std::memory_order_release);
    return out;
}

void InjectionQueue::refuse(const QString& message)
{
    const std::lock_guard lock(m_mutex);
    m_refusals << message;
}

QStringList InjectionQueue::takeRefusals()
{
    const std::lock_guard lock(m_mutex);
    QStringList out;
    out.swap(m_refusals);
    return out;
}

} // namespace eventloom
