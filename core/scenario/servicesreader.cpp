#include "servicesreader.h"

#include "../readmodels/customerappservice.h"
#include "../services/outbox/checkoutservice.h"
#include "callpolicyreader.h"
#include "scenariolimits.h"
#include "scenarioreader.h"
#include "schemasreader.h"

#include <QJsonArray>
#include <QSet>
#include <limits>
#include <map>

namespace eventloom {

namespace {
using Reader = ScenarioReader;
QString at(const QString& array, qsizetype i)
{
    return ScenarioReader::at(array, i);
}
}

void ServicesReader::readTopics(ScenarioReader& r, const QJsonObject& root, Scenario& s)
{
    const QJsonValue topics = root.value(QLatin1String("topics"));
    if (!topics.isArray()) {
        r.error(topics.isUndefined() ? QString() : QStringLiteral("topics"),
            topics.isUndefined() ? QStringLiteral("missing required field 'topics'")
                                 : QStringLiteral("expected an array"));
        return;
    }
    QSet<QString> seen;
    const QJsonArray array = topics.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = at(QStringLiteral("topics"), i);
        if (!array[i].isObject()) {
            r.error(path, QStringLiteral("expected an object"));
            continue;
        }
        const QJsonObject o = array[i].toObject();
        r.allowOnly(o, path, { "id", "partitions", "latency", "retention", "description" });
        TopicSpec t;
        t.id = r.string(o, path, "id", true);
        t.partitions = static_cast<int>(r.integer(o, path, "partitions", 1, 1, ScenarioLimits::kMaxPartitions));
        t.latency = r.duration(
            o.value(QLatin1String("latency")), Reader::join(path, QStringLiteral("latency")), kMillisecond);
        if (o.contains(QLatin1String("retention"))) {
            const QString where = Reader::join(path, QStringLiteral("retention"));
            t.retention = r.duration(o.value(QLatin1String("retention")), where, -1); // -1: refused already
            if (t.retention == 0)
                r.error(where, QStringLiteral("must be longer than 0 (leave it out to keep every record)"));
            t.retention = std::max<SimTime>(0, t.retention);
        }
        if (!t.id.isEmpty() && seen.contains(t.id))
            r.error(Reader::join(path, QStringLiteral("id")), QStringLiteral("duplicate topic id '") + t.id + u'\'');
        seen.insert(t.id);
        s.topics.push_back(t);
    }
}

