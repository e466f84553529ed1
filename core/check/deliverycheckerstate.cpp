#include "deliverycheckerstate.h"

#include "../bus/eventlog.h"

#include <algorithm>

namespace eventloom {

namespace {
/// Partitions past this are not a run's (scenarios allow far fewer): such a record is not followed.
constexpr std::int32_t kMaxPartitions = 1 << 16;

/// A finding's candidate example: a group's unsettled offset, ordered as the trace orders `published`
/// records (and groups by index for the same record).
struct Example {
    std::uint64_t position = 0;
    std::uint16_t group = 0;
    const PublishedIndex* index = nullptr;
    std::int64_t offset = 0;
    bool operator<(const Example& o) const { return position != o.position ? position < o.position : group < o.group; }
};

void keepFirst(DeliveryChecker::Finding& finding, std::vector<Example>& examples)
{
    const std::size_t n = std::min(examples.size(), DeliveryChecker::kExamples);
    std::partial_sort(examples.begin(), examples.begin() + static_cast<std::ptrdiff_t>(n), examples.end());
    for (std::size_t i = 0; i < n; ++i) {
        TraceRecord r = examples[i].index->record(examples[i].offset);
        r.group = examples[i].group; // which group lost it, or has yet to handle it
        finding.first.push_back(r);
        finding.positions.push_back(examples[i].position);
    }
}
}

std::size_t DeliveryChecker::State::GroupPartition::entries() const
{
    return settled.rangeCount() + expired.rangeCount() + duplicated.rangeCount() + handled.rangeCount() + newest.size();
}

std::size_t DeliveryChecker::State::GroupPartition::bytes() const
{
    return sizeof(GroupPartition) + settled.bytes() + expired.bytes() + duplicated.bytes() + handled.bytes()
        + newest.bucket_count() * sizeof(void*) + newest.size() * (sizeof(std::pair<Atom, std::int64_t>) + 16);
}

DeliveryChecker::State::GroupPartition* DeliveryChecker::State::groupPartition(
    std::uint16_t group, std::int32_t partition)
{
    if (group == kNoIndex || partition < 0 || partition >= kMaxPartitions)
        return nullptr;
    if (groups.size() <= group)
        groups.resize(group + 1u);
    std::vector<GroupPartition>& partitions = groups[group].partitions;
    if (partitions.size() <= static_cast<std::size_t>(partition))
        partitions.resize(static_cast<std::size_t>(partition) + 1);
    return &partitions[static_cast<std::size_t>(partition)];
}

PublishedIndex* DeliveryChecker::State::index(std::uint16_t topic, std::int32_t partition)
{
    if (topic == kNoIndex || partition < 0 || partition >= kMaxPartitions)
        return nullptr;
    if (topics.size() <= topic)
        topics.resize(topic + 1u);
    Topic& t = topics[topic];
    if (t.partitions.size() <= static_cast<std::size_t>(partition)) {
        t.partitions.resize(static_cast<std::size_t>(partition) + 1);
        t.logStart.resize(t.partitions.size(), 0);
    }
    return &t.partitions[static_cast<std::size_t>(partition)];
}

const PublishedIndex* DeliveryChecker::State::index(std::uint16_t topic, std::int32_t partition) const
{
    if (topic >= topics.size() || partition < 0
        || static_cast<std::size_t>(partition) >= topics[topic].partitions.size())
        return nullptr;
    return &topics[topic].partitions[static_cast<std::size_t>(partition)];
}

std::int64_t DeliveryChecker::State::logStart(std::uint16_t topic, std::int32_t partition) const
{
    return index(topic, partition) ? topics[topic].logStart[static_cast<std::size_t>(partition)] : 0;
}

void DeliveryChecker::State::add(const TraceRecord& r, const EventLog& log)
{
    const std::uint64_t at = position++;
    switch (r.kind) {
    case TraceKind::Published:
        if (PublishedIndex* published = index(r.topic, r.partition))
            published->append(r, at);
        break;
    case TraceKind::Rebalanced:
        if (r.group != kNoIndex) {
            if (groups.size() <= r.group)
                groups.resize(r.group + 1u);
            if (groups[r.group].topic == kNoIndex)
                groups[r.group].topic = r.topic; // the topic it reads, from its first rebalance on
        }
        if (GroupPartition* gp = groupPartition(r.group, r.partition); gp && !gp->started) {
            gp->started = true;
            gp->start = r.offset;
        }
        break;
    case TraceKind::Delivered:
        if (r.topic == kNoIndex)
            break;
        // Again after it was handled (a redelivery or a duplicate); a retry of a failure is not one.
        if (GroupPartition* gp = groupPartition(r.group, r.partition);
            gp && gp->settled.contains(r.offset) && gp->duplicated.insert(r.offset))
            report.duplicateDeliveries.note(r, at);
        break;
    case TraceKind::Handled:
        if (r.topic != kNoIndex && DeliveryChecker::settles(r.outcome))
            handled(r, log, at);
        break;
    case TraceKind::Dropped:
    case TraceKind::DeadLettered:
        if (GroupPartition* gp = groupPartition(r.group, r.partition))
            gp->settled.insert(r.offset);
        break;
    case TraceKind::DuplicateEffect:
        report.duplicateEffects.note(r, at);
        break;
    case TraceKind::Retention:
        retention(r);
        break;
    case TraceKind::OffsetReset:
        offsetReset(r);
        break;
    case TraceKind::Committed:
        if (GroupPartition* gp = groupPartition(r.group, r.partition)) {
            if (gp->hasCommitted && r.offset < gp->committed)
                report.nonMonotonicOffsets.note(r, at);
            gp->committed = gp->hasCommitted ? std::max(gp->committed, r.offset) : r.offset;
            gp->hasCommitted = true;
        }
        break;
    default:
        break;
    }
}

void DeliveryChecker::State::handled(const TraceRecord& r, const EventLog& log, std::uint64_t at)
{
    GroupPartition* gp = groupPartition(r.group, r.partition);
    if (!gp || !gp->settled.insert(r.offset))
        return; // handled before: its order was judged then
    const Atom key = r.message < log.size() ? log.at(r.message).key : 0;
    if (key != 0)
        orderChecked(*gp, r, key, log, at);
    if (!gp->keyed) {
        gp->handled.insert(r.offset);
        gp->newestOffset = std::max(gp->newestOffset, r.offset);
    }
}

void DeliveryChecker::State::orderChecked(
    GroupPartition& gp, const TraceRecord& r, Atom key, const EventLog& log, std::uint64_t at)
{
    // An entity's order is its events' entityVersion where they carry one (a producer's retry can append
    // them out of order); otherwise the order they were appended in, their offsets.
    if (versionField == 0)
        versionField = log.atoms().find("entityVersion");
    const auto positionOf = [&](const Event& e, std::int64_t offset) {
        const Value version = versionField == 0 ? Value() : log.field(e, versionField);
        return version.type == Value::Type::Int ? std::pair { version.i, true } : std::pair { offset, false };
    };
    const PublishedIndex* published = index(r.topic, r.partition);
    const auto keyAt = [&](std::int64_t offset) -> const Event* {
        if (!published || offset >= published->end() || published->message(offset) >= log.size())
            return nullptr;
        return &log.at(published->message(offset));
    };
    const auto [position, versioned] = positionOf(log.at(r.message), r.offset);
    if (!gp.keyed && versioned) {
        // Versions are not in offset order: from now on, the newest position per key. What was handled since
        // the last reset is folded in, each key's newest.
        for (const auto& [begin, end] : gp.handled.ranges())
            for (std::int64_t o = begin; o < end; ++o)
                if (const Event* e = keyAt(o); e && e->key != 0) {
                    const std::int64_t p = positionOf(*e, o).first;
                    auto [it, inserted] = gp.newest.try_emplace(e->key, p);
                    if (!inserted)
                        it->second = std::max(it->second, p);
                }
        gp.handled.clear();
        gp.keyed = true;
    }
    if (gp.keyed) {
        auto [it, inserted] = gp.newest.try_emplace(key, position);
        if (!inserted) {
            if (position < it->second)
                report.orderViolations.note(r, at);
            else
                it->second = position;
        }
        return;
    }
    // By offsets: out of order only behind the newest handled offset, and only if one past it has this key.
    if (r.offset < gp.newestOffset
        && gp.handled.anyRangeIn(r.offset + 1, gp.newestOffset + 1, [&](std::int64_t begin, std::int64_t end) {
               for (std::int64_t o = begin; o < end; ++o)
                   if (const Event* e = keyAt(o); e && e->key == key)
                       return true;
               return false;
           }))
        report.orderViolations.note(r, at);
}

void DeliveryChecker::State::retention(const TraceRecord& r)
{
    // What a group had neither handled nor committed past is deleted unread; past its committed offset
    // unhandled, it was lost before retention came.
    const PublishedIndex* published = index(r.topic, r.partition);
    if (!published)
        return;
    topics[r.topic].logStart[static_cast<std::size_t>(r.partition)] = r.offset;
    const std::int64_t to = std::min(r.offset, published->end());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].topic != r.topic)
            continue;
        GroupPartition* gp = groupPartition(static_cast<std::uint16_t>(g), r.partition);
        const std::int64_t from = std::max(r.aux, gp->hasCommitted ? gp->committed : 0);
        gp->settled.forEachGap(from, to, [&](std::int64_t a, std::int64_t b) { gp->expired.insert(a, b); });
    }
}

