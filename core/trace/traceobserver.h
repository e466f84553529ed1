#pragma once

#include "tracerecord.h"

namespace eventloom {

class Simulation;

/// Receives every trace record, in order, on the thread that runs the simulation.
/// Implementations must not call back into the simulation from onTrace.
class TraceObserver {
public:
    virtual ~TraceObserver() = default;
    virtual void onTrace(const TraceRecord& record, const Simulation& sim) = 0;
};

} // namespace eventloom
