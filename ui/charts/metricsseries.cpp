#include "metricsseries.h"

#include <algorithm>
#include <cmath>

namespace eventloom {

MetricsSeries::MetricsSeries(int maxBuckets, SimTime initialWidth)
    : m_maxBuckets(std::max(2, maxBuckets + maxBuckets % 2))
    , m_initialWidth(std::max<SimTime>(1, initialWidth))
    , m_width(m_initialWidth)
{
}

void MetricsSeries::clear()
{
    *this = MetricsSeries(m_maxBuckets, m_initialWidth);
}

void MetricsSeries::append(const RunTrace& trace, const TraceGrowth& growth)
{
    noteAtoms(trace, growth);
    for (const TraceRow& row : trace.rows(growth))
        add(trace, row);
}

void MetricsSeries::noteAtoms(const RunTrace& trace, const TraceGrowth& growth)
{
    for (std::size_t i = 0; i < growth.atoms && m_completion == 0; ++i) {
        const auto atom = static_cast<Atom>(growth.firstAtom + i);
        // The completion event LatencyTracker measures to (the engine interns it first thing).
        if (trace.atomText(atom) == QLatin1String("OrderCompleted"))
            m_completion = atom;
    }
}

void MetricsSeries::add(const RunTrace& trace, const TraceRow& row)
{
    ++m_revision;
    m_end = std::max(m_end, row.time);
    m_current = bucketOf(row.time);
    switch (row.kind) {
    case TraceKind::Published:
        if (row.topic != 0) {
            const int topic = topicIndex(trace, row.topic);
            ++m_published[idx(topic)][m_current];
            published(topic, row.partition, row.offset);
        }
        [[fallthrough]];
    case TraceKind::CommandSent:
        if (row.correlation != 0) {
            const auto it = m_started.try_emplace(row.correlation, row.time).first;
            // Completion is the published event: a command of the same name (a request) does not count.
            if (row.kind == TraceKind::Published && m_completion != 0 && row.type == m_completion && it->second >= 0) {
                m_latencies[m_current].push_back(row.time - it->second);
                m_fresh[m_current] = false;
                it->second = -1; // counted once, even if the completion is published again
            }
        }
        break;
    case TraceKind::Delivered:
    case TraceKind::Handled:
    case TraceKind::Committed:
        if (row.group != 0 && row.topic != 0 && !row.command) {
            const int group = groupIndex(trace, row.group);
            const int topic = topicIndex(trace, row.topic);
            reads(group, topic);
            if (row.kind == TraceKind::Committed)
                commit(group, topic, row.partition, row.offset);
        }
        if (row.kind == TraceKind::Handled && row.outcome == HandleOutcome::SkippedDuplicate)
            ++m_duplicates[m_current].suppressed;
        break;
    case TraceKind::OffsetReset: // the group's position moved (a replay: back; a skip: to the end)
        if (row.group != 0 && row.topic != 0)
            commit(groupIndex(trace, row.group), topicIndex(trace, row.topic), row.partition, row.offset);
        break;
    case TraceKind::Redelivered:
        ++m_duplicates[m_current].delivered;
        break;
    case TraceKind::Duplicated:
        m_duplicates[m_current].delivered += static_cast<std::uint64_t>(std::max<std::int64_t>(0, row.aux));
        break;
    case TraceKind::DuplicateEffect:
        ++m_duplicates[m_current].effects;
        break;
    case TraceKind::Saga:
        if (row.phase == SagaPhase::Completed)
            ++m_sagas[m_current].completed;
        else if (row.phase == SagaPhase::Compensated)
            ++m_sagas[m_current].compensated;
        else if (row.phase == SagaPhase::Stuck)
            ++m_sagas[m_current].stuck;
        break;
    default:
        break;
    }
}

MetricsSeries::Percentiles MetricsSeries::latency(int bucket) const
{
    const std::size_t b = idx(bucket);
    if (m_fresh[b])
        return m_percentiles[b];
    Percentiles p;
    std::vector<SimTime> sorted = m_latencies[b];
    p.count = sorted.size();
    if (!sorted.empty()) {
        std::sort(sorted.begin(), sorted.end());
        // Nearest rank, as LatencyTracker::percentiles.
        const auto pick = [&](double q) {
            const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
            return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
        };
        p.p50 = pick(0.50);
        p.p95 = pick(0.95);
        p.p99 = pick(0.99);
    }
    m_percentiles[b] = p;
    m_fresh[b] = true;
    return p;
}

int MetricsSeries::topicIndex(const RunTrace& trace, Atom topic)
{
    const auto [it, added] = m_topicOf.try_emplace(topic, static_cast<int>(m_topicNames.size()));
    if (added) {
        m_topicNames << trace.atomText(topic);
        m_endOffsets.emplace_back();
        m_readers.emplace_back();
        m_published.emplace_back(m_bucketCount, 0);
    }
    return it->second;
}

int MetricsSeries::groupIndex(const RunTrace& trace, Atom group)
{
    const auto [it, added] = m_groupOf.try_emplace(group, static_cast<int>(m_groupNames.size()));
    if (added) {
        m_groupNames << trace.atomText(group);
        m_groups.emplace_back();
        m_lag.emplace_back(m_bucketCount, 0);
    }
    return it->second;
}

void MetricsSeries::reads(int group, int topic)
{
    Group& g = m_groups[idx(group)];
    if (std::find(g.topics.begin(), g.topics.end(), topic) != g.topics.end())
        return;
    // Seen reading this topic for the first time: what was published there before is behind it.
    g.topics.push_back(topic);
    m_readers[idx(topic)].push_back(group);
    if (g.committed.size() <= idx(topic))
        g.committed.resize(idx(topic) + 1);
    std::int64_t backlog = 0;
    for (const std::int64_t end : m_endOffsets[idx(topic)])
        backlog += end;
    setLag(group, g.lag + backlog);
}

void MetricsSeries::commit(int group, int topic, std::int32_t partition, std::int64_t next)
{
    if (partition < 0 || partition >= kMaxCountedPartitions || next < 0)
        return;
    std::vector<std::int64_t>& committed = m_groups[idx(group)].committed[idx(topic)];
    if (committed.size() <= idx(partition))
        committed.resize(idx(partition) + 1, 0);
    const std::int64_t before = committed[idx(partition)];
    committed[idx(partition)] = next;
    setLag(group, m_groups[idx(group)].lag - (next - before));
}

void MetricsSeries::published(int topic, std::int32_t partition, std::int64_t offset)
{
    if (partition < 0 || partition >= kMaxCountedPartitions || offset < 0)
        return;
    std::vector<std::int64_t>& ends = m_endOffsets[idx(topic)];
    if (ends.size() <= idx(partition))
        ends.resize(idx(partition) + 1, 0);
    const std::int64_t grown = offset + 1 - ends[idx(partition)];
    if (grown <= 0)
        return;
    ends[idx(partition)] = offset + 1;
    for (const int group : m_readers[idx(topic)])
        setLag(group, m_groups[idx(group)].lag + grown);
}

void MetricsSeries::setLag(int group, std::int64_t lag)
{
    m_groups[idx(group)].lag = lag;
    std::int64_t& peak = m_lag[idx(group)][m_current];
    peak = std::max(peak, lag);
}

std::size_t MetricsSeries::bucketOf(SimTime t)
{
    t = std::max<SimTime>(0, t);
    while (t / m_width >= m_maxBuckets) {
        mergePairs();
        m_width *= 2;
    }
    const auto bucket = static_cast<std::size_t>(t / m_width);
    if (bucket >= m_bucketCount)
        grow(bucket + 1);
    return bucket;
}

void MetricsSeries::grow(std::size_t count)
{
    m_bucketCount = count;
    for (auto& series : m_published)
        series.resize(count, 0);
    for (std::size_t g = 0; g < m_lag.size(); ++g)
        m_lag[g].resize(count, m_groups[g].lag); // a gauge: it stays where it was until a row moves it
    m_latencies.resize(count);
    m_percentiles.resize(count);
    m_fresh.resize(count, true); // an empty bucket's percentiles are all 0
    m_duplicates.resize(count);
    m_sagas.resize(count);
}

void MetricsSeries::mergePairs()
{
    const std::size_t n = m_bucketCount;
    const std::size_t half = (n + 1) / 2;
    // In place, front to back: bucket i is written from 2i and 2i+1, which are at or after it.
    const auto fold = [&](auto& series, auto combine) {
        for (std::size_t i = 0; i < half; ++i) {
            auto merged = series[2 * i];
            if (2 * i + 1 < n)
                merged = combine(merged, series[2 * i + 1]);
            series[i] = merged;
        }
        series.resize(half);
    };
    const auto sum = [](auto a, auto b) { return a + b; };
    const auto peak = [](auto a, auto b) { return std::max(a, b); };
    for (auto& series : m_published)
        fold(series, sum);
    for (auto& series : m_lag)
        fold(series, peak);
    fold(m_duplicates, [](Duplicates a, const Duplicates& b) {
        return Duplicates { a.delivered + b.delivered, a.suppressed + b.suppressed, a.effects + b.effects };
    });
    fold(m_sagas, [](Sagas a, const Sagas& b) {
        return Sagas { a.completed + b.completed, a.compensated + b.compensated, a.stuck + b.stuck };
    });
    for (std::size_t i = 0; i < half; ++i) {
        std::vector<SimTime> merged = std::move(m_latencies[2 * i]);
        if (2 * i + 1 < n)
            merged.insert(merged.end(), m_latencies[2 * i + 1].begin(), m_latencies[2 * i + 1].end());
        m_latencies[i] = std::move(merged);
    }
    m_latencies.resize(half);
    m_percentiles.assign(half, Percentiles {});
    m_fresh.assign(half, false);
    m_bucketCount = half;
}

} // namespace eventloom
