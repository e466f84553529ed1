#include "busworkload.h"

#include "baselinebus.h"
#include "busproducer.h"
#include "noopservice.h"
#include "sim/simulation.h"
#include "stopwatch.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace eventloom::bench {

namespace {
constexpr std::string_view kTopic = "bench.events";

/// A benchmark that measured the wrong thing is worse than none: stop loudly.
void require(bool condition, const char* what)
{
    if (condition)
        return;
    std::fprintf(stderr, "bench: consistency check failed: %s\n", what);
    std::exit(2);
}
}

BusWorkload::BusWorkload(Shape shape)
    : m_shape(shape)
{
    // Whole chunks on both sides of the warm-up boundary, so the measured window starts between ticks.
    m_shape.warmupEvents = m_shape.warmupEvents / m_shape.chunk * m_shape.chunk;
}

BusWorkload::Run BusWorkload::runEngine() const
{
    const std::uint64_t total = m_shape.warmupEvents + m_shape.measuredEvents;
    Simulation sim(1);
    sim.addTopic(kTopic, m_shape.partitions, 0);
    for (std::uint32_t g = 0; g < m_shape.groups; ++g) {
        const std::string name = "consumer-" + std::to_string(g);
        const std::uint16_t service = sim.addService(name, std::make_unique<NoopService>(), LatencyModel::fixed(0));
        sim.subscribe(service, kTopic, "group-" + std::to_string(g), 1, m_shape.commitDelay);
    }
    sim.addService("producer", std::make_unique<BusProducer>(std::string(kTopic), total, m_shape.chunk, m_shape.keys),
        LatencyModel::fixed(0));
    // The baseline reserves its event log too; growth of the scheduler heap and partition logs is the
    // engine's own business and is left to the warm-up.
    sim.mutableLog().reserve(total, 0);

    const auto warmupTicks = static_cast<SimTime>(m_shape.warmupEvents / m_shape.chunk);
    if (warmupTicks > 0)
        sim.runUntil(warmupTicks - 1); // ticks 0..warmupTicks-1 and all their (zero-latency) deliveries
    require(sim.counters().events == m_shape.warmupEvents, "engine warm-up published a whole number of chunks");
    const RunCounters before = sim.counters();

    const AllocationCounter::Snapshot allocationsBefore = AllocationCounter::now();
    const Stopwatch stopwatch;
    sim.runToQuiescence();
    const Stopwatch::Reading elapsed = stopwatch.elapsed();
    const AllocationCounter::Snapshot allocationsAfter = AllocationCounter::now();

    Run run;
    run.seconds = elapsed.wallSeconds;
    run.cpuSeconds = elapsed.cpuSeconds;
    run.events = sim.counters().events - before.events;
    run.deliveries = sim.counters().deliveries - before.deliveries;
    run.allocations = allocationsAfter.since(allocationsBefore);
    require(run.events == m_shape.measuredEvents, "engine published every measured event");
    require(run.deliveries == m_shape.measuredEvents * m_shape.groups, "engine delivered every event to every group");
    require(sim.counters().handled == total * m_shape.groups, "engine handled every delivery");
    return run;
}

BusWorkload::Run BusWorkload::runBaseline() const
{
    const std::uint64_t total = m_shape.warmupEvents + m_shape.measuredEvents;
    BaselineBus bus;
    const std::uint16_t topic = bus.addTopic(m_shape.partitions);
    for (std::uint32_t g = 0; g < m_shape.groups; ++g)
        bus.subscribe(topic, [](std::uint32_t event) { (void)event; });
    // The engine's producer interns its type and keys before the measured window too (BusProducer::start).
    const Atom type = bus.intern("BenchEvent");
    std::vector<Atom> keys;
    for (std::uint32_t i = 0; i < m_shape.keys; ++i) {
        char key[24];
        std::snprintf(key, sizeof key, "key-%05u", i);
        keys.push_back(bus.intern(key));
    }
    bus.reserve(total, m_shape.chunk * (1 + 3 * std::size_t { m_shape.groups }), m_shape.chunk);

    std::uint64_t published = 0;
    std::uint64_t deliveries = 0;
    std::int64_t tick = 0;
    const auto publishUpTo = [&](std::uint64_t end) {
        while (published < end) {
            const std::uint64_t n = std::min<std::uint64_t>(m_shape.chunk, end - published);
            for (std::uint64_t i = 0; i < n; ++i, ++published)
                bus.publish(tick, topic, type, keys[published % keys.size()]);
            deliveries += bus.drain();
            ++tick;
        }
    };

    publishUpTo(m_shape.warmupEvents);
    const std::uint64_t deliveriesBefore = deliveries;
    const AllocationCounter::Snapshot allocationsBefore = AllocationCounter::now();
    const Stopwatch stopwatch;
    publishUpTo(total);
    const Stopwatch::Reading elapsed = stopwatch.elapsed();
    const AllocationCounter::Snapshot allocationsAfter = AllocationCounter::now();

    Run run;
    run.seconds = elapsed.wallSeconds;
    run.cpuSeconds = elapsed.cpuSeconds;
    run.events = m_shape.measuredEvents;
    run.deliveries = deliveries - deliveriesBefore;
    run.allocations = allocationsAfter.since(allocationsBefore);
    require(run.deliveries == m_shape.measuredEvents * m_shape.groups,
        "baseline delivered every event to every subscriber");
    require(bus.records() == total * (1 + 3 * std::uint64_t { m_shape.groups }),
        "baseline traced published, then delivered, handled and committed per group");
    return run;
}

} // namespace eventloom::bench
