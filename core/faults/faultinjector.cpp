#include "faultinjector.h"

#include "../services/service.h"
#include "../sim/simulation.h"
#include "faultengine.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace eventloom {

namespace {
void traceInjection(Simulation& sim, std::uint16_t service, const QString& text)
{
    TraceRecord r;
    r.kind = TraceKind::Injection;
    r.detail = sim.mutableLog().atoms().intern(text.toStdString());
    sim.traceFor(service, r);
}

Atom typeAtom(const InjectionSpec& spec, Simulation& sim)
{
    return spec.type.isEmpty() ? 0 : sim.mutableLog().atoms().intern(spec.type.toStdString());
}

/// The consumer groups (one per topic the group name reads) and their partitions a `reset-offset` names.
struct ResetTarget {
    std::uint16_t group = 0;
    std::vector<std::int32_t> partitions;
};

bool groupKnown(const InjectionSpec& spec, const Simulation& sim)
{
    const Atom name = sim.log().atoms().find(spec.group.toStdString());
    for (std::uint16_t g = 0; name != 0 && g < sim.bus().groupCount(); ++g)
        if (sim.bus().group(g).name == name)
            return true;
    return false;
}

/// Fills `targets`; returns why the spec names nothing it can reset, or an empty string.
QString resetTargets(const InjectionSpec& spec, const Simulation& sim, std::vector<ResetTarget>& targets)
{
    const EventBus& bus = sim.bus();
    const auto text = [&](Atom a) {
        return QString::fromUtf8(sim.log().text(a).data(), static_cast<qsizetype>(sim.log().text(a).size()));
    };
    const Atom name = sim.log().atoms().find(spec.group.toStdString());
    QStringList topics; // the topics the group reads
    for (std::uint16_t g = 0; name != 0 && g < bus.groupCount(); ++g) {
        const ConsumerGroup& group = bus.group(g);
        if (group.name != name)
            continue;
        const QString topic = text(bus.topic(group.topic).name);
        topics << topic;
        if (!spec.topic.isEmpty() && topic != spec.topic)
            continue;
        ResetTarget target { g, {} };
        const auto count = static_cast<std::int32_t>(group.partitions.size());
        if (spec.partition && *spec.partition >= count)
            return QStringLiteral("%1: topic '%2' has %3 partition(s); there is no partition %4")
                .arg(spec.text(), topic)
                .arg(count)
                .arg(*spec.partition);
        for (std::int32_t p = 0; p < count; ++p)
            if (!spec.partition || *spec.partition == p)
                target.partitions.push_back(p);
        targets.push_back(std::move(target));
    }
    if (topics.isEmpty()) {
        QStringList groups;
        for (std::uint16_t g = 0; g < bus.groupCount(); ++g)
            if (const QString group = text(bus.group(g).name); !groups.contains(group))
                groups << group;
        return QStringLiteral("%1: unknown consumer group '%2' (the groups: %3)")
            .arg(spec.text(), spec.group, groups.join(QStringLiteral(", ")));
    }
    if (targets.empty())
        return QStringLiteral("%1: group '%2' does not read topic '%3' (it reads %4)")
            .arg(spec.text(), spec.group, spec.topic, topics.join(QStringLiteral(", ")));
    if (spec.partition && spec.topic.isEmpty() && targets.size() > 1)
        return QStringLiteral("%1: group '%2' reads several topics (%3); name the partition's topic with topic=")
            .arg(spec.text(), spec.group, topics.join(QStringLiteral(", ")));
    return {};
}

void resetOffsets(const InjectionSpec& spec, Simulation& sim, const std::vector<ResetTarget>& targets)
{
    EventBus& bus = sim.mutableBus();
    for (const ResetTarget& target : targets) {
        const std::uint16_t topic = bus.group(target.group).topic;
        std::vector<std::pair<std::int32_t, std::int64_t>> positions;
        for (const std::int32_t p : target.partitions) {
            const auto end = static_cast<std::int64_t>(bus.topic(topic).logs[static_cast<std::size_t>(p)].size());
            const std::int64_t offset = spec.resetTo == InjectionSpec::ResetTo::Earliest ? 0
                : spec.resetTo == InjectionSpec::ResetTo::Latest                         ? end
                                                                 : bus.offsetForTime(topic, p, spec.resetTime);
            positions.emplace_back(p, offset);
        }
        bus.resetOffsets(target.group, positions);
    }
}

/// Why `service` cannot be attached, detached or scaled as `spec` asks (Simulation::consumerState), or
/// an empty string. `now`: as things stand now; otherwise only whether it consumes at all (a scheduled one
/// is checked again when its time comes).
QString checkConsumer(const InjectionSpec& spec, const Simulation& sim, std::uint16_t service, bool now)
{
    using State = Simulation::ConsumerState;
    const State state = sim.consumerState(service);
    if (state == State::None)
        return QStringLiteral("%1: service '%2' consumes nothing (it reads no topic)").arg(spec.text(), spec.service);
    if (!now)
        return {};
    if (spec.kind == InjectionSpec::Kind::Attach && state == State::Attached)
        return QStringLiteral("%1: service '%2' is attached already (detach it first)").arg(spec.text(), spec.service);
    if (spec.kind == InjectionSpec::Kind::Detach && state == State::Pending)
        return QStringLiteral("%1: service '%2' is not attached yet").arg(spec.text(), spec.service);
    if (spec.kind == InjectionSpec::Kind::Detach && state == State::Detached)
        return QStringLiteral("%1: service '%2' is detached already").arg(spec.text(), spec.service);
    return {};
}

std::optional<StartFrom> startFrom(InjectionSpec::From from)
{
    switch (from) {
    case InjectionSpec::From::Earliest:
        return StartFrom::Earliest;
    case InjectionSpec::From::Latest:
        return StartFrom::Latest;
    default:
        return std::nullopt;
    }
}

/// A `fail` window (`for=` without `count=`) makes this many operations pending at its start and
/// takes them back at its end: every one in between fails. Several windows may overlap.
constexpr int kFailWindowCount = 1 << 26;
}

