#include "sagacoordinator.h"

#include "../bus/eventlog.h"
#include "../services/eventstoretrace.h"
#include "../services/servicecontext.h"

#include <QJsonArray>

namespace eventloom {

namespace {
constexpr std::uint32_t kSnapshotEvery = 8;

// Timer ids: the instance's index, the stream version when armed (a later move makes the timer
// stale), and the kind.
std::uint64_t timerId(std::size_t index, std::uint32_t version, std::uint64_t kind)
{
    return (static_cast<std::uint64_t>(index) << 33) | (static_cast<std::uint64_t>(version) << 1) | kind;
}
}

SagaCoordinator::SagaCoordinator(const SagaDefinition& definition, std::uint16_t sagaIndex, EventLog& log)
    : m_definition(&definition)
    , m_sagaIndex(sagaIndex)
    , m_names(log.atoms())
{
    snapshotEvery();
}

void SagaCoordinator::snapshotEvery()
{
    m_store.setSnapshotPolicy(
        kSnapshotEvery, [this](Atom) { return std::make_unique<SagaAggregate>(m_names, *m_definition); });
}

void SagaCoordinator::rebind(const ServiceHost& host)
{
    snapshotEvery();
    m_store.forEachSnapshot([&](Aggregate& a) { static_cast<SagaAggregate&>(a).rebind(m_names, host.log()); });
    for (Runtime& r : m_instances)
        r.state->rebind(m_names, host.log());
}

const SagaInstance* SagaCoordinator::instance(Atom sagaId) const
{
    const auto it = m_byId.find(sagaId);
    return it == m_byId.end() ? nullptr : &current(m_instances[it->second]);
}

SagaInstance SagaCoordinator::instanceAt(Atom sagaId, SimTime t, const EventLog& log) const
{
    SagaAggregate past(m_names, *m_definition);
    m_store.loadAtTime(sagaId, t, past, log);
    return past.instance();
}

void SagaCoordinator::record(ServiceContext& ctx, Runtime& r, SagaPhase phase, int step, int attempt, Atom reason,
    SimTime deadline, bool inDoubt, Value data, Atom key)
{
    const SagaNames& n = m_names;
    std::vector<Field> payload { { n.step, Value::integer(step) } };
    if (attempt > 0)
        payload.push_back({ n.attempt, Value::integer(attempt) });
    if (deadline > 0)
        payload.push_back({ n.deadline, Value::integer(deadline) });
    if (reason != 0)
        payload.push_back({ n.reason, Value::string(reason) });
    if (inDoubt)
        payload.push_back({ n.inDoubt, Value::integer(1) });
    if (phase == SagaPhase::Started)
        payload.push_back({ n.key, Value::string(key) });
    if (data.type == Value::Type::Map)
        payload.push_back({ n.data, data });
    disarm(ctx, r); // every move ends the wait its timer was for
    const NewEvent event { 0, 0, n.phaseType[static_cast<int>(phase)], payload, r.lastMessage };
    // The coordinator is the only writer of its saga log: the version it expects is always current.
    const auto result
        = EventStoreTrace::append(ctx, m_store, r.id, ExpectedVersion::exact(m_store.version(r.id)), event);
    r.state->apply(m_store.at(result.firstPosition), ctx.log());
    TraceRecord saga = sagaRecord(phase, m_sagaIndex, r.id, step, attempt, reason);
    saga.message = r.lastMessage;
    ctx.trace(saga);
}

void SagaCoordinator::sendFor(ServiceContext& ctx, Runtime& r, Atom service, Atom command, Atom reason)
{
    PayloadBuilder& payload = ctx.payload();
    for (const Field& f : current(r).data)
        payload.set(f.key, f.value);
    if (reason != 0)
        payload.set(m_names.reason, Value::string(reason));
    MessageOptions options;
    options.correlation = r.id;
    options.causation = r.lastMessage;
    ctx.send(service, command, current(r).key != 0 ? current(r).key : r.id, payload, options);
}

void SagaCoordinator::arm(ServiceContext& ctx, Runtime& r, std::size_t index, TimerKind kind, SimTime delay)
{
    disarm(ctx, r);
    r.timer = ctx.scheduleTimer(
        std::max<SimTime>(0, delay), timerId(index, m_store.version(r.id), static_cast<std::uint64_t>(kind)));
}

void SagaCoordinator::disarm(ServiceContext& ctx, Runtime& r)
{
    if (r.timer == kNoTimer)
        return;
    ctx.cancelTimer(r.timer);
    r.timer = kNoTimer;
}

bool SagaCoordinator::seenBefore(std::uint32_t message)
{
    const std::size_t word = message / 64;
    const std::uint64_t bit = std::uint64_t(1) << (message % 64);
    if (word < m_handled.size() && (m_handled[word] & bit) != 0)
        return true;
    if (m_handled.size() <= word)
        m_handled.resize(std::max<std::size_t>(word + 1, m_handled.size() * 2));
    m_handled.mutableAt(word) |= bit;
    return false;
}

void SagaCoordinator::startStep(ServiceContext& ctx, Runtime& r, int step, int attempt)
{
    const SagaStep& s = m_definition->steps[static_cast<std::size_t>(step)];
    record(ctx, r, attempt > 1 ? SagaPhase::StepRetried : SagaPhase::StepStarted, step, attempt, 0,
        addTime(ctx.now(), s.action.timeout));
    sendFor(ctx, r, s.serviceAtom, s.action.commandAtom);
    arm(ctx, r, m_byId.at(r.id), TimerKind::Deadline, s.action.timeout);
}

void SagaCoordinator::startCompensation(ServiceContext& ctx, Runtime& r, int step, int attempt)
{
    const SagaStep& s = m_definition->steps[static_cast<std::size_t>(step)];
    record(ctx, r, SagaPhase::CompensationStarted, step, attempt, 0, addTime(ctx.now(), s.compensation.timeout));
    sendFor(ctx, r, s.serviceAtom, s.compensation.commandAtom);
    arm(ctx, r, m_byId.at(r.id), TimerKind::Deadline, s.compensation.timeout);
}

void SagaCoordinator::compensateFrom(ServiceContext& ctx, Runtime& r, int from)
{
    if (const int step = m_definition->compensableAtOrBelow(from); step >= 0)
        startCompensation(ctx, r, step, 1);
    else
        finish(ctx, r, SagaPhase::Compensated, m_definition->onCompensated);
}

void SagaCoordinator::finish(ServiceContext& ctx, Runtime& r, SagaPhase phase, const SagaDefinition::Notice& notice)
{
    const SagaInstance& now = current(r);
    record(ctx, r, phase, -1, 0, phase == SagaPhase::Compensated ? now.reason : 0);
    if (!notice.valid())
        return;
    // The owner learns the outcome; a cancellation carries the reason the saga failed.
    sendFor(ctx, r, notice.serviceAtom, notice.commandAtom, phase == SagaPhase::Compensated ? now.reason : 0);
}

bool SagaCoordinator::isAnswer(Atom type) const
{
    return std::any_of(m_definition->steps.begin(), m_definition->steps.end(), [type](const SagaStep& s) {
        return type == s.action.successAtom || s.action.isFailure(type)
            || (s.compensable() && type == s.compensation.successAtom);
    });
}

Atom SagaCoordinator::reasonOf(ServiceContext& ctx, const Event& message) const
{
    const Value v = ctx.log().field(message, m_names.reason);
    return v.type == Value::Type::String ? v.s : message.type;
}

HandleResult SagaCoordinator::handle(ServiceContext& ctx, const Event& message)
{
    // A message handled before (a redelivery after a crash, a duplicate) changes nothing: the state
    // already reflects it. Say so, as an idempotent consumer does, rather than report an effect.
    if (seenBefore(message.seq))
        return { HandleOutcome::SkippedDuplicate, 0 };
    if (message.type == m_definition->startAtom) {
        const Atom id = message.correlation != 0 ? message.correlation : message.key;
        if (m_byId.count(id) > 0)
            return { HandleOutcome::SkippedDuplicate, ctx.intern("saga already started") };
        m_byId.emplace(id, m_instances.size());
        Runtime& r = m_instances.emplace_back();
        r.id = id;
        r.state = std::make_unique<SagaAggregate>(m_names, *m_definition);
        r.lastMessage = message.seq;
        record(ctx, r, SagaPhase::Started, -1, 0, 0, 0, false,
            Value::map({ message.payloadBegin, message.payloadCount }), message.key);
        if (m_definition->steps.empty())
            finish(ctx, r, SagaPhase::Completed, m_definition->onCompleted);
        else
            startStep(ctx, r, 0, 1);
        return {};
    }
    const auto it = m_byId.find(message.correlation);
    if (it == m_byId.end()) // e.g. its saga was forgotten with a coordinator that kept no log
        return { HandleOutcome::Ok, ctx.intern("ignored: no saga with this correlation id") };
    return onAnswer(ctx, m_instances[it->second], message);
}

HandleResult SagaCoordinator::onAnswer(ServiceContext& ctx, Runtime& r, const Event& message)
{
    // An answer that moves the saga is an effect (traced ok). One that does not is handled too, but
    // changes nothing; its detail says why, so the trace never shows it as an effect.
    const SagaInstance& now = current(r);
    if (now.finished()) {
        m_lateAnswers += isAnswer(message.type) ? 1 : 0;
        return { HandleOutcome::Ok, ctx.intern("ignored: the saga has already ended") };
    }
    if (now.step < 0)
        return { HandleOutcome::Ok, ctx.intern("ignored: not an answer the saga waits for") };
    const SagaStep& s = m_definition->steps[static_cast<std::size_t>(now.step)];
    const int step = now.step;
    if (now.runningStep(step)) {
        if (message.type == s.action.successAtom) {
            r.lastMessage = message.seq;
            record(ctx, r, SagaPhase::StepSucceeded, step, now.attempt, 0, 0, false,
                Value::map({ message.payloadBegin, message.payloadCount }));
            if (step + 1 < static_cast<int>(m_definition->steps.size()))
                startStep(ctx, r, step + 1, 1);
            else
                finish(ctx, r, SagaPhase::Completed, m_definition->onCompleted);
            return {};
        }
        if (s.action.isFailure(message.type)) {
            r.lastMessage = message.seq;
            // After a retry, one try's failure does not prove another try did not succeed: the step
            // is in doubt and compensated too (a compensation of nothing is a no-op).
            const bool inDoubt = now.attempt > 1;
            record(ctx, r, SagaPhase::StepFailed, step, now.attempt, reasonOf(ctx, message), 0, inDoubt);
            compensateFrom(ctx, r, inDoubt ? step : step - 1);
            return {};
        }
    } else if (now.compensating(step) && message.type == s.compensation.successAtom) {
        r.lastMessage = message.seq;
        record(ctx, r, SagaPhase::CompensationSucceeded, step, now.attempt);
        compensateFrom(ctx, r, step - 1);
        return {};
    }
    // Anything else (an answer to an earlier step, a late answer to a try given up on) is not for this state.
    return { HandleOutcome::Ok, ctx.intern("ignored: not an answer the saga waits for") };
}

void SagaCoordinator::timer(ServiceContext& ctx, std::uint64_t id)
{
    const std::size_t index = static_cast<std::size_t>(id >> 33);
    const auto version = static_cast<std::uint32_t>((id >> 1) & 0xFFFFFFFFu);
    const auto kind = static_cast<TimerKind>(id & 1);
    if (index >= m_instances.size())
        return;
    Runtime& r = m_instances[index];
    if (m_store.version(r.id) != version)
        return; // the instance moved since: a stale timer (defensive: every move cancels its timer)
    r.timer = kNoTimer; // this one: it fired
    const SagaInstance& now = current(r);
    if (now.finished() || now.step < 0)
        return;
    const int step = now.step;
    const SagaStep& s = m_definition->steps[static_cast<std::size_t>(step)];
    const bool compensating = now.status == SagaInstance::Status::Compensating;
    const SagaAction& action = compensating ? s.compensation : s.action;
    if (kind == TimerKind::Resend) {
        if (compensating)
            startCompensation(ctx, r, step, now.attempt + 1);
        else
            startStep(ctx, r, step, now.attempt + 1);
        return;
    }
    const int attempt = now.attempt;
    const Atom noAnswer = ctx.intern("no " + action.success + " within " + formatDuration(action.timeout));
    record(ctx, r, compensating ? SagaPhase::CompensationFailed : SagaPhase::StepTimedOut, step, attempt, noAnswer);
    const SimTime wait = action.retry.delayBefore(attempt + 1);
    if (action.retry.allowsAnother(attempt, now.firstTry, addTime(ctx.now(), wait))) {
        arm(ctx, r, index, TimerKind::Resend, wait);
        return;
    }
    std::string tries = std::to_string(attempt) + (attempt == 1 ? " try" : " tries");
    if (attempt <= action.retry.count) // it was the deadline that ended the tries
        tries += " in " + formatDuration(ctx.now() - now.firstTry);
    if (compensating) {
        record(ctx, r, SagaPhase::Stuck, step, attempt,
            ctx.intern("compensation " + s.compensation.command + " of step " + s.id + " unanswered after " + tries));
        return;
    }
    // The step may have run although no answer came: it is compensated too (compensations are idempotent).
    ++m_gaveUp;
    record(ctx, r, SagaPhase::StepFailed, step, attempt, ctx.intern("timed out after " + tries), 0, true);
    compensateFrom(ctx, r, step);
}

void SagaCoordinator::restarted(ServiceContext& ctx)
{
    // A crash loses the process's memory; only what it stored survives. So the restarted coordinator
    // throws away every instance it held and rebuilds each one by folding its saga-log stream.
    m_instances.clear();
    m_byId.clear();
    if (!m_definition->durableLog) {
        // Its saga log (and its inbox) lived in memory: every saga is forgotten. Their answers still
        // arrive, correlated to no instance, and change nothing: those orders stay half done.
        m_store = EventStore();
        snapshotEvery();
        m_handled = {};
        return;
    }
    const CowVector<Atom>& streams = m_store.streams(); // in creation order: the order the sagas started
    m_instances.reserve(streams.size());
    for (std::size_t i = 0; i < streams.size(); ++i) {
        Runtime& r = m_instances.emplace_back();
        r.id = streams[i];
        r.state = std::make_unique<SagaAggregate>(m_names, *m_definition);
        m_store.load(r.id, *r.state, ctx.log());
        r.lastMessage = m_store.streamEvent(r.id, m_store.version(r.id)).causation;
        m_byId.emplace(r.id, i);
    }
    // Timers died with the process; the deadlines are in the saga log. A saga that waited for an answer
    // sends its command again (it cannot know whether the answer is still on its way, and participants
    // answer a repeated command as before); one that waited to retry retries now. In start order.
    for (Runtime& r : m_instances) {
        const SagaInstance& now = current(r);
        if (now.finished())
            continue;
        if (now.waiting == SagaInstance::Waiting::Step)
            startStep(ctx, r, now.step, now.attempt + 1);
        else if (now.waiting == SagaInstance::Waiting::Compensation)
            startCompensation(ctx, r, now.step, now.attempt + 1);
        else if (now.waiting == SagaInstance::Waiting::Backoff)
            arm(ctx, r, m_byId.at(r.id), TimerKind::Resend, 0);
    }
}

QJsonObject SagaCoordinator::state() const
{
    std::int64_t counts[5] = {};
    for (const Runtime& r : m_instances)
        ++counts[static_cast<int>(current(r).status)];
    QJsonObject state { { QStringLiteral("saga"), QString::fromStdString(m_definition->id) },
        { QStringLiteral("style"), QLatin1String(SagaDefinition::styleName(m_definition->style)) },
        { QStringLiteral("instances"), static_cast<qint64>(m_instances.size()) },
        { QStringLiteral("sagaLogEvents"), static_cast<qint64>(m_store.size()) },
        { QStringLiteral("gaveUp"), static_cast<qint64>(m_gaveUp) },
        { QStringLiteral("lateAnswers"), static_cast<qint64>(m_lateAnswers) } };
    for (int s = 0; s < 5; ++s)
        state.insert(QLatin1String(SagaInstance::statusName(static_cast<SagaInstance::Status>(s))),
            static_cast<qint64>(counts[s]));
    return state;
}

} // namespace eventloom
