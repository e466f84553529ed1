#pragma once

#include "services/service.h"

#include <string>
#include <vector>

namespace eventloom::bench {

/// B1's producer: publishes `events` keyed events to one topic, `chunk` of them per timer tick (ticks
/// 1 µs apart, from time 0), cycling through a fixed pool of string keys so the partitioner hashes
/// real keys. Tick i publishes events [i·chunk, (i+1)·chunk), so a run can stop between chunks.
class BusProducer final : public Service {
public:
    BusProducer(std::string topic, std::uint64_t events, std::uint32_t chunk, std::uint32_t keys);

    void start(ServiceContext& ctx) override;
    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    void timer(ServiceContext& ctx, std::uint64_t id) override;

    std::uint64_t published() const { return m_published; }

private:
    std::string m_topicName;
    std::uint64_t m_events;
    std::uint32_t m_chunk;
    std::uint32_t m_keyCount;
    Atom m_topic = 0;
    Atom m_type = 0;
    std::vector<Atom> m_keys;
    std::uint64_t m_published = 0;
};

} // namespace eventloom::bench
