#pragma once

#include "tracerecord.h"

#include <memory>

namespace eventloom {

class Simulation;

/// A part of the engine that reacts to the trace as it is written, and may add records of its own
/// (e.g. the choreography saga tracker, which sees the events of a saga go by). Unlike an observer it
/// belongs to the simulation and is part of its determinism: it runs after every observer has seen the
/// record, so records it adds follow the one that caused them, for everyone.
class TraceReactor {
public:
    virtual ~TraceReactor() = default;
    virtual void react(const TraceRecord& record, Simulation& sim) = 0;
    /// The run is over (Simulation::finish): report what is left undone.
    virtual void finish(Simulation& sim) { (void)sim; }
    /// A copy for a fork of the simulation (see Service::clone); nullptr: the simulation cannot be forked.
    virtual std::unique_ptr<TraceReactor> clone() const { return nullptr; }
};

} // namespace eventloom
