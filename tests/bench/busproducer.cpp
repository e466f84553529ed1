#include "busproducer.h"

#include "services/servicecontext.h"

#include <algorithm>
#include <cstdio>

namespace eventloom::bench {

BusProducer::BusProducer(std::string topic, std::uint64_t events, std::uint32_t chunk, std::uint32_t keys)
    : m_topicName(std::move(topic))
    , m_events(events)
    , m_chunk(std::max<std::uint32_t>(1, chunk))
    , m_keyCount(std::max<std::uint32_t>(1, keys))
{
}

void BusProducer::start(ServiceContext& ctx)
{
    // Interning happens here, before any measured window: the hot loop only reuses atoms.
    m_topic = ctx.intern(m_topicName);
    m_type = ctx.intern("BenchEvent");
    m_keys.reserve(m_keyCount);
    for (std::uint32_t i = 0; i < m_keyCount; ++i) {
        char key[24];
        std::snprintf(key, sizeof key, "key-%05u", i);
        m_keys.push_back(ctx.intern(key));
    }
    if (m_events > 0)
        ctx.scheduleTimer(0, 0);
}

HandleResult BusProducer::handle(ServiceContext& ctx, const Event& message)
{
    (void)ctx;
    (void)message; // subscribes to nothing
    return {};
}

void BusProducer::timer(ServiceContext& ctx, std::uint64_t id)
{
    (void)id;
    const std::uint64_t n = std::min<std::uint64_t>(m_chunk, m_events - m_published);
    const PayloadBuilder& payload = ctx.payload(); // empty: B1 measures the bus, not payload copying
    for (std::uint64_t i = 0; i < n; ++i) {
        ctx.publish(m_topic, m_type, m_keys[m_published % m_keys.size()], payload);
        ++m_published;
    }
    if (m_published < m_events)
        ctx.scheduleTimer(1, 0);
}

} // namespace eventloom::bench
