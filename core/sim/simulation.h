#pragma once

#include "../base/cloneptr.h"
#include "../base/randomstream.h"
#include "../base/scheduler.h"
#include "../bus/eventbus.h"
#include "../bus/eventlog.h"
#include "../bus/payloadbuilder.h"
#include "../bus/schemaregistry.h"
#include "../faults/injectionqueue.h"
#include "../services/service.h"
#include "../services/servicecontext.h"
#include "../trace/runcounters.h"
#include "../trace/traceobserver.h"
#include "../trace/tracereactor.h"
#include "fingerprint.h"
#include "latencymodel.h"
#include "latencytracker.h"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace eventloom {

class FaultEngine;
struct SagaDefinition;

/// The deterministic discrete-event engine: one scheduler with a total order (time, then sequence),
/// the bus, the services, and the trace. Same construction + same seed ⇒ same trace and fingerprint.
/// Not thread-safe: one thread drives it; observers run synchronously on that thread.
class Simulation final : private DeliveryHost, public ServiceHost {
public:
    explicit Simulation(std::uint64_t seed);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    /// @name Building (before the first step)
    ///@{
    /// `retention` > 0: records older than that are deleted (EventBus::addTopic); 0 keeps them for ever.
    std::uint16_t addTopic(std::string_view name, std::int32_t partitions, SimTime latency, SimTime retention = 0);
    std::uint16_t addService(
        std::string_view id, std::unique_ptr<Service> service, LatencyModel processing, std::uint16_t instances = 1);
    /// Subscribes every instance of `service` to `topic` in consumer group `group`; kNoIndex if the topic is unknown.
    /// May also be called while running (a consumer attached mid-run), reading from `start`.
    std::uint16_t subscribe(std::uint16_t service, std::string_view topic, std::string_view group,
        std::uint32_t maxInFlight = 1, SimTime commitDelay = 0, StartFrom start = StartFrom::Earliest,
        const SubscriptionPolicy& policy = {});
    /// Subscribes at simulated time `at` (a consumer attached while the run is going).
    void subscribeAt(SimTime at, std::uint16_t service, std::string_view topic, std::string_view group,
        std::uint32_t maxInFlight, SimTime commitDelay, StartFrom start, const SubscriptionPolicy& policy = {});
    /// Point-to-point latency of commands.
    void setCommandLatency(SimTime latency) { m_commandLatency = latency; }
    /// Registers a saga definition, its names interned in this simulation's atoms (SagaDefinition::resolve);
    /// returns its index, the `saga` of its trace records. The definition lives as long as the simulation.
    std::uint16_t addSaga(std::shared_ptr<const SagaDefinition> definition);
    /// The payload schemas producers write and readers read with (the scenario's `schemas`); shared with forks.
    void setSchemas(std::shared_ptr<const SchemaRegistry> schemas) { m_schemas = std::move(schemas); }
    /// Adds an engine part that reacts to trace records (see TraceReactor); the simulation owns it.
    TraceReactor& addReactor(std::unique_ptr<TraceReactor> reactor);
    ///@}

