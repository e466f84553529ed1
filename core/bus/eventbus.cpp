#include "eventbus.h"

#include "partitioner.h"

#include <algorithm>
#include <string>

namespace eventloom {

EventBus::EventBus(Scheduler& scheduler, EventLog& log, DeliveryHost& host)
    : m_scheduler(scheduler)
    , m_log(log)
    , m_host(host)
    , m_versionField(log.atoms().intern("entityVersion"))
{
}

EventBus::EventBus(const EventBus& other, Scheduler& scheduler, EventLog& log, DeliveryHost& host)
    : m_scheduler(scheduler)
    , m_log(log)
    , m_host(host)
    , m_topics(other.m_topics)
    , m_groups(other.m_groups)
    , m_deadLetters(other.m_deadLetters)
    , m_retrying(other.m_retrying)
    , m_blockedWaits(other.m_blockedWaits)
    , m_plainProducers(other.m_plainProducers)
    , m_versionField(other.m_versionField)
    , m_versioned(other.m_versioned)
    , m_started(other.m_started)
{
}

std::uint16_t EventBus::addTopic(Atom name, std::int32_t partitions, SimTime latency, SimTime retention)
{
    Topic topic;
    topic.name = name;
    topic.latency = latency;
    topic.retention = std::max<SimTime>(0, retention);
    topic.logs.resize(static_cast<std::size_t>(std::max(1, partitions)));
    topic.arrived.assign(topic.logs.size(), 0);
    topic.logStart.assign(topic.logs.size(), 0);
    m_topics.push_back(std::move(topic));
    return static_cast<std::uint16_t>(m_topics.size() - 1);
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
    event.publishTime = m_host.now(); // later than it was sent if its produce request was retried
    partitionLog.push_back(seq);
    if (!m_versioned && !m_log.field(event, m_versionField).isNull()) [[unlikely]]
        m_versioned = true;

    TraceRecord r;
    r.t = m_host.now();
    r.kind = TraceKind::Published;
    r.message = seq;
    r.topic = event.topic;
    r.partition = event.partition;
    r.offset = event.offset;
    m_host.emit(r);
    m_scheduler.push(addTime(r.t, topic.latency), ItemKind::Arrival, event.topic,
        static_cast<std::uint64_t>(event.offset), static_cast<std::uint32_t>(event.partition));
    if (topic.retention > 0 && topic.retentionCheckAt < 0) [[unlikely]]
        scheduleRetention(event.topic, addTime(event.publishTime, topic.retention));
    if (m_faults)
        m_faults->published(seq);
}

void EventBus::setIdempotentProducer(std::uint16_t producer, bool on)
{
    if (m_plainProducers.size() <= producer)
        m_plainProducers.resize(producer + 1u, 0);
    m_plainProducers[producer] = on ? 0 : 1;
}

void EventBus::produce(std::uint32_t seq, std::uint16_t producer)
{
    if (m_faults == nullptr && m_retrying.empty()) [[likely]] {
        publish(seq);
        return;
    }
    auto& event = const_cast<Event&>(m_log.at(seq));
    if (event.partition < 0 || event.partition >= m_topics[event.topic].partitionCount())
        event.partition = partitionFor(event.topic, event.key);
    for (Retrying& blocked : m_retrying)
        if (blocked.producer == producer && blocked.topic == event.topic && blocked.partition == event.partition) {
            blocked.waiting.push_back(seq); // sent after the retried one: the broker takes it after, in order
            return;
        }
    const ProduceDecision decision = m_faults ? m_faults->produce(producer, event) : ProduceDecision {};
    if (decision.backoff <= 0) {
        publish(seq);
        return;
    }
    TraceRecord r;
    r.t = m_host.now();
    r.kind = TraceKind::ProduceRetried;
    r.message = seq;
    r.service = producer;
    r.topic = event.topic;
    r.partition = event.partition;
    r.aux = decision.backoff;
    r.attempt = 1;
    r.detail = decision.reason;
    m_host.emit(r);
    ++m_topics[event.topic].produceRetries;
    if (idempotentProducer(producer))
        m_retrying.push_back({ producer, event.topic, event.partition, seq, {} });
    m_scheduler.push(addTime(r.t, decision.backoff), ItemKind::ProduceDue, seq, producer);
}

void EventBus::onProduceDue(const ScheduledItem& item)
{
    const auto seq = static_cast<std::uint32_t>(item.a);
    publish(seq);
    const auto blocked
        = std::find_if(m_retrying.begin(), m_retrying.end(), [seq](const Retrying& r) { return r.seq == seq; });
    if (blocked == m_retrying.end())
        return;
    const std::vector<std::uint32_t> waiting = std::move(blocked->waiting);
    m_retrying.erase(blocked);
    for (const std::uint32_t next : waiting)
        publish(next);
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
    while (!cursor.busy && cursor.owner >= 0
        && group.inFlight[static_cast<std::size_t>(cursor.owner)] < group.maxInFlight) {
        if (cursor.next < topic.logStart[static_cast<std::size_t>(partition)] && cursor.repeat < 0
            && cursor.batch.order.empty()) [[unlikely]]
            outOfRange(groupIndex, partition);
        std::int64_t offset = cursor.next;
        bool fresh = false;
        bool copy = false;
        if (cursor.repeat >= 0) { // a duplicate copy of the record just handled
            offset = cursor.repeat;
            cursor.repeat = -1;
            copy = true;
        } else if (!cursor.batch.order.empty()) { // the rest of a reordered window
            offset = cursor.batch.order.front();
            cursor.batch.order.erase(cursor.batch.order.begin());
        } else if (cursor.next < topic.arrived[static_cast<std::size_t>(partition)]) {
            fresh = true;
        } else {
            break;
        }
        cursor.busy = true;
        ++group.inFlight[static_cast<std::size_t>(cursor.owner)];
        if (fresh) {
            cursor.next = offset + 1;
            if (m_faults) {
                const std::uint32_t message
                    = topic.logs[static_cast<std::size_t>(partition)][static_cast<std::size_t>(offset)];
                const DueDelivery due { groupIndex, partition, offset, message,
                    topic.arrived[static_cast<std::size_t>(partition)] - offset };
                DeliveryDecision decision = m_faults->decide(due, group, m_log.at(message));
                if (decision.action != DeliveryDecision::Action::Deliver) {
                    if (applyDecision(groupIndex, partition, offset, decision))
                        continue;
                    return;
                }
            }
        }
        if (deliver(groupIndex, partition, offset, copy))
            return;
    }
}

std::uint16_t& EventBus::attemptSlot(PartitionCursor& cursor, std::int64_t offset)
{
    while (cursor.highWater <= offset) {
        cursor.attempts.push(0);
        ++cursor.highWater;
    }
    return cursor.attempts[static_cast<std::size_t>(offset - cursor.committed)];
}

// The delivery path is split into steps that faults reuse; inlined, the plain path costs what it did in one piece.
[[gnu::always_inline]] inline bool EventBus::deliver(
    std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset, bool quiet)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    const std::uint32_t message
        = m_topics[group.topic].logs[static_cast<std::size_t>(partition)][static_cast<std::size_t>(offset)];
    std::uint16_t attempt = 1;
    if (offset >= cursor.highWater) [[likely]] {
        while (cursor.highWater < offset) { // skipped by a fault, never delivered
            cursor.attempts.push(0);
            ++cursor.highWater;
        }
        cursor.attempts.push(1);
        cursor.highWater = offset + 1;
    } else {
        std::uint16_t& count = cursor.attempts[static_cast<std::size_t>(offset - cursor.committed)];
        if (count < UINT16_MAX) [[likely]] // a blocked record is read again without end
            ++count;
        attempt = count;
    }
    // Quiet: a duplicate copy or a retry; their own records (duplicated, retried) say why it comes again.
    if (attempt > 1 && !quiet) {
        TraceRecord again = record(TraceKind::Redelivered, groupIndex, partition, offset, message);
        again.attempt = attempt;
        m_host.emit(again);
    }
    TraceRecord delivered = record(TraceKind::Delivered, groupIndex, partition, offset, message);
    delivered.attempt = attempt;
    m_host.emit(delivered);
    // Another tenant's event: the consumer reads its envelope and passes it over (handleOne says so), at once.
    if (!group.policy.tenants.empty() && !group.policy.handlesTenant(m_log.at(message).tenant)) [[unlikely]] {
        finish(groupIndex, partition, offset);
        return false;
    }

