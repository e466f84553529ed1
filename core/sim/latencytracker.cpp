#include "latencytracker.h"

#include "../bus/eventlog.h"

namespace eventloom {

void LatencyTracker::add(const TraceRecord& r, const EventLog& log)
{
    if (r.kind != TraceKind::Published && r.kind != TraceKind::CommandSent)
        return;
    const Event& e = log.at(r.message);
    if (e.correlation == 0)
        return;
    const SimTime* started = m_started.find(e.correlation);
    if (!started) {
        m_started[e.correlation] = r.t;
        started = m_started.find(e.correlation);
    }
    // Completion is the published event: a command of the same name (a request) does not count.
    if (r.kind == TraceKind::Published && e.type == m_completion && *started >= 0) {
        m_latencies.push_back(r.t - *started);
        *m_started.findMutable(e.correlation) = -1; // counted once, even if the completion is published again
    }
}

LatencyTracker::Percentiles LatencyTracker::percentiles() const
{
    Percentiles p;
    p.count = m_latencies.size();
    if (m_latencies.empty())
        return p;
    const RunningPercentiles::Values values = m_percentiles.of(m_latencies);
    p.p50 = values.p50;
    p.p95 = values.p95;
    p.p99 = values.p99;
    return p;
}

} // namespace eventloom
