#pragma once

#include "../bus/deliveryhost.h"
#include "../bus/event.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>

namespace eventloom {

class ServiceContext;
class ServiceHost;

/// A simulated microservice. It owns its local state ("its own database"), handles what is
/// delivered to it (events from its subscriptions and commands sent to it), and acts only through
/// its ServiceContext: publish, send a command, schedule a timer. All of it runs on simulated time.
class Service {
public:
    virtual ~Service() = default;
    /// Called once, at time 0, before the first item runs.
    virtual void start(ServiceContext& ctx) { (void)ctx; }
    /// Processing of a delivered message starts: what a service reads now may be stale by the time
    /// it handles the message (e.g. an aggregate's version, for optimistic concurrency).
    virtual void begin(ServiceContext& ctx, const Event& message)
    {
        (void)ctx;
        (void)message;
    }
    /// Handles an event or a command; effects happen at the end of the processing time.
    virtual HandleResult handle(ServiceContext& ctx, const Event& message) = 0;
    virtual void timer(ServiceContext& ctx, std::uint64_t id)
    {
        (void)ctx;
        (void)id;
    }
    /// The service came back after a crash. Its timers died with it; state it keeps survives (it
    /// lives in the service's own database), so it may re-arm what it still waits for.
    virtual void restarted(ServiceContext& ctx) { (void)ctx; }
    /// The `fail` fault: the next `count` operations of message type `type` (0: the service's main
    /// operation, e.g. a charge) fail as a business failure — the service answers with its failure
    /// event, or, for an operation that has none (a compensation), does nothing and answers nothing.
    /// A negative `count` takes back that many pending failures (never fewer than none): how a
    /// `fail` window (`for=`) ends. False if this service has no such operation.
    virtual bool failNext(Atom type, int count)
    {
        (void)type;
        (void)count;
        return false;
    }
    /// The `idempotency` fault: turns the service's idempotent-consumer inbox on or off from now on
    /// (messages handled meanwhile are still remembered). False if this service has no inbox.
    virtual bool setIdempotent(bool on)
    {
        (void)on;
        return false;
    }
    /// A snapshot of the service's local state, for observers and the GUI.
    virtual QJsonObject state() const { return {}; }
    /// The integer at `path` (keys from the top) of state(), or with `counted` the number of entries of the
    /// object there, read without building state(): what a check's sample reads (CheckState::number).
    /// nullopt when the service cannot say so cheaply, or state() has no integer there: then the sample
    /// builds state(). A value given must be the one state() holds at `path`.
    virtual std::optional<qint64> stateNumber(std::span<const QString> path, bool counted) const
    {
        (void)path;
        (void)counted;
        return std::nullopt;
    }
    /// `path` is these keys, in order (for stateNumber).
    static bool pathIs(std::span<const QString> path, std::initializer_list<const char*> keys)
    {
        if (path.size() != keys.size())
            return false;
        auto key = keys.begin();
        for (const QString& p : path)
            if (p != QLatin1String(*key++))
                return false;
        return true;
    }

    /// @name Forking (Simulation::fork)
    ///@{
    /// A copy of this service, state and all, that goes on exactly as this one would (usually its copy
    /// constructor). nullptr: this service cannot be copied, so its simulation cannot be forked.
    virtual std::unique_ptr<Service> clone() const { return nullptr; }
    /// Called on the copy once the whole fork `host` exists: whatever points into the original
    /// simulation (its log, another service, itself through a callback) is pointed at `host` here.
    virtual void rebind(const ServiceHost& host) { (void)host; }
    ///@}
};

} // namespace eventloom