    m_host.begin(group.service, static_cast<std::uint16_t>(cursor.owner), message);
    const SimTime processing = m_host.processingTime(group.service);
    if (processing > 0) {
        ItemKind done = ItemKind::HandleDone;
        if (cursor.blockedAt == offset) [[unlikely]] { // another try at the record the group is blocked on
            done = ItemKind::BlockedHandleDone;
            ++m_blockedWaits;
        }
        m_scheduler.push(addTime(m_host.now(), processing), done, groupIndex, static_cast<std::uint64_t>(offset),
            static_cast<std::uint32_t>(partition), cursor.epoch);
        return true;
    }
    finish(groupIndex, partition, offset);
    return false;
}

void EventBus::pumpMember(std::uint16_t groupIndex, std::uint16_t instance)
{
    ConsumerGroup& group = m_groups[groupIndex];
    const Topic& topic = m_topics[group.topic];
    for (std::size_t p = 0; p < group.partitions.size(); ++p) {
        // pump() itself would find nothing to do: the partition is busy, the member is full, or there
        // is no record to read, no copy to repeat, no reordered rest and no log start to catch up with.
        const PartitionCursor& cursor = group.partitions[p];
        if (cursor.owner != instance || cursor.busy || group.inFlight[instance] >= group.maxInFlight
            || (cursor.next >= topic.arrived[p] && cursor.next >= topic.logStart[p] && cursor.repeat < 0
                && cursor.batch.order.empty()))
            continue;
        pump(groupIndex, static_cast<std::int32_t>(p));
    }
}

