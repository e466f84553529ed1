#pragma once

#include "../base/randomstream.h"
#include "../base/simtime.h"
#include "../bus/consumergroup.h"
#include "../bus/payloadbuilder.h"
#include "../trace/tracerecord.h"
#include "servicehost.h"

#include <cstdint>
#include <string_view>

namespace eventloom {

class Simulation;

/// Envelope fields a sender may set; zero means "inherit from the message being handled".
struct MessageOptions {
    Atom correlation = 0;
    Atom tenant = 0;
    std::uint16_t version = 1;
    /// The message this one is a consequence of; kNoMessage: the one being handled (if any).
    /// Set it when acting later, from a timer, on behalf of an earlier message.
    std::uint32_t causation = kNoMessage;
};

/// A service's handle on the simulation: the only way it acts on the world.
class ServiceContext {
public:
    ServiceContext(Simulation& sim, std::uint16_t service);

    SimTime now() const;
    /// What a service may read of the simulation around it (its seed, log and bus, other services).
    const ServiceHost& host() const;
    std::uint16_t self() const { return m_service; }
    EventLog& log();
    Atom intern(std::string_view text);
    /// The service's own random stream (named after the service).
    RandomStream& random();
    /// A builder for the next payload; cleared on each call.
    PayloadBuilder& payload();

    /// Publishes an event to `topic` (by name); returns its seq, or kNoMessage for an unknown topic.
    std::uint32_t publish(Atom topic, Atom type, Atom key, const PayloadBuilder& payload, MessageOptions options = {});
    /// Sends a command to the service named `target`; returns its seq, or kNoMessage for an unknown service.
    std::uint32_t send(Atom target, Atom type, Atom key, const PayloadBuilder& payload, MessageOptions options = {});
    /// A request: a command whose handler answers the caller. Whatever the target publishes while
    /// handling it comes back to this service as a command of the same type (the reply), instead of
    /// going to a topic — a synchronous call over the simulated network.
    std::uint32_t call(Atom target, Atom type, Atom key, const PayloadBuilder& payload, MessageOptions options = {});
    /// Schedules timer(ctx, id) after `delay`; returns a handle for cancelTimer(). A crash kills the
    /// service's timers.
    std::uint64_t scheduleTimer(SimTime delay, std::uint64_t id);
    /// Cancels a timer that has not fired yet (nothing is traced): call it only with the handle of a
    /// timer still pending.
    void cancelTimer(std::uint64_t handle);
    /// Call it where the service has done the first of two writes that are not one transaction (its
    /// database and the broker) and not yet the second. If a `crash,point=between-writes` injection is
    /// armed for this service, the service crashes here and this returns true: the caller must stop
    /// (the second write never happens). False otherwise, and then it goes on.
    bool crashBetweenWrites();
    /// Subscribes this service to `topic` in consumer group `group`, now (e.g. a consumer attached
    /// mid-run); false for an unknown topic. Call it from start() or a timer, not while handling a message.
    bool subscribe(std::string_view topic, std::string_view group, StartFrom start);
    /// Emits a service-level trace record (rejections, duplicate effects, appends, stale reads…) at the
    /// current time, naming this service and the message being handled (if any) unless `record` does.
    void trace(TraceRecord record);
    void trace(TraceKind kind, Atom detail = 0, std::int64_t aux = 0);

private:
    Simulation& m_sim;
    std::uint16_t m_service;
};

} // namespace eventloom