    /// @name Running
    ///@{
    /// Starts the services, if nothing did yet (step, runUntil and finish do it first).
    void start() { ensureStarted(); }
    /// Runs the next scheduled item; false when nothing is left.
    bool step();
    /// Runs every item due at or before `t`, then sets the clock to `t`.
    void runUntil(SimTime t);
    /// Runs until nothing is scheduled, or `limit` items ran, or the run has been stalled() for
    /// kStallHorizon of simulated time; returns the number run.
    std::uint64_t runToQuiescence(std::uint64_t limit = UINT64_MAX);
    /// Nothing is scheduled but retries of records consumer groups are blocked on (`onFailure: block`):
    /// the run is not quiet — it would go on without end, each retry failing like the one before (unless
    /// the fault that fails them ends).
    bool stalled() const { return m_bus.blockedWaits() > 0 && m_scheduler.size() == m_bus.blockedWaits(); }
    /// How long a run with no time limit goes on stalled() before it stops (runToQuiescence, CheckJudge::run).
    static constexpr SimTime kStallHorizon = 10 * kMinute;
    /// Call after each step of a run with no time limit: true once it has been stalled() for kStallHorizon.
    /// `since` keeps when the stall began between calls; start it at -1.
    bool stalledTooLong(SimTime& since) const
    {
        if (!stalled()) [[likely]] {
            since = -1;
            return false;
        }
        if (since < 0)
            since = m_now;
        return m_now - since >= kStallHorizon;
    }
    /// The run is over: engine parts report what is left undone (e.g. a choreographed saga that
    /// waits past its deadline is `stuck`). Call it once the caller stops running the simulation.
    void finish();
    /// True once started and nothing is left to run (or nothing more may run: reachedMessageLimit()).
    bool idle() const { return m_started && (m_scheduler.empty() || m_reachedMessageLimit); }
    /// The most messages the run's log may hold: once it holds that many, step() does nothing more and
    /// returns false (a scenario whose services answer each other without end would otherwise grow until
    /// memory runs out). By default the width of a message's number; ScenarioBuilder sets what the
    /// memory budget holds (ScenarioCost).
    void setMessageLimit(std::size_t limit) { m_messageLimit = std::min<std::size_t>(limit, kNoMessage - 1); }
    std::size_t messageLimit() const { return m_messageLimit; }
    /// The run stopped because its log reached the message limit.
    bool reachedMessageLimit() const { return m_reachedMessageLimit; }
    SimTime now() const override { return m_now; }
    /// Time of the next scheduled item, or -1 when idle.
    SimTime nextTime() const { return m_scheduler.empty() ? -1 : m_scheduler.nextTime(); }
    /// When the run next moves: nextTime(), or the time an interactive injection (injectionQueue()) takes
    /// effect if that comes first; -1 if nothing is to come. A run sampled before each move (CheckJudge)
    /// sees an injection as a run that schedules it as an item (`--inject`) does.
    SimTime nextMoveTime() const;
    ///@}

    /// @name Forking (time travel; Checkpointer in checkpoints.h keeps forks of a run going)
    ///@{
    /// A complete, independent copy of this simulation as it is now — clock, scheduled items, log, bus,
    /// services' and reactors' state, fault rules, random streams, fingerprint, counters — that goes on
    /// exactly as this one would: the same steps give the same trace and fingerprint in both. Observers
    /// are not copied. Injections already taken from the queue are copied (they still take effect);
    /// the fork's queue starts empty, so "continue from here with other injections" is a fork plus
    /// injections into the fork. nullptr if some service or reactor cannot be copied (Service::clone).
    /// Call it between steps, on the thread that drives the simulation.
    std::unique_ptr<Simulation> fork() const;
    /// An interactive injection as taken from the queue, with the time it takes effect (as traced).
    struct TimedInjection {
        InjectionSpec spec;
        SimTime at = 0;
    };
    /// Every interactive injection taken from the queue so far, in the order taken (a fork has those of
    /// its original up to the fork): what Checkpointer::seek re-applies to a fork of an earlier checkpoint.
    const std::vector<TimedInjection>& takenInjections() const { return m_taken; }
    /// Takes `spec` as if it had come from the queue, to take effect at `at` (after now): a run's
    /// injection re-applied to a fork of its past.
    void takeInjection(const InjectionSpec& spec, SimTime at);
    ///@}

    /// @name Observing
    ///@{
    void addObserver(TraceObserver* observer);
    void removeObserver(TraceObserver* observer);
    std::uint64_t seed() const override { return m_seed; }
    std::size_t sagaCount() const { return m_sagas.size(); }
    const SagaDefinition& saga(std::uint16_t index) const { return *m_sagas[index]; }
    /// The scenario's payload schemas, or null when it declares none.
    const SchemaRegistry* schemas() const { return m_schemas.get(); }
    const EventLog& log() const override { return m_log; }
    const EventBus& bus() const override { return m_bus; }
    const RunCounters& counters() const { return m_counters; }
    /// End-to-end order latency (first message of an order → its OrderCompleted).
    LatencyTracker::Percentiles orderLatency() const { return m_latency.percentiles(); }
    /// The latencies orderLatency() is about, in the order the orders completed.
    const CowVector<SimTime>& orderLatencies() const { return m_latency.latencies(); }
    std::uint64_t fingerprint() const { return m_fingerprint.value(); }
    std::size_t serviceCount() const { return m_services.size(); }
    std::string_view serviceName(std::uint16_t service) const override { return m_log.text(m_services[service].id); }
    std::uint16_t findService(std::string_view id) const override;
    std::uint16_t serviceIndex(Atom id) const;
    bool serviceUp(std::uint16_t service) const { return m_services[service].up; }
    std::uint16_t instanceCount(std::uint16_t service) const { return m_services[service].instances; }
    const Service& service(std::uint16_t service) const override { return *m_services[service].impl; }
    /// "inventory#0": how consumer instances are named in traces and exports.
    std::string consumerName(std::uint16_t service, std::uint16_t instance) const;
    ///@}

