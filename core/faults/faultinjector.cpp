#include "faultinjector.h"

#include "../services/service.h"
#include "../sim/simulation.h"
#include "faultengine.h"

#include <QJsonDocument>
#include <QJsonObject>

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

    /// A `fail` window (`for=` without `count=`) makes this many operations pending at its start and
    /// takes them back at its end: every one in between fails. Several windows may overlap.
    constexpr int kFailWindowCount = 1 << 26;
}

QString FaultInjector::check(const InjectionSpec& spec, const Simulation& sim)
{
    const std::uint16_t service = spec.service.isEmpty() ? kNoIndex : sim.findService(spec.service.toStdString());
    if (!spec.service.isEmpty() && service == kNoIndex)
        return QStringLiteral("%1: unknown service '%2'").arg(spec.text, spec.service);
    switch (spec.kind) {
    case InjectionSpec::Kind::Crash:
    case InjectionSpec::Kind::Break:
    case InjectionSpec::Kind::Unbreak:
        return {};
    case InjectionSpec::Kind::Resolve: {
        const Simulation& s = sim;
        const FaultEngine* faults = s.faultEngine();
        if (!faults || !faults->findPending(spec))
            return QStringLiteral("%1: no delivery of group '%2', partition %3, offset %4 is waiting at a breakpoint")
                .arg(spec.text, spec.group)
                .arg(spec.partition.value_or(-1))
                .arg(spec.offset.value_or(-1));
        return {};
    }
    case InjectionSpec::Kind::Republish:
        if (static_cast<std::size_t>(spec.index.value_or(-1)) >= sim.deadLetters().size())
            return QStringLiteral("%1: there is no dead letter %2 (%3 so far)")
                .arg(spec.text)
                .arg(spec.index.value_or(-1))
                .arg(sim.deadLetters().size());
        return {};
    case InjectionSpec::Kind::Idempotency: {
        if (service == kNoIndex)
            return QStringLiteral("%1: 'idempotency' needs service=NAME").arg(spec.text);
        // Asking with the service's current setting changes nothing; only services with an inbox answer true.
        Simulation& s = const_cast<Simulation&>(sim);
        const QJsonValue current = s.service(service).state().value(QLatin1String("idempotent"));
        if (!current.isBool() || !s.mutableService(service).setIdempotent(current.toBool()))
            return QStringLiteral("%1: service '%2' has no idempotent-consumer inbox").arg(spec.text, spec.service);
        return {};
    }
    case InjectionSpec::Kind::Fail: {
        if (service == kNoIndex)
            return QStringLiteral("%1: 'fail' needs service=NAME").arg(spec.text);
        Simulation& s = const_cast<Simulation&>(sim); // failNext(type, 0) and interning change nothing observable
        const Atom type = typeAtom(spec, s);
        // Asking with a count of 0 changes nothing: it only tells whether the service can fail that way.
        if (!s.mutableService(service).failNext(type, 0))
            return spec.type.isEmpty()
                ? QStringLiteral("%1: service '%2' has no operation that can fail").arg(spec.text, spec.service)
                : QStringLiteral("%1: service '%2' does not handle '%3', so it cannot fail it").arg(spec.text, spec.service, spec.type);
        return {};
    }
    default:
        return FaultEngine::check(spec, sim);
    }
}

QString FaultInjector::applyNow(const InjectionSpec& spec, Simulation& sim, const QString& traced)
{
    if (QString problem = check(spec, sim); !problem.isEmpty())
        return problem;
    const std::uint16_t service = spec.service.isEmpty() ? kNoIndex : sim.findService(spec.service.toStdString());
    traceInjection(sim, service, traced);
    switch (spec.kind) {
    case InjectionSpec::Kind::Crash:
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
        sim.scheduleCall(sim.now() + *spec.duration,
            [service, type](Simulation& s) { s.mutableService(service).failNext(type, -kFailWindowCount); });
        return {};
    }
    case InjectionSpec::Kind::Idempotency:
        sim.mutableService(service).setIdempotent(*spec.on);
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
    // A dead letter to republish need not exist yet: applyNow checks it when the time comes.
    if (spec.kind != InjectionSpec::Kind::Republish)
        if (QString problem = check(spec, sim); !problem.isEmpty())
            return problem;
    sim.scheduleCall(spec.at, [spec](Simulation& s) { applyNow(spec, s, spec.text); });
    return {};
}

QString FaultInjector::withTime(const QString& spec, SimTime t)
{
    const QString text = spec.trimmed();
    const qsizetype comma = text.indexOf(u',');
    QString head = comma < 0 ? text : text.left(comma);
    const QString rest = comma < 0 ? QString() : text.mid(comma);
    if (const qsizetype at = head.indexOf(u'@'); at >= 0)
        head = head.left(at);
    return head + u'@' + QString::number(t) + QStringLiteral("us") + rest;
}

QString FaultInjector::timedNow(const QString& spec, Simulation& sim)
{
    if (sim.faultEngine() && sim.faults().waiting())
        return atPause(spec, sim.now());
    return withTime(spec, sim.now() + 1);
}

QString FaultInjector::atPause(const QString& spec, SimTime t)
{
    QString error;
    const auto parsed = InjectionSpec::parse(spec, error);
    const QString timed = withTime(spec, t);
    return !parsed || parsed->atPause ? timed : timed + QStringLiteral(",paused=true");
}

} // namespace eventloom
