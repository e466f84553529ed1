#include "sagainstance.h"

#include "../bus/eventlog.h"
#include "../eventstore/storedevent.h"

#include <QJsonArray>
#include <algorithm>

namespace eventloom {

namespace {
QString textOf(const EventLog& log, Atom atom)
{
    const std::string_view s = log.text(atom);
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

constexpr const char* kPhaseTypes[] = { "", "SagaStarted", "StepStarted", "StepSucceeded", "StepFailed", "StepTimedOut",
    "StepRetried", "CompensationStarted", "CompensationSucceeded", "CompensationFailed", "SagaCompleted",
    "SagaCompensated", "SagaStuck" };
}

void SagaInstance::on(SagaPhase phase, int s, int a, SimTime t, SimTime due, Atom why, bool doubt)
{
    switch (phase) {
    case SagaPhase::None:
        break;
    case SagaPhase::Started:
        status = Status::Running;
        startedAt = t;
        break;
    case SagaPhase::StepStarted:
    case SagaPhase::StepRetried:
        if (a <= 1) // a retry (or a resend after a restart) keeps the first try's time
            firstTry = t;
        step = s;
        attempt = a;
        waiting = Waiting::Step;
        since = t;
        deadline = due;
        break;
    case SagaPhase::StepSucceeded:
        completed = s + 1;
        waiting = Waiting::Nothing;
        break;
    case SagaPhase::StepTimedOut:
    case SagaPhase::CompensationFailed:
        waiting = Waiting::Backoff;
        reason = why;
        break;
    case SagaPhase::StepFailed:
        status = Status::Compensating;
        failedStep = s;
        reason = why;
        inDoubt = doubt;
        waiting = Waiting::Nothing;
        break;
    case SagaPhase::CompensationStarted:
        if (a <= 1)
            firstTry = t;
        status = Status::Compensating;
        step = s;
        attempt = a;
        waiting = Waiting::Compensation;
        since = t;
        deadline = due;
        break;
    case SagaPhase::CompensationSucceeded:
        ++compensations;
        waiting = Waiting::Nothing;
        break;
    case SagaPhase::Completed:
        status = Status::Completed;
        waiting = Waiting::Nothing;
        endedAt = t;
        break;
    case SagaPhase::Compensated:
        status = Status::Compensated;
        waiting = Waiting::Nothing;
        endedAt = t;
        break;
    case SagaPhase::Stuck:
        status = Status::Stuck;
        waiting = Waiting::Nothing;
        if (why != 0)
            reason = why;
        endedAt = t;
        break;
    }
}

void SagaInstance::merge(std::span<const Field> fields)
{
    for (const Field& f : fields) {
        auto it = std::find_if(data.begin(), data.end(), [&](const Field& d) { return d.key == f.key; });
        if (it == data.end())
            data.push_back(f);
        else
            it->value = f.value;
    }
}

const char* SagaInstance::statusName(Status status)
{
    static const char* const kNames[] = { "running", "compensating", "completed", "compensated", "stuck" };
    return kNames[static_cast<int>(status)];
}

QJsonObject SagaInstance::toJson(const SagaDefinition& definition, const EventLog& log) const
{
    const auto stepName = [&](int s) {
        return s >= 0 && s < static_cast<int>(definition.steps.size())
            ? QString::fromStdString(definition.steps[static_cast<std::size_t>(s)].id)
            : QString();
    };
    QJsonObject fields;
    for (const Field& f : data)
        fields.insert(textOf(log, f.key), log.toJson(f.value));
    QJsonObject json { { QStringLiteral("sagaId"), textOf(log, id) },
        { QStringLiteral("saga"), QString::fromStdString(definition.id) },
        { QStringLiteral("status"), QLatin1String(statusName(status)) },
        { QStringLiteral("completedSteps"), completed }, { QStringLiteral("compensations"), compensations },
        { QStringLiteral("startedUs"), static_cast<qint64>(startedAt) }, { QStringLiteral("data"), fields } };
    if (!finished() && step >= 0) {
        json.insert(QStringLiteral("step"), stepName(step));
        json.insert(QStringLiteral("attempt"), attempt);
        json.insert(QStringLiteral("deadlineUs"), static_cast<qint64>(deadline));
    }
    if (failedStep >= 0)
        json.insert(QStringLiteral("failedStep"), stepName(failedStep));
    if (reason != 0)
        json.insert(QStringLiteral("reason"), textOf(log, reason));
    if (endedAt >= 0)
        json.insert(QStringLiteral("endedUs"), static_cast<qint64>(endedAt));
    return json;
}

SagaNames::SagaNames(AtomTable& atoms)
    : step(atoms.intern("step"))
    , attempt(atoms.intern("attempt"))
    , deadline(atoms.intern("deadlineUs"))
    , reason(atoms.intern("reason"))
    , inDoubt(atoms.intern("inDoubt"))
    , data(atoms.intern("data"))
    , key(atoms.intern("key"))
{
    for (std::size_t i = 1; i < std::size(kPhaseTypes); ++i)
        phaseType[i] = atoms.intern(kPhaseTypes[i]);
}

SagaPhase SagaNames::phaseOf(Atom type) const
{
    for (std::size_t i = 1; i < std::size(phaseType); ++i)
        if (phaseType[i] == type)
            return static_cast<SagaPhase>(i);
    return SagaPhase::None;
}

void SagaAggregate::apply(const StoredEvent& event, const EventLog& log)
{
    m_log = &log;
    const SagaNames& n = *m_names;
    const auto integer = [&](Atom field) {
        const Value v = event.field(log, field);
        return v.type == Value::Type::Int ? v.i : std::int64_t { 0 };
    };
    const SagaPhase phase = n.phaseOf(event.type);
    const Value why = event.field(log, n.reason);
    m_instance.on(phase, static_cast<int>(integer(n.step)), static_cast<int>(integer(n.attempt)), event.time,
        integer(n.deadline), why.type == Value::Type::String ? why.s : 0, integer(n.inDoubt) != 0);
    if (phase == SagaPhase::Started) {
        m_instance.id = event.stream;
        const Value key = event.field(log, n.key);
        m_instance.key = key.type == Value::Type::String ? key.s : 0;
    }
    // The data travels in the log: the start message's payload, then each step's answer.
    if (phase == SagaPhase::Started || phase == SagaPhase::StepSucceeded) {
        const Value data = event.field(log, n.data);
        if (data.type == Value::Type::Map)
            m_instance.merge(log.fields(data.range.begin, data.range.count));
    }
}

QJsonObject SagaAggregate::state() const
{
    return m_log ? m_instance.toJson(*m_definition, *m_log) : QJsonObject {};
}

TraceRecord sagaRecord(SagaPhase phase, std::uint16_t saga, Atom sagaId, int step, int attempt, Atom reason)
{
    TraceRecord r;
    r.kind = TraceKind::Saga;
    r.phase = phase;
    r.saga = saga;
    r.subject = sagaId;
    r.aux = step;
    r.attempt = static_cast<std::uint16_t>(std::max(0, attempt));
    r.detail = reason;
    return r;
}

} // namespace eventloom