void DeliveryChecker::State::offsetReset(const TraceRecord& r)
{
    // Asked for, not a broken guarantee: the committed offset moves either way. A replay hands the group
    // again what it had settled (not duplicate deliveries; their effects still count); a skip passes over
    // what it had not (not lost), except what retention deleted (expired). A group's first record may be
    // this one (a late group starting at the log start): it starts at 0.
    GroupPartition* gp = groupPartition(r.group, r.partition);
    if (!gp)
        return;
    if (!gp->started) {
        gp->started = true;
        gp->start = r.aux;
    }
    gp->hasCommitted = true;
    gp->committed = r.offset;
    const PublishedIndex* published = index(r.topic, r.partition);
    const std::int64_t end = published ? published->end() : 0;
    const std::int64_t firstKept = logStart(r.topic, r.partition);
    gp->settled.eraseFrom(std::min(r.offset, end));
    gp->duplicated.eraseFrom(std::min(r.offset, end));
    const std::int64_t skipTo = std::min(r.offset, end);
    gp->settled.forEachGap(
        r.aux, std::min(skipTo, firstKept), [&](std::int64_t a, std::int64_t b) { gp->expired.insert(a, b); });
    gp->settled.insert(std::max(r.aux, firstKept), skipTo);
    gp->handled.clear(); // it reads the history again: its order starts over
    gp->newestOffset = -1;
    gp->keyed = false;
    gp->newest.clear();
}