[[gnu::always_inline]] inline HandleResult EventBus::handleOne(
    std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset, std::uint32_t message)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    TraceRecord handled = record(TraceKind::Handled, groupIndex, partition, offset, message);
    handled.attempt
        = cursor.attempts[static_cast<std::size_t>(offset - cursor.committed)]; // delivered, so in the window
    HandleResult result { HandleOutcome::None, 0 };
    if (!group.policy.tenants.empty()) [[unlikely]] {
        const Atom tenant = m_log.at(message).tenant;
        if (!group.policy.handlesTenant(tenant))
            result = { HandleOutcome::SkippedTenant, tenant };
    }
    if (m_faults && result.outcome == HandleOutcome::None) [[unlikely]]
        result = m_faults->intercept(groupIndex, group, message);
    if (result.outcome == HandleOutcome::None)
        result = m_host.handle(group.service, static_cast<std::uint16_t>(cursor.owner), message, &group.policy);
    handled.outcome = result.outcome;
    handled.detail = result.reason;
    m_host.emit(handled);

    const Atom key = m_log.at(message).key;
    const std::int64_t version = m_versioned && key != 0 ? entityVersion(message) : 0;
    if (version > 0) [[unlikely]] {
        // An entity's events handled out of their version order; a redelivery (attempt > 1) is a repeat, not that.
        std::int64_t& last = cursor.versions[key];
        if (version < last && handled.attempt <= 1) {
            TraceRecord violation = record(TraceKind::OrderViolation, groupIndex, partition, offset, message);
            violation.aux = last;
            m_host.emit(violation);
            ++group.orderViolations;
        }
        last = std::max(last, version);
    } else if (cursor.batch.active() && key != 0) [[unlikely]] {
        // No version to go by: a reordered window's order is judged by offsets.
        for (const auto& [otherKey, otherOffset] : cursor.batch.handled)
            if (otherKey == key && otherOffset > offset) {
                TraceRecord violation = record(TraceKind::OrderViolation, groupIndex, partition, offset, message);
                violation.aux = m_topics[group.topic]
                                    .logs[static_cast<std::size_t>(partition)][static_cast<std::size_t>(otherOffset)];
                m_host.emit(violation);
                ++group.orderViolations;
                break;
            }
        cursor.batch.handled.emplace_back(key, offset);
    }
    return result;
}

