#include "simulation.h"

#include "../faults/faultengine.h"
#include "../faults/faultinjector.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <numeric>

namespace eventloom {

Simulation::Simulation(std::uint64_t seed)
    : m_seed(seed)
    , m_bus(m_scheduler, m_log, *this)
    , m_builder(m_log)
    , m_latency(m_log.atoms().intern("OrderCompleted"))
{
}

Simulation::~Simulation() = default;

std::uint16_t Simulation::addTopic(std::string_view name, std::int32_t partitions, SimTime latency, SimTime retention)
{
    return m_bus.addTopic(m_log.atoms().intern(name), partitions, latency, retention);
}

std::uint16_t Simulation::addService(
    std::string_view id, std::unique_ptr<Service> service, LatencyModel processing, std::uint16_t instances)
{
    ServiceRuntime runtime;
    runtime.id = m_log.atoms().intern(id);
    runtime.impl = std::move(service);
    runtime.processing = processing;
    // Named streams: a service's draws depend only on the seed and its name.
    runtime.latencyRandom = RandomStream::derive(m_seed, "service:" + std::string(id) + ":latency");
    runtime.random = RandomStream::derive(m_seed, "service:" + std::string(id));
    runtime.instances = std::max<std::uint16_t>(1, instances);
    m_services.push_back(std::move(runtime));
    return static_cast<std::uint16_t>(m_services.size() - 1);
}

std::uint16_t Simulation::subscribe(std::uint16_t service, std::string_view topic, std::string_view group,
    std::uint32_t maxInFlight, SimTime commitDelay, StartFrom start, const SubscriptionPolicy& policy)
{
    const std::uint16_t topicIndex = m_bus.findTopic(m_log.atoms().find(topic));
    if (topicIndex == kNoIndex || topic.empty())
        return kNoIndex;
    return m_bus.addGroup(m_log.atoms().intern(group), topicIndex, service, m_services[service].instances, maxInFlight,
        commitDelay, start, policy);
}

void Simulation::subscribeAt(SimTime at, std::uint16_t service, std::string_view topic, std::string_view group,
    std::uint32_t maxInFlight, SimTime commitDelay, StartFrom start, const SubscriptionPolicy& policy)
{
    m_pendingSubscriptions.push_back(
        { service, std::string(topic), std::string(group), maxInFlight, commitDelay, start, policy });
    m_scheduler.push(std::max(at, m_now), ItemKind::Attach, m_pendingSubscriptions.size() - 1);
}

std::uint16_t Simulation::findService(std::string_view id) const
{
    return serviceIndex(m_log.atoms().find(id));
}

std::uint16_t Simulation::serviceIndex(Atom id) const
{
    for (std::size_t i = 0; i < m_services.size(); ++i)
        if (id != 0 && m_services[i].id == id)
            return static_cast<std::uint16_t>(i);
    return kNoIndex;
}

std::string Simulation::consumerName(std::uint16_t service, std::uint16_t instance) const
{
    std::string name(serviceName(service));
    if (instance != kNoIndex)
        name += '#' + std::to_string(instance);
    return name;
}

void Simulation::addObserver(TraceObserver* observer)
{
    m_observers.push_back(observer);
}

void Simulation::removeObserver(TraceObserver* observer)
{
    m_observers.erase(std::remove(m_observers.begin(), m_observers.end(), observer), m_observers.end());
}

void Simulation::emit(const TraceRecord& record)
{
    m_fingerprint.add(record, m_log);
    m_counters.count(record);
    if (record.kind == TraceKind::Published || record.kind == TraceKind::CommandSent)
        m_latency.add(record, m_log); // the only records it reads: no call for the others
    for (TraceObserver* observer : m_observers)
        observer->onTrace(record, *this);
    for (std::size_t i = 0; i < m_reactors.size(); ++i)
        m_reactors[i]->react(record, *this);
}

std::uint16_t Simulation::addSaga(std::shared_ptr<const SagaDefinition> definition)
{
    m_sagas.push_back(std::move(definition));
    return static_cast<std::uint16_t>(m_sagas.size() - 1);
}

TraceReactor& Simulation::addReactor(std::unique_ptr<TraceReactor> reactor)
{
    m_reactors.push_back(std::move(reactor));
    return *m_reactors.back();
}

void Simulation::finish()
{
    ensureStarted();
    for (std::size_t i = 0; i < m_reactors.size(); ++i)
        m_reactors[i]->finish(*this);
}

void Simulation::ensureStarted()
{
    if (m_started)
        return;
    m_started = true;
    m_startSeq = m_scheduler.issued();
    m_bus.start();
    for (std::size_t i = 0; i < m_services.size(); ++i) {
        ServiceContext ctx(*this, static_cast<std::uint16_t>(i));
        m_services[i].impl->start(ctx);
    }
}

bool Simulation::step()
{
    ensureStarted();
    if ((m_injectionQueue.hasPending() || !m_interactive.empty())
        && applyInteractive(std::numeric_limits<SimTime>::max()))
        return true;
    if (m_faults && m_faults->waiting())
        return m_faults->applyAtPause(); // paused at a breakpoint: only what is done there moves it
    if (m_scheduler.empty())
        return false;
    if (m_log.size() >= m_messageLimit) [[unlikely]] {
        m_reachedMessageLimit = true;
        return false;
    }
    const ScheduledItem item = m_scheduler.pop();
    m_now = item.time;
    dispatch(item);
    return true;
}

SimTime Simulation::nextMoveTime() const
{
    SimTime next = nextTime();
    const auto earlier = [&next](SimTime t) {
        if (t >= 0 && (next < 0 || t < next))
            next = t;
    };
    for (const Interactive& waiting : m_interactive)
        earlier(waiting.at);
    if (m_injectionQueue.hasPending())
        earlier(m_injectionQueue.earliest(m_now));
    return next;
}

void Simulation::runUntil(SimTime t)
{
    ensureStarted();
    for (;;) {
        if ((m_injectionQueue.hasPending() || !m_interactive.empty()) && applyInteractive(t))
            continue;
        if ((!paused() && (m_scheduler.empty() || m_scheduler.nextTime() > t)) || !step())
            break;
    }
    if (!paused() && !m_reachedMessageLimit)
        m_now = std::clamp(t, m_now, kMaxSimTime);
}

std::uint64_t Simulation::runToQuiescence(std::uint64_t limit)
{
    std::uint64_t ran = 0;
    SimTime stalledSince = -1;
    while (ran < limit && step()) {
        ++ran;
        if (stalledTooLong(stalledSince)) [[unlikely]]
            break;
    }
    return ran;
}

void Simulation::dispatch(const ScheduledItem& item)
{
    switch (item.kind) {
    case ItemKind::Arrival:
        m_bus.onArrival(item);
        break;
    case ItemKind::HandleDone:
    case ItemKind::BlockedHandleDone:
        m_bus.onHandleDone(item);
        break;
    case ItemKind::CommitDue:
        m_bus.onCommitDue(item);
        break;
    case ItemKind::CommandDue:
        deliverCommand(static_cast<std::uint32_t>(item.a), static_cast<std::uint16_t>(item.b));
        break;
    case ItemKind::CommandDone: {
        // A copy: the handler may publish, which can move the log's storage.
        const Event command = m_log.at(static_cast<std::uint32_t>(item.a));
        ServiceRuntime& target = m_services[command.target];
        if (target.epoch != item.epoch)
            break; // crashed while processing: deliverCommand parked it for the restart
        TraceRecord handled;
        handled.t = m_now;
        handled.kind = TraceKind::Handled;
        handled.message = command.seq;
        handled.service = command.target;
        handled.instance = static_cast<std::uint16_t>(item.c);
        handled.attempt = static_cast<std::uint16_t>(item.b);
        const HandleResult result = handle(command.target, handled.instance, command.seq, nullptr);
        handled.outcome = result.outcome;
        handled.detail = result.reason;
        emit(handled);
        auto& inProgress = target.parked;
        inProgress.erase(std::remove(inProgress.begin(), inProgress.end(), command.seq), inProgress.end());
        break;
    }
    case ItemKind::Timer: {
        ServiceRuntime& runtime = m_services[item.a];
        if (runtime.epoch != item.epoch)
            break; // timers die with the process
        TraceRecord fired;
        fired.t = m_now;
        fired.kind = TraceKind::TimerFired;
        fired.service = static_cast<std::uint16_t>(item.a);
        fired.aux = static_cast<std::int64_t>(item.b);
        emit(fired);
        ServiceContext ctx(*this, static_cast<std::uint16_t>(item.a));
        runtime.impl->timer(ctx, item.b);
        break;
    }
    case ItemKind::Attach: {
        PendingSubscription& p = m_pendingSubscriptions[item.a];
        if (p.attached)
            break; // attached earlier by an injection
        p.attached = true;
        subscribe(p.service, p.topic, p.group, p.maxInFlight, p.commitDelay, p.start, p.policy);
        break;
    }
    case ItemKind::Call: {
        const auto action = std::move(m_calls[item.a]);
        action(*this);
        break;
    }
    case ItemKind::Crash:
        crashService(static_cast<std::uint16_t>(item.a), static_cast<SimTime>(item.b));
        break;
    case ItemKind::Restart:
        restart(static_cast<std::uint16_t>(item.a));
        break;
    case ItemKind::DeliveryDue:
    case ItemKind::BlockedRetryDue:
        m_bus.onDeliveryDue(item);
        break;
    case ItemKind::ProduceDue:
        m_bus.onProduceDue(item);
        break;
    case ItemKind::ParkExpired:
        m_bus.onParkExpired(item);
        break;
    case ItemKind::RetentionCheck:
        m_bus.onRetentionCheck(item);
        break;
    }
}

void Simulation::begin(std::uint16_t service, std::uint16_t instance, std::uint32_t message)
{
    (void)instance;
    ServiceContext ctx(*this, service);
    const Event copy = m_log.at(message); // see handle()
    m_beginType = copy.type;
    m_services[service].impl->begin(ctx, copy);
}

SimTime Simulation::processingTime(std::uint16_t service)
{
    ServiceRuntime& runtime = m_services[service];
    const SimTime processing = runtime.processing.sample(runtime.latencyRandom);
    if (m_faults && m_faults->hasSlowRules())
        return m_faults->slowed(service, m_beginType, processing);
    return processing;
}

HandleResult Simulation::handle(
    std::uint16_t service, std::uint16_t instance, std::uint32_t message, const SubscriptionPolicy* reader)
{
    (void)instance; // instances of a service share its state, as replicas over one database do
    // Services get a copy of the envelope: publishing while handling may move the log's storage.
    Event copy = m_log.at(message);
    HandleResult read;
    if (reader && reader->schemaVersion > 0) [[unlikely]] {
        read = this->read(copy, *reader);
        if (read.outcome == HandleOutcome::Failed)
            return read;
    }
    ServiceContext ctx(*this, service);
    const std::uint32_t previous = m_current;
    m_current = message;
    HandleResult result = m_services[service].impl->handle(ctx, copy);
    m_current = previous;
    if (result.outcome == HandleOutcome::Ok && result.reason == 0)
        result.reason = read.reason; // what the reader did to the payload, for the trace
    return result;
}

HandleResult Simulation::read(Event& event, const SubscriptionPolicy& reader)
{
    const std::string_view type = m_log.text(event.type);
    if (!m_schemas || !m_schemas->declares(type)) {
        // Known by version only.
        if (event.version > reader.schemaVersion && !reader.tolerant)
            return { HandleOutcome::Failed,
                m_log.atoms().intern(
                    "unknown schema version " + std::to_string(event.version) + " of " + std::string(type)) };
        return {};
    }
    const SchemaRegistry::Read read
        = m_schemas->read(type, event.version, m_log.payloadJson(event), reader.schemaVersion,
            reader.tolerant ? SchemaRegistry::Reader::Tolerant : SchemaRegistry::Reader::Strict, reader.upcaster);
    const Atom detail = read.detail.isEmpty() ? 0 : m_log.atoms().intern(read.detail.toStdString());
    if (read.failed)
        return { HandleOutcome::Failed, detail };
    if (read.changed) {
        // The handler reads the view: its top-level fields as one range of the arena, after their nested values.
        PayloadBuilder view(m_log);
        view.setAll(read.payload);
        auto& arena = m_log.arena();
        event.payloadBegin = static_cast<std::uint32_t>(arena.size());
        event.payloadCount = static_cast<std::uint32_t>(view.fields().size());
        arena.insert(arena.end(), view.fields().begin(), view.fields().end());
        event.version = static_cast<std::uint16_t>(read.version);
    }
    return { HandleOutcome::Ok, detail };
}

Event Simulation::envelope(std::uint16_t producer, Atom type, Atom key, const MessageOptions& options) const
{
    Event e;
    e.publishTime = m_now;
    e.type = type;
    e.key = key;
    e.version = options.version;
    e.producer = producer == kNoIndex ? 0 : m_services[producer].id;
    e.causation = options.causation != kNoMessage ? options.causation : m_current;
    const Event* cause = e.causation == kNoMessage ? nullptr : &m_log.at(e.causation);
    e.correlation = options.correlation != 0 ? options.correlation : cause ? cause->correlation : key;
    e.tenant = options.tenant != 0 ? options.tenant : cause ? cause->tenant : 0;
    return e;
}

std::uint32_t Simulation::publish(std::uint16_t producer, Atom topic, Atom type, Atom key,
    std::span<const Field> payload, const MessageOptions& options)
{
    if (m_current != kNoMessage) {
        // A service answering a request replies to its caller instead of publishing.
        const Event& request = m_log.at(m_current);
        if (request.replyTo != kNoIndex && request.target == producer)
            return send(producer, m_services[request.replyTo].id, type, key, payload, options);
    }
    const std::uint16_t topicIndex = m_bus.findTopic(topic);
    if (topicIndex == kNoIndex)
        return kNoMessage;
    Event e = envelope(producer, type, key, options);
    e.kind = Event::Kind::Event;
    e.topic = topicIndex;
    if (m_faults && m_faults->hasSchemaRules())
        e.version = m_faults->versionFor(producer, topicIndex, type, e.version);
    if (e.version > 1 && m_schemas && m_schemas->declares(m_log.text(type))) [[unlikely]] {
        // A producer deployed at a newer version writes that version's shape (SchemaRegistry::write).
        const QJsonObject written = m_schemas->write(m_log.text(type), e.version, m_log.toJson(payload));
        PayloadBuilder shaped(m_log); // not m_builder: `payload` may be its fields
        shaped.setAll(written);
        const std::uint32_t seq = m_log.append(e, shaped.fields(), m_seed).seq;
        m_bus.produce(seq, producer);
        return seq;
    }
    const std::uint32_t seq = m_log.append(e, payload, m_seed).seq;
    m_bus.produce(seq, producer);
    return seq;
}

std::uint32_t Simulation::send(std::uint16_t producer, Atom target, Atom type, Atom key, std::span<const Field> payload,
    const MessageOptions& options, bool expectReply)
{
    const std::uint16_t targetIndex = serviceIndex(target);
    if (targetIndex == kNoIndex)
        return kNoMessage;
    Event e = envelope(producer, type, key, options);
    e.kind = Event::Kind::Command;
    e.target = targetIndex;
    e.replyTo = expectReply ? producer : kNoIndex;
    const std::uint32_t seq = m_log.append(e, payload, m_seed).seq;
    TraceRecord sent;
    sent.t = m_now;
    sent.kind = TraceKind::CommandSent;
    sent.message = seq;
    sent.service = targetIndex;
    emit(sent);
    m_scheduler.push(addTime(m_now, m_commandLatency), ItemKind::CommandDue, seq, 1);
    return seq;
}

void Simulation::deliverCommand(std::uint32_t seq, std::uint16_t attempt)
{
    const Event command = m_log.at(seq); // a copy: begin() runs service code
    ServiceRuntime& target = m_services[command.target];
    m_beginType = command.type;
    // Commands travel over a durable queue: while the target is down they wait for it, and a command
    // in progress when it crashes is delivered again after the restart (at-least-once).
    target.parked.push_back(seq);
    if (!target.up)
        return;
    const std::uint16_t instance = target.nextInstance++ % target.instances;
    TraceRecord delivered;
    delivered.t = m_now;
    delivered.kind = TraceKind::Delivered;
    delivered.message = seq;
    delivered.service = command.target;
    delivered.instance = instance;
    delivered.attempt = attempt;
    emit(delivered);
    begin(command.target, instance, seq);
    m_scheduler.push(
        addTime(m_now, processingTime(command.target)), ItemKind::CommandDone, seq, attempt, instance, target.epoch);
}

std::uint64_t Simulation::scheduleTimer(std::uint16_t service, SimTime delay, std::uint64_t id)
{
    return m_scheduler.push(addTime(m_now, delay), ItemKind::Timer, service, id, 0, m_services[service].epoch);
}

void Simulation::cancelTimer(std::uint64_t handle)
{
    m_scheduler.cancel(handle);
}

void Simulation::traceFor(std::uint16_t service, TraceRecord record)
{
    record.t = m_now;
    record.service = service;
    if (record.message == kNoMessage)
        record.message = m_current;
    emit(record);
}

void Simulation::armCrashBetweenWrites(std::uint16_t service, int count, SimTime downFor)
{
    ServiceRuntime& runtime = m_services[service];
    runtime.windowCrashes = std::max(count, 0);
    runtime.windowDownFor = downFor;
}

bool Simulation::crashBetweenWrites(std::uint16_t service)
{
    ServiceRuntime& runtime = m_services[service];
    if (runtime.windowCrashes <= 0 || !runtime.up)
        return false;
    --runtime.windowCrashes;
    crashService(service, runtime.windowDownFor, m_log.atoms().intern("between-writes"));
    return true;
}

void Simulation::crashService(std::uint16_t service, SimTime downFor, Atom detail)
{
    ServiceRuntime& runtime = m_services[service];
    if (!runtime.up)
        return;
    runtime.up = false;
    ++runtime.epoch;
    TraceRecord crashed;
    crashed.t = m_now;
    crashed.kind = TraceKind::Crashed;
    crashed.service = service;
    crashed.aux = downFor;
    crashed.detail = detail;
    emit(crashed);
    m_bus.serviceCrashed(service);
    m_scheduler.push(addTime(m_now, downFor), ItemKind::Restart, service);
}

void Simulation::scheduleCrash(SimTime at, std::uint16_t service, SimTime downFor)
{
    m_scheduler.push(std::max(at, m_now), ItemKind::Crash, service, static_cast<std::uint64_t>(downFor));
}

void Simulation::scheduleCall(SimTime at, std::function<void(Simulation&)> action)
{
    m_calls.push_back(std::move(action));
    m_scheduler.push(std::max(at, m_now), ItemKind::Call, m_calls.size() - 1);
}

void Simulation::restart(std::uint16_t service)
{
    ServiceRuntime& runtime = m_services[service];
    if (runtime.up)
        return;
    runtime.up = true;
    TraceRecord restarted;
    restarted.t = m_now;
    restarted.kind = TraceKind::Restarted;
    restarted.service = service;
    emit(restarted);
    ServiceContext ctx(*this, service);
    runtime.impl->restarted(ctx);
    std::vector<std::uint16_t> all(runtime.instances);
    std::iota(all.begin(), all.end(), std::uint16_t { 0 });
    m_bus.membersJoined(service, all);
    std::vector<std::uint32_t> waiting;
    waiting.swap(runtime.parked);
    for (const std::uint32_t seq : waiting)
        m_scheduler.push(m_now, ItemKind::CommandDue, seq, 2);
}

FaultEngine& Simulation::faults()
{
    if (!m_faults) {
        m_faults = std::make_unique<FaultEngine>(*this);
        m_bus.setFaults(m_faults.get());
    }
    return *m_faults;
}

bool Simulation::paused() const
{
    return m_faults && !m_faults->pending().empty();
}

bool Simulation::applyInteractive(SimTime limit)
{
    const std::size_t known = m_interactive.size();
    for (InjectionSpec& spec : m_injectionQueue.take()) {
        if (spec.atPause) { // done at a breakpoint's pause: applied there, as a replay does
            faults().scheduleAtPause(spec);
            m_taken.push_back({ spec, spec.at });
            continue;
        }
        // "Now" is just after everything that already ran, so a replay scheduling it at that time
        // sees exactly the same past.
        const SimTime at = std::max(spec.at, addTime(m_now, 1));
        m_interactive.push_back({ std::move(spec), at });
    }
    for (std::size_t i = known; i < m_interactive.size(); ++i)
        m_taken.push_back({ m_interactive[i].spec, m_interactive[i].at });
    if (m_interactive.empty() || (m_faults && m_faults->waiting()))
        return false; // while paused at a breakpoint the clock stays: they wait for the run to go on
    const auto first = std::min_element(m_interactive.begin(), m_interactive.end(),
        [](const Interactive& a, const Interactive& b) { return a.at < b.at; });
    // A replay schedules it before the run starts: after what was scheduled before the start at that
    // time, before everything scheduled while running.
    if (first->at > limit)
        return false;
    if (!m_scheduler.empty()
        && (m_scheduler.nextTime() < first->at
            || (m_scheduler.nextTime() == first->at && m_scheduler.nextSeq() < m_startSeq)))
        return false;
    const Interactive due = std::move(*first);
    m_interactive.erase(first);
    if (const QString problem = FaultInjector::check(due.spec, *this); !problem.isEmpty()) {
        m_injectionQueue.refuse(problem); // nothing happened: neither the clock nor the trace moves
        return true;
    }
    m_now = due.at;
    InjectionSpec timed = due.spec;
    timed.setAt(due.at); // traced with the time it took effect
    FaultInjector::applyNow(timed, *this);
    return true;
}

void Simulation::takeInjection(const InjectionSpec& spec, SimTime at)
{
    m_taken.push_back({ spec, at });
    if (spec.atPause) { // done at a breakpoint's pause: at that pause again
        InjectionSpec atThePause = spec;
        atThePause.at = at;
        faults().scheduleAtPause(atThePause);
        return;
    }
    m_interactive.push_back({ spec, at });
}

std::uint32_t Simulation::copyToTopic(std::uint32_t message, std::uint16_t topic)
{
    const Event original = m_log.at(message);
    Event e = original;
    e.publishTime = m_now;
    e.causation = message;
    e.partition = -1;
    e.offset = -1;
    e.topic = topic;
    // The payload is shared with the original (the arena is append-only).
    const std::vector<Field> fields(m_log.payload(original).begin(), m_log.payload(original).end());
    const std::uint32_t seq = m_log.append(e, fields, m_seed).seq;
    m_bus.publish(seq);
    return seq;
}

std::uint32_t Simulation::republishDeadLetter(std::size_t index, const QJsonObject* edited, std::uint16_t version)
{
    if (index >= m_bus.deadLetters().size())
        return kNoMessage;
    const EventBus::DeadLetter letter = m_bus.deadLetters()[index];
    const Event original = m_log.at(letter.message);
    Event e = original;
    e.publishTime = m_now;
    e.causation = letter.copy != kNoMessage ? letter.copy : letter.message;
    e.partition = -1;
    e.offset = -1;
    if (version > 0)
        e.version = version;
    std::vector<Field> fields;
    if (edited) {
        const PayloadBuilder& builder = m_builder.clear().setAll(*edited);
        fields.assign(builder.fields().begin(), builder.fields().end());
    } else {
        fields.assign(m_log.payload(original).begin(), m_log.payload(original).end());
    }
    const std::uint32_t seq = m_log.append(e, fields, m_seed).seq;
    m_bus.publish(seq);
    TraceRecord r;
    r.t = m_now;
    r.kind = TraceKind::Republished;
    r.message = seq;
    r.aux = letter.copy != kNoMessage ? letter.copy : letter.message;
    r.group = letter.group;
    emit(r);
    return seq;
}

// ---- ServiceContext ----

ServiceContext::ServiceContext(Simulation& sim, std::uint16_t service)
    : m_sim(sim)
    , m_service(service)
{
}

SimTime ServiceContext::now() const
{
    return m_sim.now();
}
const ServiceHost& ServiceContext::host() const
{
    return m_sim;
}
EventLog& ServiceContext::log()
{
    return m_sim.mutableLog();
}
Atom ServiceContext::intern(std::string_view text)
{
    return m_sim.mutableLog().atoms().intern(text);
}
RandomStream& ServiceContext::random()
{
    return m_sim.serviceRandom(m_service);
}
PayloadBuilder& ServiceContext::payload()
{
    return m_sim.payloadBuilder();
}

std::uint32_t ServiceContext::publish(
    Atom topic, Atom type, Atom key, const PayloadBuilder& payload, MessageOptions options)
{
    return m_sim.publish(m_service, topic, type, key, payload.fields(), options);
}

std::uint32_t ServiceContext::send(
    Atom target, Atom type, Atom key, const PayloadBuilder& payload, MessageOptions options)
{
    return m_sim.send(m_service, target, type, key, payload.fields(), options);
}

std::uint32_t ServiceContext::call(
    Atom target, Atom type, Atom key, const PayloadBuilder& payload, MessageOptions options)
{
    return m_sim.send(m_service, target, type, key, payload.fields(), options, true);
}

std::uint64_t ServiceContext::scheduleTimer(SimTime delay, std::uint64_t id)
{
    return m_sim.scheduleTimer(m_service, delay, id);
}

bool ServiceContext::crashBetweenWrites()
{
    return m_sim.crashBetweenWrites(m_service);
}

void ServiceContext::cancelTimer(std::uint64_t handle)
{
    m_sim.cancelTimer(handle);
}

void ServiceContext::trace(TraceRecord record)
{
    m_sim.traceFor(m_service, record);
}

bool ServiceContext::subscribe(std::string_view topic, std::string_view group, StartFrom start)
{
    return m_sim.subscribe(m_service, topic, group, 1, 0, start) != kNoIndex;
}

void ServiceContext::trace(TraceKind kind, Atom detail, std::int64_t aux)
{
    TraceRecord record;
    record.kind = kind;
    record.detail = detail;
    record.aux = aux;
    trace(record);
}

} // namespace eventloom
