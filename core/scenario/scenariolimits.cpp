#include "scenariolimits.h"

#include "scenarioreader.h"

#include <QJsonArray>

namespace eventloom {

namespace {
qsizetype arraySize(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isArray() ? v.toArray().size() : 0;
}
}

bool ScenarioLimits::checkCounts(ScenarioReader& r, const QJsonObject& root)
{
    bool ok = true;
    const auto over = [&](const QString& path, qsizetype count, qsizetype limit, const QString& what,
                          const QString& why = {}) {
        if (count <= limit)
            return;
        ok = false;
        r.error(path, QStringLiteral("%1 %2, more than the limit of %3%4").arg(count).arg(what).arg(limit).arg(why));
    };
    over(QStringLiteral("topics"), arraySize(root, "topics"), kMaxTopics, QStringLiteral("topics"));
    over(QStringLiteral("services"), arraySize(root, "services"), kMaxServices, QStringLiteral("services"),
        QStringLiteral(" (the engine numbers services, with those it adds, in 16 bits)"));
    qsizetype subscriptions = 0, rules = 0;
    for (const QJsonValue& service : root.value(QLatin1String("services")).toArray()) {
        subscriptions += arraySize(service.toObject(), "subscriptions");
        rules += arraySize(service.toObject(), "rules");
    }
    over(QStringLiteral("services"), subscriptions, kMaxSubscriptions, QStringLiteral("subscriptions in all"));
    over(QStringLiteral("services"), rules, kMaxRules, QStringLiteral("rules in all"));
    over(QStringLiteral("sagas"), arraySize(root, "sagas"), kMaxSagas, QStringLiteral("sagas"));
    const QJsonArray sagas = root.value(QLatin1String("sagas")).toArray();
    for (qsizetype i = 0; i < sagas.size() && i <= kMaxSagas; ++i)
        over(ScenarioReader::join(ScenarioReader::at(QStringLiteral("sagas"), i), QStringLiteral("steps")),
            arraySize(sagas[i].toObject(), "steps"), kMaxSagaSteps, QStringLiteral("steps"));
    over(QStringLiteral("injections"), arraySize(root, "injections"), kMaxInjections, QStringLiteral("injections"));
    over(QStringLiteral("schemas"), arraySize(root, "schemas"), kMaxSchemas, QStringLiteral("schemas"));
    const QJsonArray schemas = root.value(QLatin1String("schemas")).toArray();
    for (qsizetype i = 0; i < schemas.size() && i <= kMaxSchemas; ++i)
        over(ScenarioReader::join(ScenarioReader::at(QStringLiteral("schemas"), i), QStringLiteral("upcast")),
            arraySize(schemas[i].toObject(), "upcast"), kMaxUpcastSteps, QStringLiteral("upcast steps"));
    return ok;
}

} // namespace eventloom