    /// @name Control (the fault injector drives these; tests use them directly)
    ///@{
    /// Takes every instance of `service` down now: in-flight work and uncommitted offsets are lost.
    /// `detail`: why, for the trace (e.g. "between-writes"); 0 for a plain crash.
    void crashService(std::uint16_t service, SimTime downFor, Atom detail = 0);
    /// Arms a crash of `service` in its window between two writes that are not one transaction: the
    /// next `count` times it reaches one (ServiceContext::crashBetweenWrites) it goes down for `downFor`.
    /// A `count` of 0 disarms. The `crash,point=between-writes` injection.
    void armCrashBetweenWrites(std::uint16_t service, int count, SimTime downFor);
    /// `service` has done the first of two writes and not the second: crashes it now if a crash is
    /// armed there (the trace's `crashed` record says `between-writes`); true if it crashed.
    bool crashBetweenWrites(std::uint16_t service);
    void scheduleCrash(SimTime at, std::uint16_t service, SimTime downFor);
    /// Runs `action` at simulated time `at`, in the total order like everything else (fault
    /// injections use it). Not for the hot path.
    void scheduleCall(SimTime at, std::function<void(Simulation&)> action);
    /// Write access to a service, for control actions (e.g. an injected payment failure).
    Service& mutableService(std::uint16_t service) { return *m_services[service].impl; }
    /// Starts one more consumer instance of `service`; its groups rebalance.
    void addInstance(std::uint16_t service);
    /// Stops the highest-numbered instance gracefully (it commits what it handled); groups rebalance.
    bool removeInstance(std::uint16_t service);
    ///@}

    /// @name Consumers at run time (the `attach`, `detach` and `scale` injections; simulationconsumers.cpp)
    ///@{
    /// Whether `service` reads topics, and how: its subscriptions wait to be attached (`attachAt` still to
    /// come), its groups read, or they are all detached.
    enum class ConsumerState : std::uint8_t { None, Pending, Attached, Detached };
    ConsumerState consumerState(std::uint16_t service) const;
    /// Starts `service`'s subscriptions now: those still waiting for their `attachAt` (which then does
    /// nothing) are subscribed as it would have, from `from` (nullopt: the service's `startFrom`); detached
    /// groups take their instances again and read on from `from` (nullopt: their committed offsets).
    void attachConsumer(std::uint16_t service, std::optional<StartFrom> from);
    /// Every group of `service` stops consuming; its committed offsets stay (EventBus::detach).
    void detachConsumer(std::uint16_t service);
    /// `service` runs `instances` consumer instances from now (at least 1): the new ones join, the
    /// highest-numbered leave gracefully, and each of its groups rebalances once. Traced `instance-added`
    /// or `instance-removed` per instance, then the groups' `rebalanced` records.
    void setInstances(std::uint16_t service, std::uint16_t instances);
    ///@}

    /// @name Faults (core/faults/): rules, interactive injections, breakpoints, dead letters
    ///@{
    /// The run's fault rules and breakpoints, created on first use (a run without faults has none).
    FaultEngine& faults();
    const FaultEngine* faultEngine() const { return m_faults.get(); }
    /// Thread-safe: any thread enqueues a spec; it takes effect at the engine's next step and is
    /// traced with that simulated time (InjectionSpec::setAt), so a replay reproduces the run.
    InjectionQueue& injectionQueue() { return m_injectionQueue; }
    /// Deliveries wait at a breakpoint: step() does nothing until each is resolved (FaultEngine::resolve).
    bool paused() const;
    /// Messages given up on after their retries, with their copies on `<topic>.dlq`.
    const std::vector<EventBus::DeadLetter>& deadLetters() const { return m_bus.deadLetters(); }
    /// Publishes dead letter `index` again to its original topic, as it was or with `edited` as its
    /// payload (and `version`, if not 0); traced `republished`. Returns the new event's seq, or kNoMessage.
    std::uint32_t republishDeadLetter(
        std::size_t index, const QJsonObject* edited = nullptr, std::uint16_t version = 0);
    EventBus& mutableBus() { return m_bus; }
    ///@}

