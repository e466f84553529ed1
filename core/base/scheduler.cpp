#include "scheduler.h"

#include <algorithm>

namespace eventloom {

namespace {
/// The heap's order: earlier time first, then lower sequence number (unique, so the order is total
/// and any correct heap pops the same sequence).
[[gnu::always_inline]] inline bool runsBefore(const ScheduledItem& x, const ScheduledItem& y)
{
    return x.time != y.time ? x.time < y.time : x.seq < y.seq;
}

/// Removes the first item of a non-empty heap: the last item fills the hole at the top and sinks to
/// where it belongs.
void removeFirst(std::vector<ScheduledItem>& items)
{
    const ScheduledItem last = items.back();
    items.pop_back();
    const std::size_t n = items.size();
    if (n == 0)
        return;
    ScheduledItem* heap = items.data();
    std::size_t i = 0;
    for (;;) {
        std::size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && runsBefore(heap[child + 1], heap[child]))
            ++child;
        if (!runsBefore(heap[child], last))
            break;
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = last;
}
}

std::uint64_t Scheduler::push(
    SimTime time, ItemKind kind, std::uint64_t a, std::uint64_t b, std::uint32_t c, std::uint32_t epoch)
{
    const std::uint64_t seq = m_nextSeq++;
    // Callers add durations with addTime(), which saturates; this keeps a time computed any other way
    // inside simulated time too (a negative one would read as "nothing scheduled" to nextTime()'s users).
    time = std::clamp<SimTime>(time, 0, kMaxSimTime);
    const ScheduledItem item { time, seq, a, b, c, epoch, kind };
    // Sift up through a hole: parents move down one copy each, the item is written once.
    std::size_t i = m_heap.size();
    m_heap.emplace_back();
    ScheduledItem* heap = m_heap.data();
    while (i > 0) {
        const std::size_t parent = (i - 1) / 2;
        if (!runsBefore(item, heap[parent]))
            break;
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = item;
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
    const ScheduledItem item = m_heap.front();
    removeFirst(m_heap);
    if (!m_cancelled.empty()) [[unlikely]]
        dropCancelled();
    return item;
}

void Scheduler::dropCancelled()
{
    // Lazily: an item leaves the heap when it reaches the top, so a cancellation costs no search.
    while (!m_heap.empty() && !m_cancelled.empty() && m_cancelled.erase(m_heap.front().seq) > 0)
        removeFirst(m_heap);
}

} // namespace eventloom
