#pragma once

#include "allocationcounter.h"

#include <cstdint>

namespace eventloom::bench {

/// The B1 workload, run twice over: through the real engine (Simulation, EventBus, no-op consumer
/// services) and through BaselineBus. Both publish the same keyed events in the same chunks and
/// deliver each to the same number of subscribers; only the `measured` events after the warm-up are
/// timed and have their allocations counted.
class BusWorkload {
public:
    struct Shape {
        std::uint64_t warmupEvents = 250'000; ///< lets vectors and the scheduler's heap reach capacity
        std::uint64_t measuredEvents = 1'000'000;
        std::uint32_t chunk = 1000; ///< events published per producer tick
        std::int32_t partitions = 3;
        std::uint32_t groups = 3; ///< consumer groups (engine) = subscribers (baseline)
        std::uint32_t keys = 1000;
        std::int64_t commitDelay = 0; ///< µs from handling to the offset commit (engine only)
    };

    struct Run {
        double seconds = 0; ///< wall time of the measured window
        double cpuSeconds = 0; ///< this thread's CPU time in the measured window
        std::uint64_t events = 0; ///< published in the measured window
        std::uint64_t deliveries = 0; ///< in the measured window
        AllocationCounter::Snapshot allocations; ///< in the measured window
    };

    explicit BusWorkload(Shape shape);

    const Shape& shape() const { return m_shape; }
    Run runEngine() const;
    Run runBaseline() const;

private:
    Shape m_shape;
};

} // namespace eventloom::bench
