#include "scenariosettings.h"

#include "scenariooverrides.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace eventloom {

namespace {
/// The e-commerce kinds (and lesson 15's consumer) read `idempotent` (an inbox); the schema says so in words.
const QStringList kInboxKinds = { QStringLiteral("order"), QStringLiteral("inventory"), QStringLiteral("payment"),
    QStringLiteral("shipping"), QStringLiteral("notification"), QStringLiteral("analytics"), QStringLiteral("fraud"),
    QStringLiteral("fulfilment") };

bool refersTo(const QJsonObject& property, QLatin1String definition)
{
    return property.value(QLatin1String("$ref")).toString().endsWith(QLatin1String("/") + definition);
}

/// Collects the knobs of one object of the document.
class Collector {
public:
    explicit Collector(QList<ScenarioSetting>& out)
        : m_out(out)
    {
    }

    /// Adds `name` of `object` (whose schema properties are `properties`) if `wanted`, at `prefix`.
    void add(const QJsonObject& object, const QJsonObject& properties, const QString& prefix, const QString& group,
        const QString& name, bool wanted)
    {
        const QJsonObject property = properties.value(name).toObject();
        if (property.isEmpty() || !(wanted || object.contains(name)))
            return;
        ScenarioSetting s;
        s.path = prefix.isEmpty() ? name : prefix + u'.' + name;
        s.group = group;
        s.label = name;
        s.description = property.value(QLatin1String("description")).toString();
        const QString type = property.value(QLatin1String("type")).toString();
        if (property.contains(QLatin1String("enum"))) {
            s.kind = ScenarioSetting::Kind::Choice;
            for (const QJsonValue& v : property.value(QLatin1String("enum")).toArray())
                s.choices << v.toString();
        } else if (type == QLatin1String("boolean")) {
            s.kind = ScenarioSetting::Kind::Boolean;
        } else if (type == QLatin1String("integer") || type == QLatin1String("number")) {
            s.kind = type == QLatin1String("integer") ? ScenarioSetting::Kind::Integer : ScenarioSetting::Kind::Number;
            s.minimum = property.value(QLatin1String("minimum")).toDouble(0);
            s.maximum = property.value(QLatin1String("maximum")).toDouble(1e9);
        } else if (refersTo(property, QLatin1String("duration"))) {
            s.kind = ScenarioSetting::Kind::Duration;
        } // else Json: a value of another shape, written as JSON

        s.value = object.contains(name) ? object.value(name) : property.value(QLatin1String("default"));
        m_out << s;
    }

private:
    QList<ScenarioSetting>& m_out;
};

QJsonObject itemProperties(const QJsonObject& properties, const QString& array)
{
    return properties.value(array)
        .toObject()
        .value(QLatin1String("items"))
        .toObject()
        .value(QLatin1String("properties"))
        .toObject();
}
}