    /// @name For services (through ServiceContext)
    ///@{
    std::uint32_t publish(std::uint16_t producer, Atom topic, Atom type, Atom key, std::span<const Field> payload,
        const MessageOptions& options);
    std::uint32_t send(std::uint16_t producer, Atom target, Atom type, Atom key, std::span<const Field> payload,
        const MessageOptions& options, bool expectReply = false);
    std::uint64_t scheduleTimer(std::uint16_t service, SimTime delay, std::uint64_t id);
    void cancelTimer(std::uint64_t handle);
    /// A record on behalf of `service`: time, service and (unless set) the current message are filled in.
    void traceFor(std::uint16_t service, TraceRecord record);
    RandomStream& serviceRandom(std::uint16_t service) { return m_services[service].random; }
    PayloadBuilder& payloadBuilder() { return m_builder.clear(); }
    EventLog& mutableLog() { return m_log; }
    ///@}

private:
    struct ForkTag { };
    /// Simulation::fork: copies every member below (a new member must be added there too).
    Simulation(const Simulation& other, ForkTag);

    struct ServiceRuntime {
        Atom id = 0;
        ClonePtr<Service> impl;
        LatencyModel processing;
        RandomStream latencyRandom;
        RandomStream random;
        std::uint16_t instances = 1;
        std::uint16_t nextInstance = 0; ///< round robin for commands
        bool up = true;
        std::uint32_t epoch = 0; ///< bumped on crash, so its scheduled work is dropped
        std::vector<std::uint32_t> parked; ///< commands that arrived while it was down
        int windowCrashes = 0; ///< armed crashes between two writes (armCrashBetweenWrites)
        SimTime windowDownFor = kSecond;
    };

    // DeliveryHost
    void emit(const TraceRecord& record) override;
    SimTime processingTime(std::uint16_t service) override;
    void begin(std::uint16_t service, std::uint16_t instance, std::uint32_t message) override;
    HandleResult handle(std::uint16_t service, std::uint16_t instance, std::uint32_t message,
        const SubscriptionPolicy* reader) override;
    /// How `reader` sees `event` (SchemaRegistry): `event` is changed to the view the handler gets, or a failure
    /// returned.
    HandleResult read(Event& event, const SubscriptionPolicy& reader);
    std::uint32_t copyToTopic(std::uint32_t message, std::uint16_t topic) override;
    /// Interactive injections: takes the queue's, applies the first one due; true if it applied one.
    bool applyInteractive(SimTime limit);

    void ensureStarted();
    void dispatch(const ScheduledItem& item);
    Event envelope(std::uint16_t producer, Atom type, Atom key, const MessageOptions& options) const;
    void deliverCommand(std::uint32_t command, std::uint16_t attempt);
    void restart(std::uint16_t service);

    std::uint64_t m_seed;
    SimTime m_now = 0;
    SimTime m_commandLatency = kMillisecond;
    bool m_started = false;
    std::size_t m_messageLimit = kNoMessage - 1;
    bool m_reachedMessageLimit = false;
    std::uint32_t m_current = kNoMessage; ///< message being handled, for causation and correlation
    Scheduler m_scheduler;
    EventLog m_log;
    EventBus m_bus;
    PayloadBuilder m_builder;
    std::unique_ptr<FaultEngine> m_faults;
    InjectionQueue m_injectionQueue;
    struct Interactive {
        InjectionSpec spec;
        SimTime at;
    };
    std::vector<Interactive> m_interactive; ///< taken from the queue, waiting for their time
    std::vector<TimedInjection> m_taken; ///< every one taken from the queue, in order (takenInjections)
    std::uint64_t m_startSeq = 0; ///< scheduler items numbered below this were scheduled before the start
    Atom m_beginType = 0; ///< type of the message whose processing began last (for slow rules)
    std::vector<ServiceRuntime> m_services;
    std::vector<TraceObserver*> m_observers;
    std::vector<ClonePtr<TraceReactor>> m_reactors;
    std::vector<std::shared_ptr<const SagaDefinition>> m_sagas; ///< shared with forks: they never change
    std::shared_ptr<const SchemaRegistry> m_schemas; ///< shared with forks: it never changes
    struct PendingSubscription {
        std::uint16_t service;
        std::string topic;
        std::string group;
        std::uint32_t maxInFlight;
        SimTime commitDelay;
        StartFrom start;
        SubscriptionPolicy policy;
        bool attached = false; ///< attached early (attachConsumer): its time does nothing
    };
    std::vector<PendingSubscription> m_pendingSubscriptions; ///< by ItemKind::Attach's index
    std::vector<std::function<void(Simulation&)>> m_calls; ///< by ItemKind::Call's index
    Fingerprint m_fingerprint;
    RunCounters m_counters;
    LatencyTracker m_latency;
};

} // namespace eventloom
