#include "faultinjector.h"

#include "../services/ecommerce/paymentservice.h"
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
        if (!dynamic_cast<PaymentService*>(&sim.mutableService(service)))
            return QStringLiteral("%1: 'fail' is available for the payment service only in this version").arg(spec.text);
        const int count = spec.count.value_or(1);
        sim.scheduleCall(spec.at, [service, count, text = spec.text](Simulation& s) {
            traceInjection(s, service, text);
            static_cast<PaymentService&>(s.mutableService(service)).failNext(count);
        });
        return {};
    }
    default:
        return QStringLiteral("%1: '%2' injections are not available in this version yet (crash and fail are)")
            .arg(spec.text, InjectionSpec::kindName(spec.kind));
    }
}

} // namespace eventloom