QString FaultInjector::check(const InjectionSpec& spec, const Simulation& sim)
{
    const std::uint16_t service = spec.service.isEmpty() ? kNoIndex : sim.findService(spec.service.toStdString());
    if (!spec.service.isEmpty() && service == kNoIndex)
        return QStringLiteral("%1: unknown service '%2'").arg(spec.text(), spec.service);
    switch (spec.kind) {
    case InjectionSpec::Kind::Attach:
    case InjectionSpec::Kind::Detach:
    case InjectionSpec::Kind::Scale:
        return service == kNoIndex
            ? QStringLiteral("%1: %2 needs service=NAME").arg(spec.text(), InjectionSpec::kindName(spec.kind))
            : checkConsumer(spec, sim, service, true);
    case InjectionSpec::Kind::Crash:
    case InjectionSpec::Kind::Break:
    case InjectionSpec::Kind::Unbreak:
    case InjectionSpec::Kind::IdempotentProducer:
        return {};
    case InjectionSpec::Kind::Resolve: {
        const Simulation& s = sim;
        const FaultEngine* faults = s.faultEngine();
        if (!faults || !faults->findPending(spec))
            return QStringLiteral("%1: no delivery of group '%2', partition %3, offset %4 is waiting at a breakpoint")
                .arg(spec.text(), spec.group)
                .arg(spec.partition.value_or(-1))
                .arg(spec.offset.value_or(-1));
        return {};
    }
    case InjectionSpec::Kind::ResetOffset: {
        std::vector<ResetTarget> targets;
        return resetTargets(spec, sim, targets);
    }
    case InjectionSpec::Kind::Republish:
        if (static_cast<std::size_t>(spec.index.value_or(-1)) >= sim.deadLetters().size())
            return QStringLiteral("%1: there is no dead letter %2 (%3 so far)")
                .arg(spec.text())
                .arg(spec.index.value_or(-1))
                .arg(sim.deadLetters().size());
        return {};
    case InjectionSpec::Kind::Idempotency: {
        if (service == kNoIndex)
            return QStringLiteral("%1: 'idempotency' needs service=NAME").arg(spec.text());
        // Asking with the service's current setting changes nothing; only services with an inbox answer true.
        Simulation& s = const_cast<Simulation&>(sim);
        const QJsonValue current = s.service(service).state().value(QLatin1String("idempotent"));
        if (!current.isBool() || !s.mutableService(service).setIdempotent(current.toBool()))
            return QStringLiteral("%1: service '%2' has no idempotent-consumer inbox").arg(spec.text(), spec.service);
        return {};
    }
    case InjectionSpec::Kind::Fail: {
        if (service == kNoIndex)
            return QStringLiteral("%1: 'fail' needs service=NAME").arg(spec.text());
        Simulation& s = const_cast<Simulation&>(sim); // failNext(type, 0) and interning change nothing observable
        const Atom type = typeAtom(spec, s);
        // Asking with a count of 0 changes nothing: it only tells whether the service can fail that way.
        if (!s.mutableService(service).failNext(type, 0))
            return spec.type.isEmpty()
                ? QStringLiteral("%1: service '%2' has no operation that can fail").arg(spec.text(), spec.service)
                : QStringLiteral("%1: service '%2' does not handle '%3', so it cannot fail it")
                      .arg(spec.text(), spec.service, spec.type);
        return {};
    }
    default:
        return FaultEngine::check(spec, sim);
    }
}

