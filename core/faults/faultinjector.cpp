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
        return {};
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

} // namespace eventloom