void EventBus::finish(std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    const auto owner = static_cast<std::uint16_t>(cursor.owner);
    const std::uint32_t message
        = m_topics[group.topic].logs[static_cast<std::size_t>(partition)][static_cast<std::size_t>(offset)];
    if (group.policy.sequenceAware && m_versioned && park(groupIndex, partition, offset, message)) [[unlikely]] {
        cursor.busy = false;
        --group.inFlight[owner];
        advance(groupIndex, partition, offset); // the partition reads on; the commit stops before what is parked
        return;
    }
    const std::uint32_t epoch = cursor.epoch;
    const HandleResult result = handleOne(groupIndex, partition, offset, message);
    if (cursor.epoch != epoch) [[unlikely]]
        return; // the handler crashed the service (crash,point=between-writes): the crash reset the cursor
    cursor.busy = false;
    --group.inFlight[owner];
    if (result.outcome == HandleOutcome::Failed && failed(groupIndex, partition, offset, message, result.reason))
        [[unlikely]]
        return;
    if (cursor.copies > 0) [[unlikely]] {
        --cursor.copies;
        cursor.repeat = offset;
        return;
    }
    advance(groupIndex, partition, offset);
    if (!cursor.parked.empty()) [[unlikely]]
        handleParked(groupIndex, partition, m_log.at(message).key);
}

bool EventBus::failed(
    std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset, std::uint32_t message, Atom reason)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    const SubscriptionPolicy& policy = group.policy;
    const std::uint16_t attempt = attemptSlot(cursor, offset);
    const bool block = policy.onFailure == OnFailure::Block;
    if (attempt <= policy.retries || block) {
        // Retry after a backoff: the partition waits (in order), the message is delivered again. Blocked,
        // it never stops: the backoff grows to maxBackoff, so a run with a blocked partition stays bounded.
        double backoff = static_cast<double>(policy.backoff);
        for (std::uint16_t i = 1; i < attempt && backoff < static_cast<double>(policy.maxBackoff); ++i)
            backoff *= policy.multiplier;
        TraceRecord retried = record(TraceKind::Retried, groupIndex, partition, offset, message);
        retried.attempt = attempt;
        retried.aux = std::min(durationFromDouble(backoff), policy.maxBackoff); // multiplier^count can be huge
        retried.detail = reason;
        m_host.emit(retried);
        const bool blocked = block && attempt > policy.retries;
        if (blocked) {
            cursor.blockedAt = offset;
            ++m_blockedWaits;
        }
        cursor.busy = true;
        ++group.inFlight[static_cast<std::size_t>(cursor.owner)];
        m_scheduler.push(addTime(m_host.now(), retried.aux),
            blocked ? ItemKind::BlockedRetryDue : ItemKind::DeliveryDue, groupIndex, static_cast<std::uint64_t>(offset),
            static_cast<std::uint32_t>(partition), cursor.epoch);
        return true;
    }
    if (policy.onFailure == OnFailure::Skip) {
        ++group.skipped; // nothing is traced: the offset moves on as if it had been handled
        return false;
    }
    const std::uint32_t copy = m_host.copyToTopic(message, group.deadLetterTopic);
    TraceRecord dead = record(TraceKind::DeadLettered, groupIndex, partition, offset, message);
    dead.attempt = attempt;
    dead.aux = copy == kNoMessage ? -1 : static_cast<std::int64_t>(copy);
    dead.detail = reason;
    m_host.emit(dead);
    m_deadLetters.push_back({ message, copy, groupIndex, attempt, reason, m_host.now() });
    ++group.deadLettered;
    cursor.copies = 0;
    return false;
}

std::int64_t EventBus::entityVersion(std::uint32_t message) const
{
    const Value v = m_log.field(m_log.at(message), m_versionField);
    return v.type == Value::Type::Int && v.i > 0 ? v.i : 0;
}

bool EventBus::park(std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset, std::uint32_t message)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    const Atom key = m_log.at(message).key;
    const std::int64_t version = key == 0 ? 0 : entityVersion(message);
    if (version <= 0)
        return false;
    const auto last = cursor.versions.find(key);
    const std::int64_t expected = (last == cursor.versions.end() ? 0 : last->second) + 1;
    if (version <= expected)
        return false; // its turn, or a repeat of one handled already (handled as such)
    TraceRecord r = record(TraceKind::Parked, groupIndex, partition, offset, message);
    r.aux = expected;
    m_host.emit(r);
    cursor.parked.push_back({ key, version, offset, message });
    ++group.parked;
    m_scheduler.push(addTime(m_host.now(), group.policy.parkTimeout), ItemKind::ParkExpired, groupIndex,
        static_cast<std::uint64_t>(offset), static_cast<std::uint32_t>(partition), cursor.epoch);
    return true;
}