namespace {
/// The fields each service kind accepts beyond the common ones.
const std::map<QString, QStringList>& kindFields()
{
    static const std::map<QString, QStringList> fields {
        { QStringLiteral("declarative"), { QStringLiteral("rules") } },
        { QStringLiteral("order"),
            { QStringLiteral("idempotent"), QStringLiteral("catalog"), QStringLiteral("timeout"),
                QStringLiteral("workers"), QStringLiteral("bulkheads"), QStringLiteral("circuitBreaker"),
                QStringLiteral("fallback"), QStringLiteral("expectedVersion") } },
        { QStringLiteral("inventory"), { QStringLiteral("idempotent"), QStringLiteral("stock") } },
        { QStringLiteral("payment"),
            { QStringLiteral("idempotent"), QStringLiteral("maxAmountCents"), QStringLiteral("declineProbability") } },
        { QStringLiteral("shipping"), { QStringLiteral("idempotent") } },
        { QStringLiteral("notification"), { QStringLiteral("idempotent"), QStringLiteral("topic") } },
        { QStringLiteral("analytics"), { QStringLiteral("idempotent"), QStringLiteral("bucket") } },
        { QStringLiteral("fraud"),
            { QStringLiteral("idempotent"), QStringLiteral("threshold"), QStringLiteral("largeOrderCents") } },
        { QStringLiteral("read-model"), { QStringLiteral("projection"), QStringLiteral("bucket") } },
        { QStringLiteral("checkout"),
            { QStringLiteral("publish"), QStringLiteral("publishDelay"), QStringLiteral("relayInterval"),
                QStringLiteral("topic") } },
        { QStringLiteral("fulfilment"), { QStringLiteral("idempotent") } },
        { QStringLiteral("reader"), { QStringLiteral("readModel"), QStringLiteral("every") } },
        { QStringLiteral("customer-app"),
            { QStringLiteral("readModel"), QStringLiteral("strategy"), QStringLiteral("every"),
                QStringLiteral("orders"), QStringLiteral("poll"), QStringLiteral("timeout") } },
        { QStringLiteral("resource"),
            { QStringLiteral("idempotent"), QStringLiteral("capacity"), QStringLiteral("declineProbability") } },
    };
    return fields;
}

void readKindSettings(Reader& r, const QJsonObject& o, const QString& path, ServiceSpec& svc)
{
    const auto kind = kindFields().find(svc.kind);
    if (kind == kindFields().end()) {
        QStringList known;
        for (const auto& [name, fields] : kindFields())
            known << name;
        r.error(Reader::join(path, QStringLiteral("kind")),
            QStringLiteral("unknown service kind '") + svc.kind + QStringLiteral("' (known: ")
                + known.join(QStringLiteral(", ")) + u')');
        return;
    }
    static const QStringList common { QStringLiteral("id"), QStringLiteral("kind"), QStringLiteral("instances"),
        QStringLiteral("latency"), QStringLiteral("subscriptions"), QStringLiteral("description"),
        QStringLiteral("attachAt"), QStringLiteral("startFrom"), QStringLiteral("ordering"),
        QStringLiteral("idempotentProducer") };
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!common.contains(it.key()) && !kind->second.contains(it.key())) {
            bool known = false;
            for (const auto& [name, fields] : kindFields())
                known = known || fields.contains(it.key());
            if (known) // unknown names were reported already, with a suggestion
                r.error(Reader::join(path, it.key()),
                    QStringLiteral("'") + it.key() + QStringLiteral("' does not apply to a '") + svc.kind
                        + QStringLiteral("' service"),
                    true);
        }

    if (o.contains(QLatin1String("attachAt")))
        svc.attachAt
            = r.duration(o.value(QLatin1String("attachAt")), Reader::join(path, QStringLiteral("attachAt")), 0);
    const QString start = r.string(o, path, "startFrom", false, QStringLiteral("earliest"));
    if (start != QLatin1String("earliest") && start != QLatin1String("latest"))
        r.error(Reader::join(path, QStringLiteral("startFrom")), QStringLiteral("expected \"earliest\" or \"latest\""));
    svc.startFrom = start == QLatin1String("latest") ? StartFrom::Latest : StartFrom::Earliest;

    const QJsonValue producer = o.value(QLatin1String("idempotentProducer"));
    if (!producer.isUndefined() && !producer.isBool())
        r.error(Reader::join(path, QStringLiteral("idempotentProducer")), QStringLiteral("expected true or false"));
    svc.idempotentProducer = producer.toBool(true);

    const QJsonValue idempotent = o.value(QLatin1String("idempotent"));
    if (!idempotent.isUndefined() && !idempotent.isBool())
        r.error(Reader::join(path, QStringLiteral("idempotent")), QStringLiteral("expected true or false"));
    svc.idempotent = idempotent.toBool(true);