DeliveryChecker::Report DeliveryChecker::State::finish() const
{
    Report out = report;
    std::vector<Example> lost, unfinished, expired;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const Group& group = groups[g];
        if (group.topic >= topics.size())
            continue;
        const Topic& topic = topics[group.topic];
        for (std::size_t p = 0; p < topic.partitions.size() && p < group.partitions.size(); ++p) {
            const GroupPartition& gp = group.partitions[p];
            const PublishedIndex& published = topic.partitions[p];
            if (!gp.started)
                continue;
            std::size_t taken[3] = { 0, 0, 0 };
            const auto take
                = [&](Finding& f, std::vector<Example>& examples, std::size_t& n, std::int64_t a, std::int64_t b) {
                      f.count += static_cast<std::uint64_t>(b - a);
                      for (std::int64_t o = a; o < b && n < kExamples; ++o, ++n)
                          examples.push_back({ published.position(o), static_cast<std::uint16_t>(g), &published, o });
                  };
            // What it has not settled, from where it started: expired, lost (committed past) or unfinished.
            gp.settled.forEachGap(
                std::max<std::int64_t>(gp.start, 0), published.end(), [&](std::int64_t a, std::int64_t b) {
                    gp.expired.anyRangeIn(a, b, [&](std::int64_t x, std::int64_t y) {
                        take(out.expired, expired, taken[2], x, y);
                        return false;
                    });
                    gp.expired.forEachGap(a, b, [&](std::int64_t x, std::int64_t y) {
                        const std::int64_t committed = gp.hasCommitted ? std::clamp(gp.committed, x, y) : x;
                        take(out.lost, lost, taken[0], x, committed);
                        take(out.unfinished, unfinished, taken[1], committed, y);
                    });
                });
        }
    }
    keepFirst(out.lost, lost);
    keepFirst(out.unfinished, unfinished);
    keepFirst(out.expired, expired);
    return out;
}

std::size_t DeliveryChecker::State::heldEntries() const
{
    std::size_t n = 0;
    for (const Group& group : groups)
        for (const GroupPartition& gp : group.partitions)
            n += gp.entries();
    return n;
}

std::size_t DeliveryChecker::State::heldBytes() const
{
    std::size_t n = sizeof(State) + groups.capacity() * sizeof(Group) + topics.capacity() * sizeof(Topic);
    for (const Group& group : groups)
        for (const GroupPartition& gp : group.partitions)
            n += gp.bytes();
    for (const Topic& topic : topics)
        for (const PublishedIndex& published : topic.partitions)
            n += published.bytes() + sizeof(std::int64_t);
    return n;
}

} // namespace eventloom