QString FaultInjector::applyNow(const InjectionSpec& spec, Simulation& sim)
{
    if (QString problem = check(spec, sim); !problem.isEmpty())
        return problem;
    std::uint16_t service = spec.service.isEmpty() ? kNoIndex : sim.findService(spec.service.toStdString());
    std::vector<ResetTarget> targets;
    if (spec.kind == InjectionSpec::Kind::ResetOffset) {
        resetTargets(spec, sim, targets); // checked above
        if (service == kNoIndex)
            service = sim.bus().group(targets.front().group).service;
    }
    const QString traced = spec.text(); // written once, here: what the trace, a replay and a rule's stream see
    traceInjection(sim, service, traced);
    switch (spec.kind) {
    case InjectionSpec::Kind::ResetOffset:
        resetOffsets(spec, sim, targets);
        return {};
    case InjectionSpec::Kind::Crash:
        if (!spec.point.isEmpty()) // armed: the service crashes when it reaches the point
            sim.armCrashBetweenWrites(service, spec.count.value_or(1), spec.duration.value_or(kSecond));
        else
            sim.crashService(service, spec.duration.value_or(kSecond));
        return {};
    case InjectionSpec::Kind::Fail: {
        const Atom type = typeAtom(spec, sim);
        if (spec.count || !spec.duration) {
            sim.mutableService(service).failNext(type, spec.count.value_or(1));
            return {};
        }
        // A window: every operation fails from now for `for=`.
        sim.mutableService(service).failNext(type, kFailWindowCount);
        sim.scheduleCall(addTime(sim.now(), *spec.duration),
            [service, type](Simulation& s) { s.mutableService(service).failNext(type, -kFailWindowCount); });
        return {};
    }
    case InjectionSpec::Kind::Idempotency:
        sim.mutableService(service).setIdempotent(*spec.on);
        return {};
    case InjectionSpec::Kind::Attach:
        sim.attachConsumer(service, startFrom(spec.from));
        return {};
    case InjectionSpec::Kind::Detach:
        sim.detachConsumer(service);
        return {};
    case InjectionSpec::Kind::Scale:
        sim.setInstances(service, static_cast<std::uint16_t>(*spec.instances));
        return {};
    case InjectionSpec::Kind::IdempotentProducer:
        sim.mutableBus().setIdempotentProducer(service, *spec.on);
        return {};
    case InjectionSpec::Kind::Break:
        sim.faults().setBreakpoint(service);
        return {};
    case InjectionSpec::Kind::Unbreak:
        if (service == kNoIndex)
            sim.faults().clearBreakpoints();
        else
            sim.faults().clearBreakpoint(service);
        return {};
    case InjectionSpec::Kind::Resolve: {
        FaultEngine& faults = sim.faults();
        const FaultEngine::PendingDelivery* held = faults.findPending(spec);
        const FaultEngine::Choice choice = spec.choice == QLatin1String("drop") ? FaultEngine::Choice::Drop
            : spec.choice == QLatin1String("duplicate")                         ? FaultEngine::Choice::Duplicate
            : spec.choice == QLatin1String("delay")                             ? FaultEngine::Choice::Delay
                                                                                : FaultEngine::Choice::Deliver;
        faults.resolve(held->id, choice, static_cast<std::uint16_t>(spec.copies.value_or(1)),
            spec.latency.value_or(100 * kMillisecond));
        return {};
    }
    case InjectionSpec::Kind::Republish: {
        const auto index = static_cast<std::size_t>(*spec.index);
        const auto version = static_cast<std::uint16_t>(spec.version.value_or(0));
        if (spec.payload.isEmpty()) {
            sim.republishDeadLetter(index, nullptr, version);
        } else {
            const QJsonObject edited = QJsonDocument::fromJson(spec.payload).object();
            sim.republishDeadLetter(index, &edited, version);
        }
        return {};
    }
    default:
        return sim.faults().addRule(spec, traced);
    }
}