    const QJsonValue stock = o.value(QLatin1String("stock"));
    if (stock.isObject()) {
        const QJsonObject perSku = stock.toObject();
        for (auto it = perSku.begin(); it != perSku.end(); ++it) {
            if (!it.value().isDouble() || it.value().toDouble() < 0 || it.value().toDouble() > 1e9
                || it.value().toDouble() != static_cast<double>(it.value().toInteger()))
                r.error(Reader::join(Reader::join(path, QStringLiteral("stock")), it.key()),
                    QStringLiteral("expected an integer between 0 and 1000000000"));
            svc.stock.emplace_back(it.key().toStdString(), it.value().toInteger());
        }
    } else if (!stock.isUndefined()) {
        const qint64 each = r.integer(o, path, "stock", 100, 0, 1'000'000'000);
        svc.stock.emplace_back(std::string(), each); // one level for every sku of the workload: see ScenarioBuilder
    }
    for (const QJsonValue& sku : o.value(QLatin1String("catalog")).toArray())
        svc.catalog.push_back(sku.toString().toStdString());
    svc.maxAmountCents = r.integer(o, path, "maxAmountCents", 0, 0, std::numeric_limits<qint64>::max());
    svc.declineProbability = r.number(o, path, "declineProbability", 0.0, 0.0, 1.0);
    svc.topic = r.string(o, path, "topic", false);
    svc.bucket = r.duration(o.value(QLatin1String("bucket")), Reader::join(path, QStringLiteral("bucket")), kSecond);
    if (svc.bucket <= 0)
        r.error(Reader::join(path, QStringLiteral("bucket")), QStringLiteral("must be longer than 0"));
    svc.threshold = static_cast<int>(r.integer(o, path, "threshold", 70, 0, 100));
    svc.largeOrderCents = r.integer(o, path, "largeOrderCents", 10000, 0, std::numeric_limits<qint64>::max());
    svc.callTimeout
        = r.duration(o.value(QLatin1String("timeout")), Reader::join(path, QStringLiteral("timeout")), kSecond);
    if (svc.kind == QLatin1String("order"))
        svc.calls = readCallPolicy(r, o, path);
    const QString expected = r.string(o, path, "expectedVersion", false, QStringLiteral("as-read"));
    if (expected != QLatin1String("as-read") && expected != QLatin1String("any"))
        r.error(
            Reader::join(path, QStringLiteral("expectedVersion")), QStringLiteral("expected \"as-read\" or \"any\""));
    svc.checkExpectedVersion = expected != QLatin1String("any");
    svc.projection = r.string(o, path, "projection", svc.kind == QLatin1String("read-model"));
    static const QStringList projections { QStringLiteral("order-status"), QStringLiteral("order-history"),
        QStringLiteral("inventory-view"), QStringLiteral("revenue-dashboard") };
    if (!svc.projection.isEmpty() && !projections.contains(svc.projection))
        r.error(Reader::join(path, QStringLiteral("projection")),
            QStringLiteral("unknown projection '") + svc.projection + QStringLiteral("' (known: ")
                + projections.join(QStringLiteral(", ")) + u')');
    const bool app = svc.kind == QLatin1String("customer-app");
    svc.readModel = r.string(o, path, "readModel", svc.kind == QLatin1String("reader") || app);
    svc.every
        = r.duration(o.value(QLatin1String("every")), Reader::join(path, QStringLiteral("every")), 250 * kMillisecond);
    if (app && svc.every <= 0)
        r.error(Reader::join(path, QStringLiteral("every")), QStringLiteral("must be longer than 0"));
    svc.strategy = r.string(o, path, "strategy", app, QStringLiteral("read-immediately"));
    if (app && !CustomerAppService::strategyFromName(svc.strategy.toStdString()))
        r.error(Reader::join(path, QStringLiteral("strategy")),
            QStringLiteral("expected \"read-immediately\", \"wait-for-version\" or \"optimistic\""));
    svc.orders = r.integer(o, path, "orders", 20, 0, 100'000); // one person's clicks: the screen keeps each order

    svc.poll
        = r.duration(o.value(QLatin1String("poll")), Reader::join(path, QStringLiteral("poll")), 10 * kMillisecond);
    if (svc.poll <= 0)
        r.error(Reader::join(path, QStringLiteral("poll")), QStringLiteral("must be longer than 0"));
    svc.capacity = r.integer(o, path, "capacity", 100, 0, 1'000'000'000);
    svc.publish = r.string(o, path, "publish", false, QStringLiteral("outbox"));
    if (!CheckoutService::modeFromName(svc.publish.toStdString()))
        r.error(Reader::join(path, QStringLiteral("publish")),
            QStringLiteral("expected \"outbox\", \"dual-write\" or \"publish-then-commit\""));
    svc.publishDelay = r.duration(
        o.value(QLatin1String("publishDelay")), Reader::join(path, QStringLiteral("publishDelay")), 5 * kMillisecond);
    svc.relayInterval = r.duration(o.value(QLatin1String("relayInterval")),
        Reader::join(path, QStringLiteral("relayInterval")), 20 * kMillisecond);
    if (svc.relayInterval <= 0)
        r.error(Reader::join(path, QStringLiteral("relayInterval")), QStringLiteral("must be longer than 0"));
}

/// Retries and dead letters, ordering and schema tolerance of one subscription (core/bus/deliveryfaults.h).
/// `ordering` is the service's default (its own `ordering` field), which a subscription may override.
void readSubscriptionPolicy(
    Reader& r, const QJsonObject& so, const QString& path, const QString& serviceOrdering, SubscriptionPolicy& policy)
{
    const QJsonValue retry = so.value(QLatin1String("retry"));
    if (retry.isObject()) {
        const QString retryPath = Reader::join(path, QStringLiteral("retry"));
        const QJsonObject ro = retry.toObject();
        r.allowOnly(ro, retryPath, { "count", "backoff", "multiplier", "maxBackoff" });
        policy.retries = static_cast<std::uint16_t>(r.integer(ro, retryPath, "count", 3, 0, 100));
        policy.backoff = r.duration(
            ro.value(QLatin1String("backoff")), Reader::join(retryPath, QStringLiteral("backoff")), policy.backoff);
        policy.multiplier = r.number(ro, retryPath, "multiplier", 2.0, 1.0, 10.0);
        policy.maxBackoff = r.duration(ro.value(QLatin1String("maxBackoff")),
            Reader::join(retryPath, QStringLiteral("maxBackoff")), std::max(policy.maxBackoff, policy.backoff));
        if (policy.maxBackoff < policy.backoff)
            r.error(
                Reader::join(retryPath, QStringLiteral("maxBackoff")), QStringLiteral("must be at least the backoff"));
    } else if (!retry.isUndefined()) {
        r.error(Reader::join(path, QStringLiteral("retry")),
            QStringLiteral("expected an object such as {\"count\": 3, \"backoff\": \"100ms\"}"));
    }
    // A retry policy gives up to the dead-letter topic unless it says otherwise (what it always did);
    // without one, a failed record blocks its partition, as with a plain consumer whose handler throws.
    const QString onFailure = r.string(
        so, path, "onFailure", false, retry.isObject() ? QStringLiteral("dead-letter") : QStringLiteral("block"));
    if (onFailure == QLatin1String("block"))
        policy.onFailure = OnFailure::Block;
    else if (onFailure == QLatin1String("skip"))
        policy.onFailure = OnFailure::Skip;
    else if (onFailure == QLatin1String("dead-letter"))
        policy.onFailure = OnFailure::DeadLetter;
    else
        r.error(Reader::join(path, QStringLiteral("onFailure")),
            QStringLiteral("expected \"block\", \"skip\" or \"dead-letter\""));
    const QString ordering = r.string(so, path, "ordering", false, serviceOrdering);
    if (ordering != QLatin1String("naive") && ordering != QLatin1String("sequence"))
        r.error(Reader::join(path, QStringLiteral("ordering")), QStringLiteral("expected \"naive\" or \"sequence\""));
    policy.sequenceAware = ordering == QLatin1String("sequence");
    if (so.contains(QLatin1String("parkTimeout"))) {
        // Kept, not refused, with `naive`: `--set …ordering=naive` must work on a resequencer's subscription.
        policy.parkTimeout = r.duration(so.value(QLatin1String("parkTimeout")),
            Reader::join(path, QStringLiteral("parkTimeout")), policy.parkTimeout);
        if (policy.parkTimeout <= 0)
            r.error(Reader::join(path, QStringLiteral("parkTimeout")), QStringLiteral("must be longer than 0"));
    }
    // Its reader (core/bus/schemaregistry.h): the version it was built for, strict or tolerant, with or without an
    // upcaster.
    policy.schemaVersion
        = static_cast<std::uint16_t>(r.integer(so, path, "schemaVersion", 0, 0, InjectionSpec::kMaxVersion));
    const QJsonValue upcaster = so.value(QLatin1String("upcaster"));
    if (!upcaster.isUndefined() && !upcaster.isBool())
        r.error(Reader::join(path, QStringLiteral("upcaster")), QStringLiteral("expected true or false"));
    policy.upcaster = upcaster.toBool(false);
    const QString reader = r.string(so, path, "reader", false, QStringLiteral("strict"));
    if (reader != QLatin1String("strict") && reader != QLatin1String("tolerant"))
        r.error(Reader::join(path, QStringLiteral("reader")), QStringLiteral("expected \"strict\" or \"tolerant\""));
    policy.tolerant = reader == QLatin1String("tolerant");
    for (const char* key : { "reader", "upcaster" })
        if (so.contains(QLatin1String(key)) && policy.schemaVersion == 0)
            r.error(Reader::join(path, QLatin1String(key)),
                QStringLiteral("'%1' needs 'schemaVersion': the event version this consumer was built for")
                    .arg(QLatin1String(key)),
                true);
}

/// A per-tenant consumer: `"tenant": "globex"` or `["acme", "initech"]`. The names are checked
/// against the workload's tenants once it is read (checkTenantFilters).
void readTenantFilter(Reader& r, const QJsonObject& so, const QString& path, SubscriptionSpec& sub)
{
    const QJsonValue v = so.value(QLatin1String("tenant"));
    if (v.isUndefined())
        return;
    const QString tenantPath = Reader::join(path, QStringLiteral("tenant"));
    const QJsonArray names = v.isArray() ? v.toArray() : QJsonArray { v };
    if (names.isEmpty())
        r.error(tenantPath, QStringLiteral("expected a tenant id or a non-empty array of them"));
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (!names[i].isString() || names[i].toString().isEmpty()) {
            r.error(v.isArray() ? at(tenantPath, i) : tenantPath,
                QStringLiteral("expected a tenant id (a non-empty string)"));
            continue;
        }
        sub.tenants.push_back(names[i].toString().toStdString());
    }
}
}

void ServicesReader::read(ScenarioReader& r, const QJsonObject& root, Scenario& s)
{
    const QJsonValue services = root.value(QLatin1String("services"));
    if (!services.isArray()) {
        r.error(services.isUndefined() ? QString() : QStringLiteral("services"),
            services.isUndefined() ? QStringLiteral("missing required field 'services'")
                                   : QStringLiteral("expected an array"));
        return;
    }
    QSet<QString> seen;
    const QJsonArray array = services.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = at(QStringLiteral("services"), i);
        if (!array[i].isObject()) {
            r.error(path, QStringLiteral("expected an object"));
            continue;
        }
        const QJsonObject o = array[i].toObject();
        r.allowOnly(o, path,
            { "id", "kind", "instances", "latency", "subscriptions", "rules", "description", "attachAt", "startFrom",
                "ordering", "idempotentProducer", "idempotent", "stock", "catalog", "maxAmountCents",
                "declineProbability", "topic", "bucket", "threshold", "largeOrderCents", "timeout", "projection",
                "readModel", "every", "capacity", "publish", "publishDelay", "relayInterval", "strategy", "orders",
                "poll", "workers", "bulkheads", "circuitBreaker", "fallback", "expectedVersion" });
        ServiceSpec svc;
        svc.id = r.string(o, path, "id", true);
        svc.kind = r.string(o, path, "kind", false, QStringLiteral("declarative"));
        readKindSettings(r, o, path, svc);
        svc.instances = static_cast<int>(r.integer(o, path, "instances", 1, 1, ScenarioLimits::kMaxInstances));
        svc.latency
            = r.latency(o.value(QLatin1String("latency")), Reader::join(path, QStringLiteral("latency")), svc.latency);
        svc.config = o;
        if (!svc.id.isEmpty() && seen.contains(svc.id))
            r.error(
                Reader::join(path, QStringLiteral("id")), QStringLiteral("duplicate service id '") + svc.id + u'\'');
        seen.insert(svc.id);

        const QString serviceOrdering = r.string(o, path, "ordering", false, QStringLiteral("naive"));
        if (serviceOrdering != QLatin1String("naive") && serviceOrdering != QLatin1String("sequence"))
            r.error(
                Reader::join(path, QStringLiteral("ordering")), QStringLiteral("expected \"naive\" or \"sequence\""));
        const QJsonArray subs = o.value(QLatin1String("subscriptions")).toArray();
        if (o.contains(QLatin1String("subscriptions")) && !o.value(QLatin1String("subscriptions")).isArray())
            r.error(Reader::join(path, QStringLiteral("subscriptions")), QStringLiteral("expected an array"));
        for (qsizetype j = 0; j < subs.size(); ++j) {
            const QString subPath = at(Reader::join(path, QStringLiteral("subscriptions")), j);
            const QJsonObject so = subs[j].toObject();
            r.allowOnly(so, subPath,
                { "topic", "group", "maxInFlight", "commitDelay", "retry", "onFailure", "ordering", "parkTimeout",
                    "schemaVersion", "upcaster", "reader", "tenant" });
            SubscriptionSpec sub;
            sub.topic = r.string(so, subPath, "topic", true);
            sub.group = r.string(so, subPath, "group", false, svc.id);
            sub.maxInFlight = static_cast<int>(r.integer(so, subPath, "maxInFlight", 1, 1, 10000));
            sub.commitDelay = r.duration(
                so.value(QLatin1String("commitDelay")), Reader::join(subPath, QStringLiteral("commitDelay")), 0);
            readSubscriptionPolicy(r, so, subPath, serviceOrdering, sub.policy);
            readTenantFilter(r, so, subPath, sub);
            svc.subscriptions.push_back(sub);
        }
        s.services.push_back(svc);
    }
}