void EventBus::handleParked(std::uint16_t groupIndex, std::int32_t partition, Atom key)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    // Parked events were processed already; those whose turn has come are handled now, in version order.
    for (;;) {
        const std::int64_t expected = cursor.versions[key] + 1;
        const auto next = std::find_if(cursor.parked.begin(), cursor.parked.end(),
            [&](const PartitionCursor::Parked& p) { return p.key == key && p.version <= expected; });
        if (next == cursor.parked.end())
            break;
        const PartitionCursor::Parked released = *next;
        cursor.parked.erase(next);
        const std::uint32_t epoch = cursor.epoch;
        handleOne(groupIndex, partition, released.offset, released.message);
        if (cursor.epoch != epoch)
            return; // the handler crashed the service (crash,point=between-writes): the crash reset the cursor
    }
    scheduleCommit(groupIndex, partition, cursor.processed);
}

void EventBus::onParkExpired(const ScheduledItem& item)
{
    const auto groupIndex = static_cast<std::uint16_t>(item.a);
    const auto partition = static_cast<std::int32_t>(item.c);
    PartitionCursor& cursor = m_groups[groupIndex].partitions[item.c];
    if (cursor.epoch != item.epoch)
        return; // crashed or revoked meanwhile: the parked event was forgotten, and is read again
    const auto offset = static_cast<std::int64_t>(item.b);
    const auto parked = std::find_if(cursor.parked.begin(), cursor.parked.end(),
        [offset](const PartitionCursor::Parked& p) { return p.offset == offset; });
    if (parked == cursor.parked.end())
        return; // released when its predecessor came
    // The predecessor never came (lost, or before where this group started reading): stop waiting for it.
    std::int64_t& last = cursor.versions[parked->key];
    TraceRecord gap = record(TraceKind::GapSkipped, groupIndex, partition, offset, parked->message);
    gap.aux = last + 1;
    m_host.emit(gap);
    ++m_groups[groupIndex].gapsSkipped;
    last = parked->version - 1;
    handleParked(groupIndex, partition, parked->key);
}

[[gnu::always_inline]] inline void EventBus::advance(
    std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset)
{
    PartitionCursor& cursor = m_groups[groupIndex].partitions[static_cast<std::size_t>(partition)];
    if (cursor.batch.active() && offset >= cursor.batch.start && offset < cursor.batch.end) [[unlikely]] {
        // A reordered window commits as a whole, so a crash inside it loses nothing.
        if (--cursor.batch.left > 0)
            return;
        const std::int64_t end = cursor.batch.end;
        resetFaultState(cursor);
        cursor.processed = end;
        scheduleCommit(groupIndex, partition, end);
        return;
    }
    if (cursor.blockedAt >= 0 && offset >= cursor.blockedAt) [[unlikely]]
        cursor.blockedAt = -1; // handled at last (a fix deployed, a fault ended)
    cursor.processed = offset + 1;
    scheduleCommit(groupIndex, partition, offset + 1);
}

[[gnu::always_inline]] inline void EventBus::scheduleCommit(
    std::uint16_t groupIndex, std::int32_t partition, std::int64_t next)
{
    const ConsumerGroup& group = m_groups[groupIndex];
    if (group.commitDelay == 0)
        commit(groupIndex, partition, next);
    else
        m_scheduler.push(addTime(m_host.now(), group.commitDelay), ItemKind::CommitDue, groupIndex,
            static_cast<std::uint64_t>(next), static_cast<std::uint32_t>(partition),
            group.partitions[static_cast<std::size_t>(partition)].epoch);
}

void EventBus::resetFaultState(PartitionCursor& cursor)
{
    cursor.copies = 0;
    cursor.repeat = -1;
    cursor.batch.start = cursor.batch.end = -1;
    cursor.batch.left = 0;
    cursor.batch.order.clear();
    cursor.batch.handled.clear();
}

