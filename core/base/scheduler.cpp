#include "scheduler.h"

#include <algorithm>

namespace eventloom {

namespace {
// std::*_heap builds a max-heap, so "less" means "runs later".
struct RunsLater {
    bool operator()(const ScheduledItem& x, const ScheduledItem& y) const
    {
        return x.time != y.time ? x.time > y.time : x.seq > y.seq;
    }
};
}

std::uint64_t Scheduler::push(
    SimTime time, ItemKind kind, std::uint64_t a, std::uint64_t b, std::uint32_t c, std::uint32_t epoch)
{
    const std::uint64_t seq = m_nextSeq++;
    // Callers add durations with addTime(), which saturates; this keeps a time computed any other way
    // inside simulated time too (a negative one would read as "nothing scheduled" to nextTime()'s users).
    time = std::clamp<SimTime>(time, 0, kMaxSimTime);
    m_heap.push_back(ScheduledItem { time, seq, a, b, c, epoch, kind });
    std::push_heap(m_heap.begin(), m_heap.end(), RunsLater {});
    return seq;
}

void Scheduler::cancel(std::uint64_t seq)
{
    if (seq >= m_nextSeq || !m_cancelled.insert(seq).second)
        return;
    dropCancelled();
}

ScheduledItem Scheduler::pop()
{
    std::pop_heap(m_heap.begin(), m_heap.end(), RunsLater {});
    ScheduledItem item = m_heap.back();
    m_heap.pop_back();
    dropCancelled();
    return item;
}

void Scheduler::dropCancelled()
{
    // Lazily: an item leaves the heap when it reaches the top, so a cancellation costs no search.
    while (!m_heap.empty() && !m_cancelled.empty() && m_cancelled.erase(m_heap.front().seq) > 0) {
        std::pop_heap(m_heap.begin(), m_heap.end(), RunsLater {});
        m_heap.pop_back();
    }
}

} // namespace eventloom
