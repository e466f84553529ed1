#include "baselinebus.h"

#include <algorithm>

namespace eventloom::bench {

namespace {
// The same total order as the engine's scheduler; std::*_heap is a max-heap, so "less" runs later.
struct RunsLater {
    template <typename T>
    bool operator()(const T& x, const T& y) const
    {
        return x.time != y.time ? x.time > y.time : x.seq > y.seq;
    }
};
}

std::uint16_t BaselineBus::addTopic()
{
    m_subscribers.emplace_back();
    return static_cast<std::uint16_t>(m_subscribers.size() - 1);
}

void BaselineBus::subscribe(std::uint16_t topic, Handler handler)
{
    m_subscribers[topic].push_back(std::move(handler));
}

void BaselineBus::reserve(std::size_t events, std::size_t pending)
{
    m_events.reserve(events);
    m_heap.reserve(pending);
}

void BaselineBus::publish(std::int64_t time, std::uint16_t topic, std::uint32_t key)
{
    const auto index = static_cast<std::uint32_t>(m_events.size());
    m_events.push_back({ key, topic });
    m_heap.push_back({ time, m_nextSeq++, index });
    std::push_heap(m_heap.begin(), m_heap.end(), RunsLater {});
}

std::uint64_t BaselineBus::drain()
{
    std::uint64_t calls = 0;
    while (!m_heap.empty()) {
        std::pop_heap(m_heap.begin(), m_heap.end(), RunsLater {});
        const Item item = m_heap.back();
        m_heap.pop_back();
        for (const Handler& handler : m_subscribers[m_events[item.event].topic]) {
            handler(item.event);
            ++calls;
        }
    }
    return calls;
}

} // namespace eventloom::bench
