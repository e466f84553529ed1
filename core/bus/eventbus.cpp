#include "eventbus.h"

#include "partitioner.h"

#include <algorithm>

namespace eventloom {

EventBus::EventBus(Scheduler& scheduler, EventLog& log, DeliveryHost& host)
    : m_scheduler(scheduler)
    , m_log(log)
    , m_host(host)
{
}

std::uint16_t EventBus::addTopic(Atom name, std::int32_t partitions, SimTime latency)
{
    Topic topic;
    topic.name = name;
    topic.latency = latency;
    topic.logs.resize(static_cast<std::size_t>(std::max(1, partitions)));
    topic.arrived.assign(topic.logs.size(), 0);
    m_topics.push_back(std::move(topic));
    return static_cast<std::uint16_t>(m_topics.size() - 1);
}

std::uint16_t EventBus::addGroup(Atom name, std::uint16_t topic, std::uint16_t service, std::uint16_t instances,
    std::uint32_t maxInFlight, SimTime commitDelay, StartFrom start)
{
    ConsumerGroup group;
    group.name = name;
    group.topic = topic;
    group.service = service;
    group.maxInFlight = std::max<std::uint32_t>(1, maxInFlight);
    group.commitDelay = commitDelay;
    group.partitions.resize(m_topics[topic].logs.size());
    if (start == StartFrom::Latest) {
        for (std::size_t p = 0; p < group.partitions.size(); ++p) {
            const auto end = static_cast<std::int64_t>(m_topics[topic].logs[p].size());
            PartitionCursor& cursor = group.partitions[p];
            cursor.next = cursor.processed = cursor.committed = cursor.highWater = end;
        }
    }
    group.inFlight.assign(instances, 0);
    for (std::uint16_t i = 0; i < instances; ++i)
        group.members.push_back(i);
    m_groups.push_back(std::move(group));
    const auto index = static_cast<std::uint16_t>(m_groups.size() - 1);
    m_topics[topic].groups.push_back(index);
    if (m_started)
        rebalance(index);
    return index;
}

void EventBus::start()
{
    if (m_started)
        return;
    m_started = true;
    for (std::size_t g = 0; g < m_groups.size(); ++g)
        rebalance(static_cast<std::uint16_t>(g));
}

std::uint16_t EventBus::findTopic(Atom name) const
{
    for (std::size_t i = 0; i < m_topics.size(); ++i)
        if (m_topics[i].name == name)
            return static_cast<std::uint16_t>(i);
    return kNoIndex;
}

std::int32_t EventBus::partitionFor(std::uint16_t topicIndex, Atom key)
{
    Topic& topic = m_topics[topicIndex];
    if (key == 0) // Kafka spreads keyless records; round robin keeps it deterministic
        return static_cast<std::int32_t>(topic.roundRobin++ % topic.logs.size());
    return partitionForKey(m_log.text(key), topic.partitionCount());
}

void EventBus::publish(std::uint32_t seq)
{
    // The log owns the envelope; topic, partition and offset are filled in here.
    auto& event = const_cast<Event&>(m_log.at(seq));
    Topic& topic = m_topics[event.topic];
    if (event.partition < 0 || event.partition >= topic.partitionCount())
        event.partition = partitionFor(event.topic, event.key);
    auto& partitionLog = topic.logs[static_cast<std::size_t>(event.partition)];
    event.offset = static_cast<std::int64_t>(partitionLog.size());
    partitionLog.push_back(seq);

    TraceRecord r;
    r.t = m_host.now();
    r.kind = TraceKind::Published;
    r.message = seq;
    r.topic = event.topic;
    r.partition = event.partition;
    r.offset = event.offset;
    m_host.emit(r);
    m_scheduler.push(r.t + topic.latency, ItemKind::Arrival, event.topic, static_cast<std::uint64_t>(event.offset),
        static_cast<std::uint32_t>(event.partition));
}

void EventBus::onArrival(const ScheduledItem& item)
{
    Topic& topic = m_topics[item.a];
    const auto partition = static_cast<std::int32_t>(item.c);
    auto& arrived = topic.arrived[item.c];
    arrived = std::max(arrived, static_cast<std::int64_t>(item.b) + 1);
    for (const std::uint16_t group : topic.groups)
        pump(group, partition);
}

TraceRecord EventBus::record(
    TraceKind kind, std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset, std::uint32_t message) const
{
    const ConsumerGroup& group = m_groups[groupIndex];
    const std::int32_t owner = group.partitions[static_cast<std::size_t>(partition)].owner;
    TraceRecord r;
    r.t = m_host.now();
    r.kind = kind;
    r.message = message;
    r.service = group.service;
    r.instance = owner < 0 ? kNoIndex : static_cast<std::uint16_t>(owner);
    r.group = groupIndex;
    r.topic = group.topic;
    r.partition = partition;
    r.offset = offset;
    return r;
}

void EventBus::pump(std::uint16_t groupIndex, std::int32_t partition)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    const Topic& topic = m_topics[group.topic];
    // A loop, not recursion: with zero processing time a backlog drains here in one go.
    while (!cursor.busy && cursor.owner >= 0 && cursor.next < topic.arrived[static_cast<std::size_t>(partition)]
        && group.inFlight[static_cast<std::size_t>(cursor.owner)] < group.maxInFlight) {
        const std::int64_t offset = cursor.next;
        const std::uint32_t message = topic.logs[static_cast<std::size_t>(partition)][static_cast<std::size_t>(offset)];
        cursor.busy = true;
        cursor.next = offset + 1;
        ++group.inFlight[static_cast<std::size_t>(cursor.owner)];

        std::uint16_t attempt = 1;
        if (offset < cursor.highWater) {
            auto& slot = cursor.attempts[static_cast<std::size_t>(offset - cursor.committed)];
            attempt = ++slot;
            TraceRecord again = record(TraceKind::Redelivered, groupIndex, partition, offset, message);
            again.attempt = attempt;
            m_host.emit(again);
        } else {
            cursor.highWater = offset + 1;
            cursor.attempts.push(1);
        }
        TraceRecord delivered = record(TraceKind::Delivered, groupIndex, partition, offset, message);
        delivered.attempt = attempt;
        m_host.emit(delivered);

        m_host.begin(group.service, static_cast<std::uint16_t>(cursor.owner), message);
        const SimTime processing = m_host.processingTime(group.service);
        if (processing > 0) {
            m_scheduler.push(m_host.now() + processing, ItemKind::HandleDone, groupIndex,
                static_cast<std::uint64_t>(offset), static_cast<std::uint32_t>(partition), cursor.epoch);
            return;
        }
        finish(groupIndex, partition, offset);
    }
}

