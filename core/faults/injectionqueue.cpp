#include "injectionqueue.h"

namespace eventloom {

QString InjectionQueue::enqueue(const QString& spec)
{
    QString error;
    auto parsed = InjectionSpec::parse(spec, error);
    if (!parsed)
        return error;
    const std::lock_guard lock(m_mutex);
    m_specs.push_back(std::move(*parsed));
    m_pending.store(true, std::memory_order_release);
    return {};
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
