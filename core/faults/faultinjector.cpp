#include "faultinjector.h"

#include "../services/service.h"
#include "../sim/simulation.h"

namespace eventloom {

namespace {
    void traceInjection(Simulation& sim, std::uint16_t service, const QString& text)
    {
        TraceRecord r;
        r.kind = TraceKind::Injection;
        r.detail = sim.mutableLog().atoms().intern(text.toStdString());
        sim.traceFor(service, r);
    }
}

QString FaultInjector::schedule(const InjectionSpec& spec, Simulation& sim)
{
    const std::uint16_t service = spec.service.isEmpty() ? kNoIndex : sim.findService(spec.service.toStdString());
    if (!spec.service.isEmpty() && service == kNoIndex)
        return QStringLiteral("%1: unknown service '%2'").arg(spec.text, spec.service);
    switch (spec.kind) {
    case InjectionSpec::Kind::Crash: {
        const SimTime downFor = spec.duration.value_or(kSecond);
        sim.scheduleCall(spec.at, [service, downFor, text = spec.text](Simulation& s) {
            traceInjection(s, service, text);
            s.crashService(service, downFor);
        });
        return {};
    }
    case InjectionSpec::Kind::Fail: {
        if (service == kNoIndex)
            return QStringLiteral("%1: 'fail' needs service=NAME").arg(spec.text);
        const Atom type = spec.type.isEmpty() ? 0 : sim.mutableLog().atoms().intern(spec.type.toStdString());
        // Asking with a count of 0 changes nothing: it only tells whether the service can fail that way.
        if (!sim.mutableService(service).failNext(type, 0))
            return spec.type.isEmpty()
                ? QStringLiteral("%1: service '%2' has no operation that can fail").arg(spec.text, spec.service)
                : QStringLiteral("%1: service '%2' does not handle '%3', so it cannot fail it").arg(spec.text, spec.service, spec.type);
        const int count = spec.count.value_or(1);
        sim.scheduleCall(spec.at, [service, type, count, text = spec.text](Simulation& s) {
            traceInjection(s, service, text);
            s.mutableService(service).failNext(type, count);
        });
        return {};
    }
    default:
        return QStringLiteral("%1: '%2' injections are not available in this version yet (crash and fail are)")
            .arg(spec.text, InjectionSpec::kindName(spec.kind));
    }
}

} // namespace eventloom
