#include "callpolicyreader.h"

#include <QJsonObject>

namespace eventloom {

CallPolicy readCallPolicy(ScenarioReader& r, const QJsonObject& o, const QString& path)
{
    CallPolicy policy;
    policy.workers = static_cast<int>(r.integer(o, path, "workers", 1, 1, 10'000));

    const QJsonValue bulkheads = o.value(QLatin1String("bulkheads"));
    const QString bulkheadsPath = ScenarioReader::join(path, QStringLiteral("bulkheads"));
    if (bulkheads.isObject()) {
        const QJsonObject limits = bulkheads.toObject();
        r.allowOnly(limits, bulkheadsPath, { "inventory", "payment", "notification" });
        for (int d = 0; d < CallPolicy::DownstreamCount; ++d)
            policy.bulkheads[d]
                = static_cast<int>(r.integer(limits, bulkheadsPath, CallPolicy::downstreamName(d), 0, 1, 10'000));
    } else if (!bulkheads.isUndefined()) {
        r.error(bulkheadsPath, QStringLiteral("expected an object such as {\"notification\": 2}"));
    }

    const QJsonValue breaker = o.value(QLatin1String("circuitBreaker"));
    const QString breakerPath = ScenarioReader::join(path, QStringLiteral("circuitBreaker"));
    if (breaker.isObject()) {
        const QJsonObject settings = breaker.toObject();
        r.allowOnly(settings, breakerPath, { "failures", "openFor" });
        policy.breaker.failures = static_cast<int>(r.integer(settings, breakerPath, "failures", 5, 1, 10'000));
        policy.breaker.openFor = r.duration(settings.value(QLatin1String("openFor")),
            ScenarioReader::join(breakerPath, QStringLiteral("openFor")), 5 * kSecond);
        if (policy.breaker.openFor <= 0)
            r.error(
                ScenarioReader::join(breakerPath, QStringLiteral("openFor")), QStringLiteral("must be longer than 0"));
    } else if (!breaker.isUndefined()) {
        r.error(breakerPath, QStringLiteral("expected an object such as {\"failures\": 5, \"openFor\": \"2s\"}"));
    }

    const QJsonValue fallback = o.value(QLatin1String("fallback"));
    const QString fallbackPath = ScenarioReader::join(path, QStringLiteral("fallback"));
    if (fallback.isObject()) {
        const QJsonObject perCall = fallback.toObject();
        r.allowOnly(perCall, fallbackPath, { "notification" });
        const QString email = r.string(perCall, fallbackPath, "notification", false);
        if (!email.isEmpty() && email != QLatin1String("defer"))
            r.error(ScenarioReader::join(fallbackPath, QStringLiteral("notification")),
                QStringLiteral("expected \"defer\""));
        policy.deferEmail = email == QLatin1String("defer");
    } else if (!fallback.isUndefined()) {
        r.error(fallbackPath, QStringLiteral("expected an object such as {\"notification\": \"defer\"}"));
    }
    return policy;
}

} // namespace eventloom