namespace {
/// `"sum": {"revenueCents": "$.total.amountCents"}`: the handler adds up a number it reads (docs/scenario-format.md).
void readSums(Reader& r, const QJsonObject& rule, const QString& rulePath)
{
    const QJsonValue sum = rule.value(QLatin1String("sum"));
    if (sum.isUndefined())
        return;
    const QString sumPath = Reader::join(rulePath, QStringLiteral("sum"));
    if (!sum.isObject() || sum.toObject().isEmpty()) {
        r.error(sumPath,
            QStringLiteral("expected an object of totals and the fields they add up, such as {\"revenueCents\": "
                           "\"$.amountCents\"}"));
        return;
    }
    const QJsonObject totals = sum.toObject();
    for (auto it = totals.begin(); it != totals.end(); ++it) {
        const QString field = it.value().toString();
        if (!it.value().isString() || !field.startsWith(QLatin1String("$.")) || !SchemasReader::validPath(field.mid(2)))
            r.error(Reader::join(sumPath, it.key()),
                QStringLiteral(
                    "expected a field of the message, such as \"$.amountCents\" or \"$.total.amountCents\""));
    }
}
}

void ServicesReader::readRules(ScenarioReader& r, const Scenario& s)
{
    auto knownTopic = [&](const QString& id) {
        return std::any_of(s.topics.begin(), s.topics.end(), [&](const TopicSpec& t) { return t.id == id; });
    };
    auto knownService = [&](const QString& id) {
        return std::any_of(s.services.begin(), s.services.end(), [&](const ServiceSpec& t) { return t.id == id; });
    };
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        const ServiceSpec& svc = s.services[i];
        const QString path = at(QStringLiteral("services"), static_cast<qsizetype>(i));
        for (std::size_t j = 0; j < svc.subscriptions.size(); ++j)
            if (!svc.subscriptions[j].topic.isEmpty() && !knownTopic(svc.subscriptions[j].topic))
                r.error(Reader::join(at(Reader::join(path, QStringLiteral("subscriptions")), static_cast<qsizetype>(j)),
                            QStringLiteral("topic")),
                    QStringLiteral("unknown topic '") + svc.subscriptions[j].topic + u'\'');
        if (!svc.readModel.isEmpty() && std::none_of(s.services.begin(), s.services.end(), [&](const ServiceSpec& x) {
                return x.id == svc.readModel && x.kind == QLatin1String("read-model");
            }))
            r.error(Reader::join(path, QStringLiteral("readModel")),
                QStringLiteral("'") + svc.readModel + QStringLiteral("' is not a read-model service of this scenario"));
        if (svc.kind == QLatin1String("customer-app")
            && std::none_of(s.services.begin(), s.services.end(), [](const ServiceSpec& x) {
                   return x.id == QLatin1String("order") && x.kind == QLatin1String("order");
               }))
            r.error(
                path, QStringLiteral("a customer app places its orders with the 'order' service, and there is none"));
        if (svc.kind == QLatin1String("read-model"))
            for (const char* topic : { "orders.events", "inventory.events", "payments.events", "shipping.events" })
                if (!knownTopic(QLatin1String(topic)))
                    r.error(path, QStringLiteral("a read model needs the topic '") + QLatin1String(topic) + u'\'');
        if (!svc.topic.isEmpty() && !knownTopic(svc.topic))
            r.error(Reader::join(path, QStringLiteral("topic")), QStringLiteral("unknown topic '") + svc.topic + u'\'');
        const QJsonValue rules = svc.config.value(QLatin1String("rules"));
        if (!rules.isUndefined() && !rules.isArray()) {
            r.error(Reader::join(path, QStringLiteral("rules")), QStringLiteral("expected an array"));
            continue;
        }
        const QJsonArray array = rules.toArray();
        for (qsizetype k = 0; k < array.size(); ++k) {
            const QString rulePath = at(Reader::join(path, QStringLiteral("rules")), k);
            const QJsonObject rule = array[k].toObject();
            r.allowOnly(rule, rulePath, { "on", "after", "publish", "send", "sum", "description" });
            readSums(r, rule, rulePath);
            r.duration(rule.value(QLatin1String("after")), Reader::join(rulePath, QStringLiteral("after")), 0);
            r.string(rule, rulePath, "on", true);
            if (rule.contains(QLatin1String("publish")) && rule.contains(QLatin1String("send")))
                r.error(rulePath, QStringLiteral("a rule either publishes or sends, not both"));
            if (rule.contains(QLatin1String("publish"))) {
                const QString p = Reader::join(rulePath, QStringLiteral("publish"));
                const QJsonObject action = rule.value(QLatin1String("publish")).toObject();
                r.allowOnly(action, p, { "topic", "type", "key", "data" });
                const QString topic = r.string(action, p, "topic", true);
                r.string(action, p, "type", true);
                if (!topic.isEmpty() && !knownTopic(topic))
                    r.error(
                        Reader::join(p, QStringLiteral("topic")), QStringLiteral("unknown topic '") + topic + u'\'');
            }
            if (rule.contains(QLatin1String("send"))) {
                const QString p = Reader::join(rulePath, QStringLiteral("send"));
                const QJsonObject action = rule.value(QLatin1String("send")).toObject();
                r.allowOnly(action, p, { "service", "command", "key", "data" });
                const QString target = r.string(action, p, "service", true);
                r.string(action, p, "command", true);
                if (!target.isEmpty() && !knownService(target))
                    r.error(Reader::join(p, QStringLiteral("service")),
                        QStringLiteral("unknown service '") + target + u'\'');
            }
        }
    }
}

} // namespace eventloom
