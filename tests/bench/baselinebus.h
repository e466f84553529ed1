#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace eventloom::bench {

/// The baseline of budgets B1 and B2: what a hand-rolled simulator with no bus semantics does per
/// event. A binary heap of (time, seq, event index) and, for each popped event, one std::function call
/// per subscriber of its topic. No partitions, offsets, groups, commits or trace.
class BaselineBus {
public:
    using Handler = std::function<void(std::uint32_t event)>;

    std::uint16_t addTopic();
    void subscribe(std::uint16_t topic, Handler handler);
    void reserve(std::size_t events, std::size_t pending);

    /// Appends an event to the log and schedules its delivery at `time`.
    void publish(std::int64_t time, std::uint16_t topic, std::uint32_t key);
    /// Delivers everything scheduled, in (time, seq) order; returns the number of handler calls.
    std::uint64_t drain();

private:
    struct Item {
        std::int64_t time;
        std::uint64_t seq;
        std::uint32_t event;
    };
    struct Event {
        std::uint32_t key;
        std::uint16_t topic;
    };

    std::vector<Item> m_heap;
    std::vector<Event> m_events;
    std::vector<std::vector<Handler>> m_subscribers; ///< per topic
    std::uint64_t m_nextSeq = 0;
};

} // namespace eventloom::bench
