#pragma once

// Small services and observers for engine tests.

#include "sim/simulation.h"

#include <map>
#include <string>
#include <vector>

namespace eventloom::test {

/// Records every trace record.
class TraceCollector : public TraceObserver {
public:
    void onTrace(const TraceRecord& record, const Simulation&) override { records.push_back(record); }
    std::vector<TraceRecord> of(TraceKind kind) const
    {
        std::vector<TraceRecord> out;
        for (const TraceRecord& r : records)
            if (r.kind == kind)
                out.push_back(r);
        return out;
    }
    std::vector<TraceRecord> records;
};

/// Publishes `count` events to `topic`, one every `gap`, keyed "k<i % keys>".
class Producer : public Service {
public:
    /// `versioned`: each Tick carries `entityVersion`, 1, 2, 3 … per key, as an aggregate numbers its events.
    Producer(std::string topic, int count, SimTime gap, int keys, bool versioned = false)
        : m_topic(std::move(topic))
        , m_count(count)
        , m_gap(gap)
        , m_keys(keys)
        , m_versioned(versioned)
    {
    }
    void start(ServiceContext& ctx) override { ctx.scheduleTimer(m_gap, 0); }
    HandleResult handle(ServiceContext&, const Event&) override { return {}; }
    void timer(ServiceContext& ctx, std::uint64_t) override
    {
        std::string key = "k"; // built in two steps: GCC 12 warns (-Wrestrict, falsely) about "k" + to_string
        key += std::to_string(m_sent % m_keys);
        PayloadBuilder& p = ctx.payload();
        p.setInt("n", m_sent);
        if (m_versioned)
            p.setInt("entityVersion", m_sent / m_keys + 1);
        ctx.publish(ctx.intern(m_topic), ctx.intern("Tick"), ctx.intern(key), p);
        if (++m_sent < m_count)
            ctx.scheduleTimer(m_gap, 0);
    }

private:
    std::string m_topic;
    int m_count;
    SimTime m_gap;
    int m_keys;
    bool m_versioned;
    int m_sent = 0;
};

/// Counts what it handles, by event seq.
class Sink : public Service {
public:
    HandleResult handle(ServiceContext&, const Event& e) override
    {
        ++handled[e.seq];
        return {};
    }
    std::map<std::uint32_t, int> handled;
};

} // namespace eventloom::test