void EventBus::pumpMember(std::uint16_t groupIndex, std::uint16_t instance)
{
    ConsumerGroup& group = m_groups[groupIndex];
    for (std::size_t p = 0; p < group.partitions.size(); ++p)
        if (group.partitions[p].owner == instance)
            pump(groupIndex, static_cast<std::int32_t>(p));
}

void EventBus::finish(std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    const auto owner = static_cast<std::uint16_t>(cursor.owner);
    const std::uint32_t message
        = m_topics[group.topic].logs[static_cast<std::size_t>(partition)][static_cast<std::size_t>(offset)];
    TraceRecord handled = record(TraceKind::Handled, groupIndex, partition, offset, message);
    handled.attempt = cursor.attempts[static_cast<std::size_t>(offset - cursor.committed)];
    const HandleResult result = m_host.handle(group.service, owner, handled.message);
    handled.outcome = result.outcome;
    handled.detail = result.reason;
    m_host.emit(handled);

    cursor.busy = false;
    cursor.processed = offset + 1;
    --group.inFlight[owner];
    if (group.commitDelay == 0)
        commit(groupIndex, partition, offset + 1);
    else
        m_scheduler.push(m_host.now() + group.commitDelay, ItemKind::CommitDue, groupIndex,
            static_cast<std::uint64_t>(offset + 1), static_cast<std::uint32_t>(partition), cursor.epoch);
}

void EventBus::commit(std::uint16_t groupIndex, std::int32_t partition, std::int64_t next)
{
    PartitionCursor& cursor = m_groups[groupIndex].partitions[static_cast<std::size_t>(partition)];
    if (next <= cursor.committed)
        return;
    cursor.attempts.dropFront(static_cast<std::size_t>(next - cursor.committed));
    cursor.committed = next;
    // The offset names the next record to read, not a handled one.
    m_host.emit(record(TraceKind::Committed, groupIndex, partition, next, kNoMessage));
}

void EventBus::onHandleDone(const ScheduledItem& item)
{
    const auto groupIndex = static_cast<std::uint16_t>(item.a);
    const auto partition = static_cast<std::int32_t>(item.c);
    const PartitionCursor& cursor = m_groups[groupIndex].partitions[item.c];
    if (cursor.epoch != item.epoch)
        return; // revoked or crashed while processing: the record will be delivered again
    const auto owner = static_cast<std::uint16_t>(cursor.owner);
    finish(groupIndex, partition, static_cast<std::int64_t>(item.b));
    pumpMember(groupIndex, owner);
}

