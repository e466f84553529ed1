#pragma once

#include "deliverychecker.h"
#include "offsetranges.h"
#include "publishedindex.h"

#include <unordered_map>

namespace eventloom {

/// What the delivery checker keeps while it reads a trace: per topic partition, its `published` records
/// indexed by offset (PublishedIndex); per consumer group and partition, the offsets it has settled
/// (handled, dropped or dead-lettered), found expired, delivered again and handled since its last reset,
/// each as OffsetRanges — a frontier and what lies out of order behind or past it, not one entry per
/// record. Its report is counted from the ranges when asked, so asking mid-run costs what is out of order.
struct DeliveryChecker::State {
    /// One consumer group on one partition of its topic.
    struct GroupPartition {
        bool started = false; ///< where it began reading is known
        std::int64_t start = 0;
        bool hasCommitted = false;
        std::int64_t committed = 0; ///< the highest offset it committed (or was reset to)
        OffsetRanges settled;
        OffsetRanges expired; ///< deleted by retention before it read them
        OffsetRanges duplicated; ///< delivered again after it settled them (each counted once)
        /// For order violations among events without an `entityVersion`: what it handled first since its
        /// last reset; an event handled behind `newestOffset` is checked against the keys of those past it.
        OffsetRanges handled;
        std::int64_t newestOffset = -1;
        /// Once it handles an event that carries an `entityVersion`: the newest position per key (version,
        /// or offset), as the engine's own per-key versions; `handled` is folded into it.
        bool keyed = false;
        std::unordered_map<Atom, std::int64_t> newest; ///< looked up only, never iterated into output

        std::size_t entries() const;
        std::size_t bytes() const;
    };
    struct Group {
        std::uint16_t topic = kNoIndex; ///< from its first `rebalanced` record
        std::vector<GroupPartition> partitions;
    };
    struct Topic {
        std::vector<PublishedIndex> partitions;
        std::vector<std::int64_t> logStart; ///< per partition, from `retention` records (0 before)
    };

    Report report;
    std::vector<Group> groups;
    std::vector<Topic> topics;
    Atom versionField = 0;
    std::uint64_t position = 0; ///< records added so far

    void add(const TraceRecord& r, const EventLog& log);
    Report finish() const;
    std::size_t heldEntries() const;
    std::size_t heldBytes() const;

private:
    GroupPartition* groupPartition(std::uint16_t group, std::int32_t partition);
    PublishedIndex* index(std::uint16_t topic, std::int32_t partition);
    const PublishedIndex* index(std::uint16_t topic, std::int32_t partition) const;
    std::int64_t logStart(std::uint16_t topic, std::int32_t partition) const;
    void handled(const TraceRecord& r, const EventLog& log, std::uint64_t at);
    void orderChecked(GroupPartition& gp, const TraceRecord& r, Atom key, const EventLog& log, std::uint64_t at);
    void retention(const TraceRecord& r);
    void offsetReset(const TraceRecord& r);
};

} // namespace eventloom
