// EventBus: retention — the periodic checks that delete what is old enough, what a group reading below the
// log start gets (auto.offset.reset), and finding an offset by time.
#include "eventbus.h"

#include <algorithm>

namespace eventloom {

void EventBus::scheduleRetention(std::uint16_t topicIndex, SimTime due)
{
    // Kafka checks every log.retention.check.interval.ms, not when a record comes of age. A check that
    // would find nothing to delete is not scheduled: the run still goes quiet once every record is gone.
    Topic& topic = m_topics[topicIndex];
    const SimTime interval = retentionCheckInterval(topic.retention);
    const SimTime at = due / interval * interval + (due % interval == 0 ? 0 : interval);
    topic.retentionCheckAt = std::max(at, m_host.now());
    m_scheduler.push(topic.retentionCheckAt, ItemKind::RetentionCheck, topicIndex);
}

void EventBus::onRetentionCheck(const ScheduledItem& item)
{
    const auto topicIndex = static_cast<std::uint16_t>(item.a);
    Topic& topic = m_topics[topicIndex];
    topic.retentionCheckAt = -1;
    const SimTime now = m_host.now();
    SimTime oldest = kMaxSimTime;
    for (std::size_t p = 0; p < topic.logs.size(); ++p) {
        const auto& log = topic.logs[p];
        const std::int64_t before = topic.logStart[p];
        // Publish times never decrease along a partition: what is old enough is a prefix.
        const auto first = std::partition_point(log.begin() + before, log.end(),
            [&](std::uint32_t seq) { return addTime(m_log.at(seq).publishTime, topic.retention) <= now; });
        const auto start = static_cast<std::int64_t>(first - log.begin());
        if (first != log.end())
            oldest = std::min(oldest, m_log.at(*first).publishTime);
        if (start == before)
            continue;
        topic.logStart[p] = start;
        TraceRecord r;
        r.t = now;
        r.kind = TraceKind::Retention;
        r.topic = topicIndex;
        r.partition = static_cast<std::int32_t>(p);
        r.offset = start;
        r.aux = before;
        m_host.emit(r);
    }
    if (oldest != kMaxSimTime)
        scheduleRetention(topicIndex, addTime(oldest, topic.retention));
    // A group waiting below the new log start learns at its next fetch, now.
    for (const std::uint16_t group : topic.groups)
        for (std::size_t p = 0; p < topic.logs.size(); ++p)
            if (m_groups[group].partitions[p].next < topic.logStart[p])
                pump(group, static_cast<std::int32_t>(p));
}

void EventBus::outOfRange(std::uint16_t groupIndex, std::int32_t partition)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    const Topic& topic = m_topics[group.topic];
    const std::int64_t logStart = topic.logStart[static_cast<std::size_t>(partition)];
    const std::int64_t to = group.reset == StartFrom::Earliest
        ? logStart
        : static_cast<std::int64_t>(topic.logs[static_cast<std::size_t>(partition)].size());
    // Deleted before it was ever fetched (a crash rewinds `next`, not what was delivered): expired unread.
    const std::int64_t fetched = std::max(cursor.next, cursor.highWater);
    if (logStart > fetched)
        group.expired += static_cast<std::uint64_t>(logStart - fetched);
    const std::int64_t before = cursor.committed;
    // Not busy on this partition (the pump checked), so nothing of it is in flight.
    resetFaultState(cursor);
    cursor.next = cursor.processed = cursor.committed = cursor.highWater = to;
    cursor.attempts = AttemptWindow();
    TraceRecord r = record(TraceKind::OffsetReset, groupIndex, partition, to, kNoMessage);
    r.aux = before;
    r.detail = m_log.atoms().intern(group.reset == StartFrom::Earliest
            ? "offset out of range (below the log start): auto.offset.reset=earliest"
            : "offset out of range (below the log start): auto.offset.reset=latest");
    m_host.emit(r);
}

std::int64_t EventBus::offsetForTime(std::uint16_t topicIndex, std::int32_t partition, SimTime t) const
{
    const auto& log = m_topics[topicIndex].logs[static_cast<std::size_t>(partition)];
    // Records are appended as they are published, so publish times never decrease along a partition.
    const auto first
        = std::partition_point(log.begin() + m_topics[topicIndex].logStart[static_cast<std::size_t>(partition)],
            log.end(), [&](std::uint32_t seq) { return m_log.at(seq).publishTime < t; });
    return static_cast<std::int64_t>(first - log.begin());
}

} // namespace eventloom