void EventBus::onCommitDue(const ScheduledItem& item)
{
    const PartitionCursor& cursor = m_groups[item.a].partitions[item.c];
    if (cursor.epoch != item.epoch)
        return; // the instance crashed before the commit landed: at-least-once redelivery follows
    commit(static_cast<std::uint16_t>(item.a), static_cast<std::int32_t>(item.c), static_cast<std::int64_t>(item.b));
}

void EventBus::rebalance(std::uint16_t groupIndex)
{
    ConsumerGroup& group = m_groups[groupIndex];
    ++group.generation;
    // Kafka's range assignor: members in order take contiguous ranges; the first
    // (partitions % members) members take one partition more.
    const std::size_t partitions = group.partitions.size();
    std::vector<std::int32_t> owners(partitions, -1);
    if (!group.members.empty()) {
        const std::size_t per = partitions / group.members.size();
        const std::size_t extra = partitions % group.members.size();
        std::size_t p = 0;
        for (std::size_t m = 0; m < group.members.size(); ++m)
            for (std::size_t k = 0; k < per + (m < extra ? 1 : 0); ++k)
                owners[p++] = group.members[m];
    }
    for (std::size_t p = 0; p < partitions; ++p) {
        const std::int32_t owner = owners[p];
        PartitionCursor& cursor = group.partitions[p];
        if (cursor.owner == owner)
            continue;
        if (cursor.owner >= 0) {
            // A graceful revoke: the old owner commits what it handled; what it was still
            // processing goes to the new owner.
            if (cursor.busy)
                --group.inFlight[static_cast<std::size_t>(cursor.owner)];
            commit(groupIndex, static_cast<std::int32_t>(p), cursor.processed);
            cursor.busy = false;
            cursor.next = cursor.processed;
            ++cursor.epoch;
        }
        cursor.owner = owner;
        TraceRecord r = record(TraceKind::Rebalanced, groupIndex, static_cast<std::int32_t>(p), cursor.next, kNoMessage);
        r.aux = owner;
        r.attempt = static_cast<std::uint16_t>(group.generation);
        m_host.emit(r);
    }
    for (std::size_t p = 0; p < partitions; ++p)
        pump(groupIndex, static_cast<std::int32_t>(p));
}

void EventBus::membersLeft(std::uint16_t service, const std::vector<std::uint16_t>& instances)
{
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        ConsumerGroup& group = m_groups[g];
        if (group.service != service)
            continue;
        const auto before = group.members.size();
        std::erase_if(group.members, [&](std::uint16_t m) {
            return std::find(instances.begin(), instances.end(), m) != instances.end();
        });
        if (group.members.size() != before && m_started)
            rebalance(static_cast<std::uint16_t>(g));
    }
}

void EventBus::serviceCrashed(std::uint16_t service)
{
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        ConsumerGroup& group = m_groups[g];
        if (group.service != service)
            continue;
        group.members.clear();
        std::fill(group.inFlight.begin(), group.inFlight.end(), 0);
        for (PartitionCursor& cursor : group.partitions) {
            // Nothing is committed on the way down: resume from the committed offset.
            cursor.busy = false;
            cursor.next = cursor.processed = cursor.committed;
            cursor.owner = -1;
            ++cursor.epoch;
        }
        rebalance(static_cast<std::uint16_t>(g));
    }
}

void EventBus::membersJoined(std::uint16_t service, const std::vector<std::uint16_t>& instances)
{
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        ConsumerGroup& group = m_groups[g];
        if (group.service != service)
            continue;
        bool changed = false;
        for (const std::uint16_t instance : instances) {
            if (std::find(group.members.begin(), group.members.end(), instance) != group.members.end())
                continue;
            group.members.insert(std::upper_bound(group.members.begin(), group.members.end(), instance), instance);
            if (group.inFlight.size() <= instance)
                group.inFlight.resize(instance + 1u, 0);
            changed = true;
        }
        if (changed && m_started)
            rebalance(static_cast<std::uint16_t>(g));
    }
}

std::int64_t EventBus::lag(std::uint16_t groupIndex, std::int32_t partition) const
{
    const ConsumerGroup& group = m_groups[groupIndex];
    const auto size = static_cast<std::int64_t>(m_topics[group.topic].logs[static_cast<std::size_t>(partition)].size());
    return size - group.partitions[static_cast<std::size_t>(partition)].committed;
}

} // namespace eventloom