QString FaultInjector::schedule(const InjectionSpec& spec, Simulation& sim)
{
    if (spec.atPause) {
        // Done at a pause: only the service must exist now; the held delivery, when the run pauses.
        if (spec.kind != InjectionSpec::Kind::Resolve && spec.kind != InjectionSpec::Kind::Republish)
            if (QString problem = check(spec, sim); !problem.isEmpty())
                return problem;
        sim.faults().scheduleAtPause(spec);
        return {};
    }
    // A dead letter to republish need not exist yet, nor a group attached later (`attachAt`) whose offset
    // is reset: applyNow checks them when the time comes.
    const bool later = spec.kind == InjectionSpec::Kind::Republish
        || (spec.kind == InjectionSpec::Kind::ResetOffset && !groupKnown(spec, sim));
    // A consumer attached, detached or scaled later: whether it is attached then, applyNow checks.
    if (spec.kind == InjectionSpec::Kind::Attach || spec.kind == InjectionSpec::Kind::Detach
        || spec.kind == InjectionSpec::Kind::Scale) {
        const std::uint16_t service = sim.findService(spec.service.toStdString());
        if (service == kNoIndex)
            return QStringLiteral("%1: unknown service '%2'").arg(spec.text(), spec.service);
        if (QString problem = checkConsumer(spec, sim, service, false); !problem.isEmpty())
            return problem;
        sim.scheduleCall(spec.at, [spec](Simulation& s) { applyNow(spec, s); });
        return {};
    }
    if (!later)
        if (QString problem = check(spec, sim); !problem.isEmpty())
            return problem;
    sim.scheduleCall(spec.at, [spec](Simulation& s) { applyNow(spec, s); });
    return {};
}

InjectionSpec FaultInjector::timedNow(InjectionSpec spec, Simulation& sim)
{
    if (sim.faultEngine() && sim.faults().waiting())
        return atPause(std::move(spec), sim.now());
    spec.setAt(addTime(sim.now(), 1));
    return spec;
}

InjectionSpec FaultInjector::atPause(InjectionSpec spec, SimTime t)
{
    spec.setAt(t);
    spec.atPause = true;
    return spec;
}

} // namespace eventloom