bool EventBus::applyDecision(
    std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset, DeliveryDecision& decision)
{
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    const std::uint32_t message
        = m_topics[group.topic].logs[static_cast<std::size_t>(partition)][static_cast<std::size_t>(offset)];
    const auto owner = static_cast<std::size_t>(cursor.owner);
    TraceRecord r = record(TraceKind::Dropped, groupIndex, partition, offset, message);
    r.detail = decision.reason;
    switch (decision.action) {
    case DeliveryDecision::Action::Deliver:
        return !deliver(groupIndex, partition, offset, false);
    case DeliveryDecision::Action::Drop:
        m_host.emit(r);
        attemptSlot(cursor, offset);
        cursor.busy = false;
        --group.inFlight[owner];
        advance(groupIndex, partition, offset);
        return true;
    case DeliveryDecision::Action::Duplicate:
        r.kind = TraceKind::Duplicated;
        r.aux = decision.copies;
        m_host.emit(r);
        cursor.copies = decision.copies;
        return !deliver(groupIndex, partition, offset, false);
    case DeliveryDecision::Action::Delay:
        r.kind = TraceKind::Delayed;
        r.aux = decision.delay;
        m_host.emit(r);
        m_scheduler.push(addTime(m_host.now(), decision.delay), ItemKind::DeliveryDue, groupIndex,
            static_cast<std::uint64_t>(offset), static_cast<std::uint32_t>(partition), cursor.epoch);
        return false;
    case DeliveryDecision::Action::Reorder: {
        r.kind = TraceKind::Reordered;
        r.aux = static_cast<std::int64_t>(decision.order.size());
        m_host.emit(r);
        const std::int64_t end = offset + static_cast<std::int64_t>(decision.order.size());
        cursor.batch.start = offset;
        cursor.batch.end = end;
        cursor.batch.left = decision.order.size();
        cursor.batch.order = std::move(decision.order);
        cursor.next = end;
        cursor.busy = false;
        --group.inFlight[owner];
        return true; // the pump takes the window's records in their new order
    }
    case DeliveryDecision::Action::Hold:
        return false; // the partition waits for resolveHeld
    }
    return false;
}

bool EventBus::resolveHeld(std::uint16_t groupIndex, std::int32_t partition, std::int64_t offset, std::uint32_t epoch,
    const DeliveryDecision& decision)
{
    if (groupIndex >= m_groups.size())
        return false;
    ConsumerGroup& group = m_groups[groupIndex];
    PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(partition)];
    if (cursor.epoch != epoch || !cursor.busy || cursor.next != offset + 1 || cursor.owner < 0)
        return false;
    DeliveryDecision d = decision;
    if (d.action == DeliveryDecision::Action::Reorder || d.action == DeliveryDecision::Action::Hold)
        d.action = DeliveryDecision::Action::Deliver;
    const auto owner = static_cast<std::uint16_t>(cursor.owner);
    if (applyDecision(groupIndex, partition, offset, d))
        pumpMember(groupIndex, owner);
    return true;
}

void EventBus::onDeliveryDue(const ScheduledItem& item)
{
    const auto groupIndex = static_cast<std::uint16_t>(item.a);
    const auto partition = static_cast<std::int32_t>(item.c);
    const PartitionCursor& cursor = m_groups[groupIndex].partitions[item.c];
    if (item.kind == ItemKind::BlockedRetryDue) [[unlikely]]
        --m_blockedWaits;
    if (cursor.epoch != item.epoch)
        return; // crashed or revoked meanwhile: the record comes again from the committed offset
    const auto owner = static_cast<std::uint16_t>(cursor.owner);
    if (!deliver(groupIndex, partition, static_cast<std::int64_t>(item.b), true))
        pumpMember(groupIndex, owner);
}

void EventBus::commit(std::uint16_t groupIndex, std::int32_t partition, std::int64_t next)
{
    PartitionCursor& cursor = m_groups[groupIndex].partitions[static_cast<std::size_t>(partition)];
    for (const PartitionCursor::Parked& p : cursor.parked)
        next = std::min(next, p.offset); // a resequencer's buffer is in memory: never commit past it
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
    if (item.kind == ItemKind::BlockedHandleDone) [[unlikely]]
        --m_blockedWaits;
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

} // namespace eventloom
