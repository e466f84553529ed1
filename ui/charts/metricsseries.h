#pragma once

#include "simulation/runtrace.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace eventloom {

/// The Metrics dock's data, reduced as the trace arrives: every series is kept in fixed-width buckets
/// of simulated time, and when the run outgrows `maxBuckets` buckets the width doubles and neighbours
/// merge, so a series never holds more than `maxBuckets` points however long the run is (a chart is
/// then fed a few hundred points, never the raw trace). Folding a row is O(1) (amortised) apart from
/// the groups that read the row's topic; nothing depends on wall-clock time or hashing order.
///
/// The series, per bucket:
/// - events published, per topic (in the order the topics first appear);
/// - each consumer group's lag — records published to the topics it reads that it has not committed —
///   at its highest during the bucket (a gauge: merged buckets keep the peak);
/// - end-to-end latency of the transactions completed in the bucket, as LatencyTracker defines it: from
///   the first message (published or sent) of a correlation id to its first published `OrderCompleted`;
///   p50/p95/p99 by nearest rank;
/// - duplicates: copies delivered again (a duplicate fault's extra copies, and redeliveries), copies an
///   idempotent consumer suppressed (handled `skipped-duplicate`), effects repeated (`duplicate-effect`);
/// - sagas ending completed, compensated or stuck.
class MetricsSeries {
public:
    static constexpr int kDefaultMaxBuckets = 256; ///< a point per 2–4 pixels of a dock-sized chart
    static constexpr SimTime kDefaultWidth = 10 * kMillisecond;

    struct Percentiles {
        std::uint64_t count = 0;
        SimTime p50 = 0;
        SimTime p95 = 0;
        SimTime p99 = 0;
    };
    struct Duplicates {
        std::uint64_t delivered = 0;
        std::uint64_t suppressed = 0;
        std::uint64_t effects = 0;
    };
    struct Sagas {
        std::uint64_t completed = 0;
        std::uint64_t compensated = 0;
        std::uint64_t stuck = 0;
    };

    /// `maxBuckets` must be even and at least 2; `initialWidth` at least 1 µs.
    explicit MetricsSeries(int maxBuckets = kDefaultMaxBuckets, SimTime initialWidth = kDefaultWidth);

    void clear();
    /// Folds what a batch added to `trace`: its new atoms first, then its rows in order. Atom texts are
    /// read from the trace as they are needed (a topic's or group's name, once); none are kept.
    void append(const RunTrace& trace, const TraceGrowth& growth);
    /// Folds one row of `trace`.
    void add(const RunTrace& trace, const TraceRow& row);

    int maxBuckets() const { return m_maxBuckets; }
    SimTime bucketWidth() const { return m_width; }
    /// Buckets from time 0 to the latest row's (0 before any row).
    int bucketCount() const { return static_cast<int>(m_bucketCount); }
    SimTime bucketStart(int bucket) const { return static_cast<SimTime>(bucket) * m_width; }
    /// The latest row's time.
    SimTime end() const { return m_end; }
    /// Bumped by every change, so a view can tell whether it is already showing the latest.
    std::uint64_t revision() const { return m_revision; }

    const QStringList& topics() const { return m_topicNames; }
    const QStringList& groups() const { return m_groupNames; }
    std::uint64_t published(int topic, int bucket) const { return m_published[idx(topic)][idx(bucket)]; }
    std::int64_t peakLag(int group, int bucket) const { return m_lag[idx(group)][idx(bucket)]; }
    /// The group's lag after the latest row.
    std::int64_t lagNow(int group) const { return m_groups[idx(group)].lag; }
    Percentiles latency(int bucket) const;
    const Duplicates& duplicates(int bucket) const { return m_duplicates[idx(bucket)]; }
    const Sagas& sagas(int bucket) const { return m_sagas[idx(bucket)]; }

private:
    struct Group {
        std::int64_t lag = 0;
        std::vector<int> topics; ///< the topics it has been seen reading
        std::vector<std::vector<std::int64_t>> committed; ///< [topic][partition]: the next offset to read
    };

    static std::size_t idx(int i) { return static_cast<std::size_t>(i); }
    void noteAtoms(const RunTrace& trace, const TraceGrowth& growth);
    int topicIndex(const RunTrace& trace, Atom topic);
    int groupIndex(const RunTrace& trace, Atom group);
    void reads(int group, int topic);
    void commit(int group, int topic, std::int32_t partition, std::int64_t next);
    void published(int topic, std::int32_t partition, std::int64_t offset);
    void setLag(int group, std::int64_t lag);
    std::size_t bucketOf(SimTime t);
    void grow(std::size_t count);
    void mergePairs();

    int m_maxBuckets;
    SimTime m_initialWidth;
    SimTime m_width;
    std::size_t m_bucketCount = 0;
    std::size_t m_current = 0; ///< the bucket of the row being folded
    SimTime m_end = 0;
    std::uint64_t m_revision = 0;

    Atom m_completion = 0; ///< `OrderCompleted`'s atom, once seen (0: not yet)
    std::unordered_map<Atom, int> m_topicOf; // looked up, never iterated
    std::unordered_map<Atom, int> m_groupOf; // looked up, never iterated
    QStringList m_topicNames;
    QStringList m_groupNames;
    std::vector<std::vector<std::int64_t>> m_endOffsets; ///< [topic][partition]
    std::vector<std::vector<int>> m_readers; ///< [topic]: the groups reading it
    std::vector<Group> m_groups;
    std::unordered_map<Atom, SimTime> m_started; // by correlation id; looked up, never iterated

    std::vector<std::vector<std::uint64_t>> m_published; ///< [topic][bucket]
    std::vector<std::vector<std::int64_t>> m_lag; ///< [group][bucket]
    std::vector<std::vector<SimTime>> m_latencies; ///< [bucket]: the samples, in arrival order
    mutable std::vector<Percentiles> m_percentiles; ///< [bucket], valid where m_fresh says so
    mutable std::vector<bool> m_fresh;
    std::vector<Duplicates> m_duplicates;
    std::vector<Sagas> m_sagas;
};

} // namespace eventloom