QString ScenarioSetting::valueText(const QJsonValue& v)
{
    if (v.isString() && overrideValue(v.toString()) == v)
        return v.toString();
    const QJsonDocument doc(QJsonArray { v });
    const QByteArray json = doc.toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

QString ScenarioSetting::assignment(const QJsonValue& v) const
{
    return path + u'=' + valueText(v);
}

QList<ScenarioSetting> ScenarioSettings::discover(const QJsonObject& document, const QJsonObject& schema)
{
    QList<ScenarioSetting> out;
    Collector c(out);
    const QJsonObject root = schema.value(QLatin1String("properties")).toObject();
    const QJsonArray services = document.value(QLatin1String("services")).toArray();
    bool hasOrderService = false;
    for (const QJsonValue& v : services)
        hasOrderService
            = hasOrderService || v.toObject().value(QLatin1String("kind")).toString() == QLatin1String("order");
    // Synchronous calls are the order service's: a scenario without one has no interaction to choose.
    c.add(document, root, QString(), QStringLiteral("Scenario"), QStringLiteral("interaction"), hasOrderService);

    const QJsonObject sagaProperties = itemProperties(root, QStringLiteral("sagas"));
    for (const QJsonValue& v : document.value(QLatin1String("sagas")).toArray()) {
        const QJsonObject saga = v.toObject();
        const QString id = saga.value(QLatin1String("id")).toString();
        c.add(saga, sagaProperties, QStringLiteral("sagas.") + id, QStringLiteral("Saga ") + id,
            QStringLiteral("style"), true);
    }

    const QJsonObject serviceProperties = itemProperties(root, QStringLiteral("services"));
    const QJsonObject subscriptionProperties = itemProperties(serviceProperties, QStringLiteral("subscriptions"));
    for (const QJsonValue& v : services) {
        const QJsonObject service = v.toObject();
        const QString id = service.value(QLatin1String("id")).toString();
        const QString prefix = QStringLiteral("services.") + id;
        const QString group = QStringLiteral("Service ") + id;
        const QJsonArray subscriptions = service.value(QLatin1String("subscriptions")).toArray();
        const QString kind = service.value(QLatin1String("kind")).toString();
        c.add(service, serviceProperties, prefix, group, QStringLiteral("instances"), true);
        c.add(service, serviceProperties, prefix, group, QStringLiteral("idempotent"), kInboxKinds.contains(kind));
        c.add(service, serviceProperties, prefix, group, QStringLiteral("startFrom"), !subscriptions.isEmpty());
        c.add(service, serviceProperties, prefix, group, QStringLiteral("attachAt"), !subscriptions.isEmpty());
        for (qsizetype i = 0; i < subscriptions.size(); ++i) {
            const QJsonObject subscription = subscriptions[i].toObject();
            // Subscriptions have no id: the path names one by its index, as `--set` does.
            c.add(subscription, subscriptionProperties, prefix + QStringLiteral(".subscriptions.") + QString::number(i),
                group + QStringLiteral(" › ") + subscription.value(QLatin1String("topic")).toString(),
                QStringLiteral("upcaster"), subscription.contains(QLatin1String("schemaVersion")));
        }
    }

    const QJsonObject topicProperties = itemProperties(root, QStringLiteral("topics"));
    for (const QJsonValue& v : document.value(QLatin1String("topics")).toArray()) {
        const QJsonObject topic = v.toObject();
        const QString id = topic.value(QLatin1String("id")).toString();
        c.add(topic, topicProperties, QStringLiteral("topics.") + id, QStringLiteral("Topic ") + id,
            QStringLiteral("partitions"), true);
    }

    if (document.contains(QLatin1String("workload"))) {
        const QJsonObject workload = document.value(QLatin1String("workload")).toObject();
        const QJsonObject properties
            = root.value(QLatin1String("workload")).toObject().value(QLatin1String("properties")).toObject();
        const QString prefix = QStringLiteral("workload");
        const QString group = QStringLiteral("Workload");
        c.add(workload, properties, prefix, group, QStringLiteral("rate"), true);
        c.add(workload, properties, prefix, group, QStringLiteral("orders"), true);
        // A tenant written as an object is an element with an id, which a path can name; a plain id has
        // nothing to set. Its onboarding time always, its own rate and quota where it has a rate of its own.
        QJsonObject tenantProperties;
        for (const QJsonValue& form : properties.value(QLatin1String("tenants"))
                                          .toObject()
                                          .value(QLatin1String("items"))
                                          .toObject()
                                          .value(QLatin1String("oneOf"))
                                          .toArray())
            if (form.toObject().value(QLatin1String("type")).toString() == QLatin1String("object"))
                tenantProperties = form.toObject().value(QLatin1String("properties")).toObject();
        for (const QJsonValue& v : workload.value(QLatin1String("tenants")).toArray()) {
            const QJsonObject tenant = v.toObject();
            const QString id = tenant.value(QLatin1String("id")).toString();
            if (id.isEmpty())
                continue;
            const QString tenantPrefix = QStringLiteral("workload.tenants.") + id;
            const QString tenantGroup = QStringLiteral("Tenant ") + id;
            const bool ownRate = tenant.contains(QLatin1String("rate"));
            c.add(tenant, tenantProperties, tenantPrefix, tenantGroup, QStringLiteral("from"), true);
            c.add(tenant, tenantProperties, tenantPrefix, tenantGroup, QStringLiteral("weight"), !ownRate);
            c.add(tenant, tenantProperties, tenantPrefix, tenantGroup, QStringLiteral("rate"), false);
            c.add(tenant, tenantProperties, tenantPrefix, tenantGroup, QStringLiteral("orders"), false);
            c.add(tenant, tenantProperties, tenantPrefix, tenantGroup, QStringLiteral("quota"), ownRate);
        }
    }
    return out;
}

QJsonObject ScenarioSettings::schema()
{
    QFile file(QStringLiteral(":/scenarios/schema/scenario.schema.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString ScenarioSettings::pathOf(const QString& assignment)
{
    const qsizetype eq = assignment.indexOf(u'=');
    return eq < 0 ? QString() : assignment.left(eq);
}

QString ScenarioSettings::summary(const QStringList& overrides)
{
    return overrides.join(QStringLiteral(", "));
}

} // namespace eventloom
