#include "baselinebus.h"

#include "bus/partitioner.h"

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

std::uint16_t BaselineBus::addTopic(std::int32_t partitions)
{
    Topic topic;
    topic.partitions = std::max(1, partitions);
    topic.nextOffset.assign(static_cast<std::size_t>(topic.partitions), 0);
    m_topics.push_back(std::move(topic));
    return static_cast<std::uint16_t>(m_topics.size() - 1);
}

void BaselineBus::subscribe(std::uint16_t topic, Handler handler)
{
    Topic& t = m_topics[topic];
    m_groups.push_back({ std::move(handler), std::vector<std::int64_t>(t.nextOffset.size(), 0) });
    t.groups.push_back(static_cast<std::uint16_t>(m_groups.size() - 1));
}

void BaselineBus::reserve(std::size_t events, std::size_t recordsPerDrain, std::size_t pending)
{
    m_log.reserve(events, 0);
    m_trace.reserve(recordsPerDrain);
    m_heap.reserve(pending);
}

inline void BaselineBus::emit(const TraceRecord& record)
{
    m_trace.push_back(record);
    m_fingerprint.add(record, m_log);
    ++m_records;
}

void BaselineBus::publish(SimTime time, std::uint16_t topic, Atom type, Atom key)
{
    Topic& t = m_topics[topic];
    Event event;
    event.publishTime = time;
    event.type = type;
    event.key = key;
    event.topic = topic;
    event.partition = partitionForKey(m_log.text(key), t.partitions);
    event.offset = t.nextOffset[static_cast<std::size_t>(event.partition)]++;
    const Event& e = m_log.append(event, {}, 1);
    TraceRecord published;
    published.t = time;
    published.kind = TraceKind::Published;
    published.message = e.seq;
    published.topic = topic;
    published.partition = e.partition;
    published.offset = e.offset;
    emit(published);
    m_heap.push_back({ time, m_nextSeq++, e.seq });
    std::push_heap(m_heap.begin(), m_heap.end(), RunsLater {});
}

std::uint64_t BaselineBus::drain()
{
    std::uint64_t calls = 0;
    while (!m_heap.empty()) {
        std::pop_heap(m_heap.begin(), m_heap.end(), RunsLater {});
        const Item item = m_heap.back();
        m_heap.pop_back();
        const Event& e = m_log.at(item.event);
        for (const std::uint16_t g : m_topics[e.topic].groups) {
            Group& group = m_groups[g];
            TraceRecord r;
            r.t = item.time;
            r.kind = TraceKind::Delivered;
            r.message = e.seq;
            r.service = g;
            r.instance = 0;
            r.group = g;
            r.topic = e.topic;
            r.partition = e.partition;
            r.offset = e.offset;
            r.attempt = 1;
            emit(r);
            group.handler(e.seq);
            ++calls;
            r.kind = TraceKind::Handled;
            r.outcome = HandleOutcome::Ok;
            emit(r);
            std::int64_t& committed = group.committed[static_cast<std::size_t>(e.partition)];
            committed = std::max(committed, e.offset + 1);
            r.kind = TraceKind::Committed;
            r.outcome = HandleOutcome::None;
            r.attempt = 0;
            r.message = kNoMessage;
            r.offset = committed;
            emit(r);
        }
    }
    m_trace.clear(); // the batch handed on; its capacity stays
    return calls;
}

} // namespace eventloom::bench
