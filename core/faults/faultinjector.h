#pragma once

#include "injectionspec.h"

#include <QString>

namespace eventloom {

class Simulation;

/// Turns injection specs into actions on a simulation. Every injection is traced (`injection`,
/// with the spec as written) at the simulated time it takes effect.
///
/// `crash` takes a service down for `for=` (default 1s); `fail` makes the next `count=` operations of
/// a service fail (Service::failNext). The other kinds become rules of the run's FaultEngine: `drop`,
/// `duplicate`, `delay`, `reorder` act on deliveries to consumer groups, `poison` marks events at
/// publish so that matching handlers throw, `slow` multiplies a service's processing time, and
/// `deploy-schema` makes a producer emit version N of a type. `republish` publishes dead letter `index=`
/// again (Simulation::republishDeadLetter), with `payload=` (base64url JSON) as its new payload if given.
/// `break[,service=S]` holds every delivery to S's groups (without a service: to any consumer) until it is
/// resolved; `unbreak[,service=S]` ends that (without a service: every breakpoint); `resolve,topic=T,group=G,
/// partition=P,offset=O,choice=deliver|drop|duplicate|delay` decides on one held delivery. A spec with
/// `paused=true` (every resolve) was done at a breakpoint's pause and is applied at the pause at its time.
/// `reset-offset,group=G[,topic=T][,partition=P],to=earliest|latest|TIME` moves the group's committed offset
/// and fetch position on those partitions (all of the group's by default) and it reads on from there
/// (EventBus::resetOffsets): a replay, or a skip to the end. `attach,service=S[,from=earliest|latest|committed]`
/// starts a service's subscriptions now (those waiting for their `attachAt`, or its detached groups),
/// `detach,service=S` stops its groups (their committed offsets stay), `scale,service=S,instances=N` sets its
/// consumer instances (Simulation::attachConsumer, detachConsumer, setInstances): its groups rebalance.
class FaultInjector {
public:
    /// Schedules `spec` at its time; returns an empty string, or why it cannot be applied.
    static QString schedule(const InjectionSpec& spec, Simulation& sim);
    /// Why `spec` cannot be applied to `sim`, or an empty string.
    static QString check(const InjectionSpec& spec, const Simulation& sim);
    /// Applies `spec` now, tracing it as spec.text() (an interactive one carries the time it took effect).
    static QString applyNow(const InjectionSpec& spec, Simulation& sim);
    /// `spec` done while the run waits at a breakpoint at time `t`: at `t` and `paused=true` (implied by
    /// `resolve`), so a replay applies it at that pause (FaultEngine::scheduleAtPause).
    static InjectionSpec atPause(InjectionSpec spec, SimTime t);
    /// `spec`, asked for now from outside the engine (the window), with the time it takes effect: while the
    /// run waits at a breakpoint, atPause(now) — the engine applies it at that pause; otherwise now + 1 µs,
    /// just after everything that already ran. Either way a replay that adds its text reproduces the run.
    static InjectionSpec timedNow(InjectionSpec spec, Simulation& sim);
};

} // namespace eventloom
