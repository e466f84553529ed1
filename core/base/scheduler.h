#pragma once

#include "simtime.h"

#include <cstdint>
#include <unordered_set>
#include <vector>

namespace eventloom {

/// What a scheduled item asks the simulation to do; the simulation dispatches on it.
enum class ItemKind : std::uint8_t {
    Arrival, ///< a published record becomes visible to its partition's consumers
    HandleDone, ///< a consumer finished processing a delivered record
    CommitDue, ///< a consumer's offset commit lands
    CommandDue, ///< a point-to-point command reaches its target service
    CommandDone, ///< the target finished processing a command
    Timer, ///< a service timer fires
    Crash, ///< a planned crash of a service (b = downtime)
    Attach, ///< a planned subscription starts (a = its index)
    Call, ///< a planned control action, e.g. an injection taking effect (a = its index)
    Restart, ///< a crashed service comes back
    DeliveryDue, ///< a delayed delivery or a retry after a backoff lands (a = group, b = offset, c = partition)
    ProduceDue, ///< a producer's retried request lands (a = event seq, b = producer)
    ParkExpired, ///< a resequencer's parked event waited its parkTimeout (a = group, b = offset, c = partition)
    RetentionCheck, ///< a topic's retention check deletes its records older than its retention (a = topic)
    BlockedRetryDue, ///< as DeliveryDue, a retry of a record its group is blocked on (onFailure: block)
    BlockedHandleDone, ///< as HandleDone, for the record its group is blocked on
};

/// A plain record, so scheduling never allocates (no std::function per event).
struct ScheduledItem {
    SimTime time = 0;
    std::uint64_t seq = 0;
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    std::uint32_t c = 0;
    std::uint32_t epoch = 0;
    ItemKind kind = ItemKind::Timer;
};

/// A binary min-heap with a total order: earlier time first, then lower sequence number.
/// Items scheduled for the same instant run in the order they were scheduled.
class Scheduler {
public:
    /// Schedules an item; its sequence number is assigned here and returned. `time` is clamped to
    /// [0, kMaxSimTime].
    std::uint64_t push(SimTime time, ItemKind kind, std::uint64_t a = 0, std::uint64_t b = 0, std::uint32_t c = 0,
        std::uint32_t epoch = 0);
    /// Cancels the item numbered `seq` (as push() returned it): it never runs, and empty(), nextTime()
    /// and nextSeq() no longer see it. Cancelling an item that already ran is a no-op for the run (a
    /// sequence number is never reused); the caller should not, since the number is then kept for nothing.
    void cancel(std::uint64_t seq);
    /// Removes and returns the first item. Precondition: !empty().
    ScheduledItem pop();
    bool empty() const { return m_heap.empty(); }
    /// Items in the heap: cancelled ones count until they reach the top.
    std::size_t size() const { return m_heap.size(); }
    /// Time of the first item. Precondition: !empty().
    SimTime nextTime() const { return m_heap.front().time; }
    /// Sequence number of the first item. Precondition: !empty().
    std::uint64_t nextSeq() const { return m_heap.front().seq; }
    /// How many items were ever scheduled (the next item's sequence number).
    std::uint64_t issued() const { return m_nextSeq; }
    void reserve(std::size_t n) { m_heap.reserve(n); }

private:
    /// Pops cancelled items off the top, so the first item is always one that will run.
    void dropCancelled();

    std::vector<ScheduledItem> m_heap;
    std::uint64_t m_nextSeq = 0;
    std::unordered_set<std::uint64_t> m_cancelled; ///< cancelled, still in the heap; looked up, never iterated
};

} // namespace eventloom
