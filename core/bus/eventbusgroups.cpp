// EventBus: consumer groups — their members, the range assignor's rebalances, crashes, offset resets and lag.
#include "eventbus.h"

#include <algorithm>

namespace eventloom {

std::uint16_t EventBus::addGroup(Atom name, std::uint16_t topic, std::uint16_t service, std::uint16_t instances,
    std::uint32_t maxInFlight, SimTime commitDelay, StartFrom start, const SubscriptionPolicy& policy)
{
    ConsumerGroup group;
    group.name = name;
    group.topic = topic;
    group.service = service;
    group.maxInFlight = std::max<std::uint32_t>(1, maxInFlight);
    group.commitDelay = commitDelay;
    group.policy = policy;
    group.reset = start;
    if (policy.onFailure == OnFailure::DeadLetter) {
        const Atom dlq = m_log.atoms().intern(std::string(m_log.text(m_topics[topic].name)) + ".dlq");
        group.deadLetterTopic = findTopic(dlq);
        if (group.deadLetterTopic == kNoIndex)
            group.deadLetterTopic = addTopic(dlq, 1, m_topics[topic].latency);
    }
    group.partitions.resize(m_topics[topic].logs.size());
    if (start == StartFrom::Latest) {
        for (std::size_t p = 0; p < group.partitions.size(); ++p) {
            const auto end = static_cast<std::int64_t>(m_topics[topic].logs[p].size());
            PartitionCursor& cursor = group.partitions[p];
            cursor.next = cursor.processed = cursor.committed = cursor.highWater = end;
        }
    } else {
        // The oldest record each partition still keeps: retention may have deleted the first ones.
        for (std::size_t p = 0; p < group.partitions.size(); ++p) {
            PartitionCursor& cursor = group.partitions[p];
            cursor.next = cursor.processed = cursor.committed = cursor.highWater = m_topics[topic].logStart[p];
        }
    }
    group.inFlight.assign(instances, 0);
    for (std::uint16_t i = 0; i < instances; ++i)
        group.members.push_back(i);
    m_groups.push_back(std::move(group));
    const auto index = static_cast<std::uint16_t>(m_groups.size() - 1);
    m_topics[topic].groups.push_back(index);
    if (start == StartFrom::Earliest) {
        ConsumerGroup& added = m_groups.back();
        for (std::size_t p = 0; p < added.partitions.size(); ++p) {
            const std::int64_t logStart = m_topics[topic].logStart[p];
            if (logStart == 0)
                continue;
            // What retention deleted before the group existed, it never reads: say so where it starts.
            added.expired += static_cast<std::uint64_t>(logStart);
            TraceRecord r = record(TraceKind::OffsetReset, index, static_cast<std::int32_t>(p), logStart, kNoMessage);
            r.detail = m_log.atoms().intern("no committed offset, auto.offset.reset=earliest: the log starts here");
            m_host.emit(r);
        }
    }
    if (m_started)
        rebalance(index);
    return index;
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
            std::int64_t resume = cursor.processed;
            for (const PartitionCursor::Parked& parked : cursor.parked)
                resume = std::min(resume, parked.offset); // forgotten with the old owner: read again
            cursor.busy = false;
            resetFaultState(cursor);
            cursor.parked.clear();
            cursor.next = cursor.processed = resume;
            ++cursor.epoch;
        }
        cursor.owner = owner;
        TraceRecord r
            = record(TraceKind::Rebalanced, groupIndex, static_cast<std::int32_t>(p), cursor.next, kNoMessage);
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
        std::erase_if(group.members,
            [&](std::uint16_t m) { return std::find(instances.begin(), instances.end(), m) != instances.end(); });
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
            resetFaultState(cursor);
            cursor.parked.clear(); // in memory: read again from the committed offset
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
        if (group.service != service || group.detached)
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

std::size_t EventBus::detach(std::uint16_t service)
{
    std::size_t detached = 0;
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        ConsumerGroup& group = m_groups[g];
        if (group.service != service || group.detached)
            continue;
        group.detached = true;
        group.members.clear();
        ++detached;
        if (m_started)
            rebalance(static_cast<std::uint16_t>(g)); // every partition revoked: the Rebalanced records say -1
    }
    return detached;
}

std::size_t EventBus::attach(std::uint16_t service, const std::vector<std::uint16_t>& instances, const StartFrom* from)
{
    std::size_t attached = 0;
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        ConsumerGroup& group = m_groups[g];
        if (group.service != service || !group.detached)
            continue;
        group.detached = false;
        ++attached;
        const auto index = static_cast<std::uint16_t>(g);
        if (from) {
            const Topic& topic = m_topics[group.topic];
            std::vector<std::pair<std::int32_t, std::int64_t>> positions;
            for (std::size_t p = 0; p < group.partitions.size(); ++p)
                positions.emplace_back(static_cast<std::int32_t>(p),
                    *from == StartFrom::Earliest ? topic.logStart[p] : static_cast<std::int64_t>(topic.logs[p].size()));
            resetOffsets(index, positions);
        }
        ConsumerGroup& joined = m_groups[g]; // resetOffsets leaves the groups where they are
        joined.members = instances;
        for (const std::uint16_t instance : instances)
            if (joined.inFlight.size() <= instance)
                joined.inFlight.resize(instance + 1u, 0);
        if (m_started)
            rebalance(index);
    }
    return attached;
}

void EventBus::resetOffsets(
    std::uint16_t groupIndex, const std::vector<std::pair<std::int32_t, std::int64_t>>& positions)
{
    ConsumerGroup& group = m_groups[groupIndex];
    const Topic& topic = m_topics[group.topic];
    for (auto [partition, offset] : positions) {
        PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
        const std::int64_t before = cursor.committed;
        // Kafka clamps a reset to what the partition keeps: from its log-start offset to its end.
        offset = std::clamp(offset, topic.logStart[static_cast<std::size_t>(partition)],
            static_cast<std::int64_t>(topic.logs[static_cast<std::size_t>(partition)].size()));
        // The consumer stops for the reset: what it was doing on this partition is dropped with it.
        if (cursor.busy && cursor.owner >= 0)
            --group.inFlight[static_cast<std::size_t>(cursor.owner)];
        cursor.busy = false;
        resetFaultState(cursor);
        cursor.parked.clear();
        ++cursor.epoch; // scheduled handlings, commits and deliveries of this partition no longer land
        cursor.versions.clear(); // it reads the history again: versions start over
        cursor.next = cursor.processed = cursor.committed = cursor.highWater = offset;
        cursor.attempts = AttemptWindow();
        cursor.blockedAt = -1; // moved off the record it was blocked on (or back before it: it is read afresh)
        TraceRecord r = record(TraceKind::OffsetReset, groupIndex, partition, offset, kNoMessage);
        r.aux = before;
        m_host.emit(r);
    }
    for (std::size_t p = 0; p < group.partitions.size(); ++p)
        pump(groupIndex, static_cast<std::int32_t>(p));
}

std::int64_t EventBus::lag(std::uint16_t groupIndex, std::int32_t partition) const
{
    const ConsumerGroup& group = m_groups[groupIndex];
    const auto size = static_cast<std::int64_t>(m_topics[group.topic].logs[static_cast<std::size_t>(partition)].size());
    return size - group.partitions[static_cast<std::size_t>(partition)].committed;
}

} // namespace eventloom
