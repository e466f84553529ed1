#include "scenarioloader.h"

#include "../lessons/lessonreader.h"
#include "../readmodels/customerappservice.h"
#include "../services/outbox/checkoutservice.h"
#include "callpolicyreader.h"
#include "jsonguard.h"
#include "jsonlocator.h"
#include "scenariobuilder.h"
#include "scenariocost.h"
#include "scenariolimits.h"
#include "scenariooverrides.h"
#include "scenarioreader.h"
#include "schemasreader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <map>
#include <limits>

namespace eventloom {

namespace {
    using Reader = ScenarioReader;
    QString at(const QString& array, qsizetype i) { return ScenarioReader::at(array, i); }

    void readTopics(Reader& r, const QJsonObject& root, Scenario& s)
    {
        const QJsonValue topics = root.value(QLatin1String("topics"));
        if (!topics.isArray()) {
            r.error(topics.isUndefined() ? QString() : QStringLiteral("topics"),
                topics.isUndefined() ? QStringLiteral("missing required field 'topics'") : QStringLiteral("expected an array"));
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
            t.latency = r.duration(o.value(QLatin1String("latency")), Reader::join(path, QStringLiteral("latency")), kMillisecond);
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

    /// The fields each service kind accepts beyond the common ones.
    const std::map<QString, QStringList>& kindFields()
    {
        static const std::map<QString, QStringList> fields {
            { QStringLiteral("declarative"), { QStringLiteral("rules") } },
            { QStringLiteral("order"),
                { QStringLiteral("idempotent"), QStringLiteral("catalog"), QStringLiteral("timeout"), QStringLiteral("workers"),
                    QStringLiteral("bulkheads"), QStringLiteral("circuitBreaker"), QStringLiteral("fallback"),
                    QStringLiteral("expectedVersion") } },
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
                { QStringLiteral("publish"), QStringLiteral("publishDelay"), QStringLiteral("relayInterval"), QStringLiteral("topic") } },
            { QStringLiteral("fulfilment"), { QStringLiteral("idempotent") } },
            { QStringLiteral("reader"), { QStringLiteral("readModel"), QStringLiteral("every") } },
            { QStringLiteral("customer-app"),
                { QStringLiteral("readModel"), QStringLiteral("strategy"), QStringLiteral("every"), QStringLiteral("orders"),
                    QStringLiteral("poll"), QStringLiteral("timeout") } },
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
                QStringLiteral("unknown service kind '") + svc.kind + QStringLiteral("' (known: ") + known.join(QStringLiteral(", ")) + u')');
            return;
        }
        static const QStringList common { QStringLiteral("id"), QStringLiteral("kind"), QStringLiteral("instances"),
            QStringLiteral("latency"), QStringLiteral("subscriptions"), QStringLiteral("description"),
            QStringLiteral("attachAt"), QStringLiteral("startFrom"), QStringLiteral("ordering"), QStringLiteral("idempotentProducer") };
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!common.contains(it.key()) && !kind->second.contains(it.key())) {
                bool known = false;
                for (const auto& [name, fields] : kindFields())
                    known = known || fields.contains(it.key());
                if (known) // unknown names were reported already, with a suggestion
                    r.error(Reader::join(path, it.key()),
                        QStringLiteral("'") + it.key() + QStringLiteral("' does not apply to a '") + svc.kind + QStringLiteral("' service"), true);
            }

        if (o.contains(QLatin1String("attachAt")))
            svc.attachAt = r.duration(o.value(QLatin1String("attachAt")), Reader::join(path, QStringLiteral("attachAt")), 0);
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
        svc.callTimeout = r.duration(o.value(QLatin1String("timeout")), Reader::join(path, QStringLiteral("timeout")), kSecond);
        if (svc.kind == QLatin1String("order"))
            svc.calls = readCallPolicy(r, o, path);
        const QString expected = r.string(o, path, "expectedVersion", false, QStringLiteral("as-read"));
        if (expected != QLatin1String("as-read") && expected != QLatin1String("any"))
            r.error(Reader::join(path, QStringLiteral("expectedVersion")), QStringLiteral("expected \"as-read\" or \"any\""));
        svc.checkExpectedVersion = expected != QLatin1String("any");
        svc.projection = r.string(o, path, "projection", svc.kind == QLatin1String("read-model"));
        static const QStringList projections { QStringLiteral("order-status"), QStringLiteral("order-history"),
            QStringLiteral("inventory-view"), QStringLiteral("revenue-dashboard") };
        if (!svc.projection.isEmpty() && !projections.contains(svc.projection))
            r.error(Reader::join(path, QStringLiteral("projection")),
                QStringLiteral("unknown projection '") + svc.projection + QStringLiteral("' (known: ") + projections.join(QStringLiteral(", ")) + u')');
        const bool app = svc.kind == QLatin1String("customer-app");
        svc.readModel = r.string(o, path, "readModel", svc.kind == QLatin1String("reader") || app);
        svc.every = r.duration(o.value(QLatin1String("every")), Reader::join(path, QStringLiteral("every")), 250 * kMillisecond);
        if (app && svc.every <= 0)
            r.error(Reader::join(path, QStringLiteral("every")), QStringLiteral("must be longer than 0"));
        svc.strategy = r.string(o, path, "strategy", app, QStringLiteral("read-immediately"));
        if (app && !CustomerAppService::strategyFromName(svc.strategy.toStdString()))
            r.error(Reader::join(path, QStringLiteral("strategy")),
                QStringLiteral("expected \"read-immediately\", \"wait-for-version\" or \"optimistic\""));
        svc.orders = r.integer(o, path, "orders", 20, 0, 100'000); // one person's clicks: the screen keeps each order

        svc.poll = r.duration(o.value(QLatin1String("poll")), Reader::join(path, QStringLiteral("poll")), 10 * kMillisecond);
        if (svc.poll <= 0)
            r.error(Reader::join(path, QStringLiteral("poll")), QStringLiteral("must be longer than 0"));
        svc.capacity = r.integer(o, path, "capacity", 100, 0, 1'000'000'000);
        svc.publish = r.string(o, path, "publish", false, QStringLiteral("outbox"));
        if (!CheckoutService::modeFromName(svc.publish.toStdString()))
            r.error(Reader::join(path, QStringLiteral("publish")),
                QStringLiteral("expected \"outbox\", \"dual-write\" or \"publish-then-commit\""));
        svc.publishDelay = r.duration(o.value(QLatin1String("publishDelay")), Reader::join(path, QStringLiteral("publishDelay")), 5 * kMillisecond);
        svc.relayInterval = r.duration(o.value(QLatin1String("relayInterval")), Reader::join(path, QStringLiteral("relayInterval")), 20 * kMillisecond);
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
            policy.backoff = r.duration(ro.value(QLatin1String("backoff")), Reader::join(retryPath, QStringLiteral("backoff")), policy.backoff);
            policy.multiplier = r.number(ro, retryPath, "multiplier", 2.0, 1.0, 10.0);
            policy.maxBackoff = r.duration(ro.value(QLatin1String("maxBackoff")), Reader::join(retryPath, QStringLiteral("maxBackoff")),
                std::max(policy.maxBackoff, policy.backoff));
            if (policy.maxBackoff < policy.backoff)
                r.error(Reader::join(retryPath, QStringLiteral("maxBackoff")), QStringLiteral("must be at least the backoff"));
        } else if (!retry.isUndefined()) {
            r.error(Reader::join(path, QStringLiteral("retry")), QStringLiteral("expected an object such as {\"count\": 3, \"backoff\": \"100ms\"}"));
        }
        // A retry policy gives up to the dead-letter topic unless it says otherwise (what it always did);
        // without one, a failed record blocks its partition, as with a plain consumer whose handler throws.
        const QString onFailure = r.string(so, path, "onFailure", false,
            retry.isObject() ? QStringLiteral("dead-letter") : QStringLiteral("block"));
        if (onFailure == QLatin1String("block"))
            policy.onFailure = OnFailure::Block;
        else if (onFailure == QLatin1String("skip"))
            policy.onFailure = OnFailure::Skip;
        else if (onFailure == QLatin1String("dead-letter"))
            policy.onFailure = OnFailure::DeadLetter;
        else
            r.error(Reader::join(path, QStringLiteral("onFailure")), QStringLiteral("expected \"block\", \"skip\" or \"dead-letter\""));
        const QString ordering = r.string(so, path, "ordering", false, serviceOrdering);
        if (ordering != QLatin1String("naive") && ordering != QLatin1String("sequence"))
            r.error(Reader::join(path, QStringLiteral("ordering")), QStringLiteral("expected \"naive\" or \"sequence\""));
        policy.sequenceAware = ordering == QLatin1String("sequence");
        if (so.contains(QLatin1String("parkTimeout"))) {
            // Kept, not refused, with `naive`: `--set …ordering=naive` must work on a resequencer's subscription.
            policy.parkTimeout = r.duration(so.value(QLatin1String("parkTimeout")), Reader::join(path, QStringLiteral("parkTimeout")), policy.parkTimeout);
            if (policy.parkTimeout <= 0)
                r.error(Reader::join(path, QStringLiteral("parkTimeout")), QStringLiteral("must be longer than 0"));
        }
        // Its reader (core/bus/schemaregistry.h): the version it was built for, strict or tolerant, with or without an upcaster.
        policy.schemaVersion = static_cast<std::uint16_t>(r.integer(so, path, "schemaVersion", 0, 0, InjectionSpec::kMaxVersion));
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
                    QStringLiteral("'%1' needs 'schemaVersion': the event version this consumer was built for").arg(QLatin1String(key)), true);
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
                r.error(v.isArray() ? at(tenantPath, i) : tenantPath, QStringLiteral("expected a tenant id (a non-empty string)"));
                continue;
            }
            sub.tenants.push_back(names[i].toString().toStdString());
        }
    }

    void readServices(Reader& r, const QJsonObject& root, Scenario& s)
    {
        const QJsonValue services = root.value(QLatin1String("services"));
        if (!services.isArray()) {
            r.error(services.isUndefined() ? QString() : QStringLiteral("services"),
                services.isUndefined() ? QStringLiteral("missing required field 'services'") : QStringLiteral("expected an array"));
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
                { "id", "kind", "instances", "latency", "subscriptions", "rules", "description", "attachAt", "startFrom", "ordering",
                    "idempotentProducer", "idempotent", "stock", "catalog", "maxAmountCents", "declineProbability", "topic", "bucket",
                    "threshold", "largeOrderCents", "timeout", "projection", "readModel", "every", "capacity", "publish", "publishDelay", "relayInterval", "strategy", "orders",
                    "poll", "workers", "bulkheads", "circuitBreaker", "fallback", "expectedVersion" });
            ServiceSpec svc;
            svc.id = r.string(o, path, "id", true);
            svc.kind = r.string(o, path, "kind", false, QStringLiteral("declarative"));
            readKindSettings(r, o, path, svc);
            svc.instances = static_cast<int>(r.integer(o, path, "instances", 1, 1, ScenarioLimits::kMaxInstances));
            svc.latency = r.latency(o.value(QLatin1String("latency")), Reader::join(path, QStringLiteral("latency")), svc.latency);
            svc.config = o;
            if (!svc.id.isEmpty() && seen.contains(svc.id))
                r.error(Reader::join(path, QStringLiteral("id")), QStringLiteral("duplicate service id '") + svc.id + u'\'');
            seen.insert(svc.id);

            const QString serviceOrdering = r.string(o, path, "ordering", false, QStringLiteral("naive"));
            if (serviceOrdering != QLatin1String("naive") && serviceOrdering != QLatin1String("sequence"))
                r.error(Reader::join(path, QStringLiteral("ordering")), QStringLiteral("expected \"naive\" or \"sequence\""));
            const QJsonArray subs = o.value(QLatin1String("subscriptions")).toArray();
            if (o.contains(QLatin1String("subscriptions")) && !o.value(QLatin1String("subscriptions")).isArray())
                r.error(Reader::join(path, QStringLiteral("subscriptions")), QStringLiteral("expected an array"));
            for (qsizetype j = 0; j < subs.size(); ++j) {
                const QString subPath = at(Reader::join(path, QStringLiteral("subscriptions")), j);
                const QJsonObject so = subs[j].toObject();
                r.allowOnly(so, subPath,
                    { "topic", "group", "maxInFlight", "commitDelay", "retry", "onFailure", "ordering", "parkTimeout", "schemaVersion", "upcaster", "reader", "tenant" });
                SubscriptionSpec sub;
                sub.topic = r.string(so, subPath, "topic", true);
                sub.group = r.string(so, subPath, "group", false, svc.id);
                sub.maxInFlight = static_cast<int>(r.integer(so, subPath, "maxInFlight", 1, 1, 10000));
                sub.commitDelay = r.duration(so.value(QLatin1String("commitDelay")), Reader::join(subPath, QStringLiteral("commitDelay")), 0);
                readSubscriptionPolicy(r, so, subPath, serviceOrdering, sub.policy);
                readTenantFilter(r, so, subPath, sub);
                svc.subscriptions.push_back(sub);
            }
            s.services.push_back(svc);
        }
    }

    /// `"sum": {"revenueCents": "$.total.amountCents"}`: the handler adds up a number it reads (docs/scenario-format.md).
    void readSums(Reader& r, const QJsonObject& rule, const QString& rulePath)
    {
        const QJsonValue sum = rule.value(QLatin1String("sum"));
        if (sum.isUndefined())
            return;
        const QString sumPath = Reader::join(rulePath, QStringLiteral("sum"));
        if (!sum.isObject() || sum.toObject().isEmpty()) {
            r.error(sumPath, QStringLiteral("expected an object of totals and the fields they add up, such as {\"revenueCents\": \"$.amountCents\"}"));
            return;
        }
        const QJsonObject totals = sum.toObject();
        for (auto it = totals.begin(); it != totals.end(); ++it) {
            const QString field = it.value().toString();
            if (!it.value().isString() || !field.startsWith(QLatin1String("$.")) || !SchemasReader::validPath(field.mid(2)))
                r.error(Reader::join(sumPath, it.key()), QStringLiteral("expected a field of the message, such as \"$.amountCents\" or \"$.total.amountCents\""));
        }
    }

    void readRules(Reader& r, const Scenario& s)
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
                    r.error(Reader::join(at(Reader::join(path, QStringLiteral("subscriptions")), static_cast<qsizetype>(j)), QStringLiteral("topic")),
                        QStringLiteral("unknown topic '") + svc.subscriptions[j].topic + u'\'');
            if (!svc.readModel.isEmpty()
                && std::none_of(s.services.begin(), s.services.end(),
                    [&](const ServiceSpec& x) { return x.id == svc.readModel && x.kind == QLatin1String("read-model"); }))
                r.error(Reader::join(path, QStringLiteral("readModel")),
                    QStringLiteral("'") + svc.readModel + QStringLiteral("' is not a read-model service of this scenario"));
            if (svc.kind == QLatin1String("customer-app")
                && std::none_of(s.services.begin(), s.services.end(),
                    [](const ServiceSpec& x) { return x.id == QLatin1String("order") && x.kind == QLatin1String("order"); }))
                r.error(path, QStringLiteral("a customer app places its orders with the 'order' service, and there is none"));
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
                        r.error(Reader::join(p, QStringLiteral("topic")), QStringLiteral("unknown topic '") + topic + u'\'');
                }
                if (rule.contains(QLatin1String("send"))) {
                    const QString p = Reader::join(rulePath, QStringLiteral("send"));
                    const QJsonObject action = rule.value(QLatin1String("send")).toObject();
                    r.allowOnly(action, p, { "service", "command", "key", "data" });
                    const QString target = r.string(action, p, "service", true);
                    r.string(action, p, "command", true);
                    if (!target.isEmpty() && !knownService(target))
                        r.error(Reader::join(p, QStringLiteral("service")), QStringLiteral("unknown service '") + target + u'\'');
                }
            }
        }
    }

    /// A tenant's `burst: {at, for, rate}`: its own orders arrive at `rate` from `at` for `for`.
    void readBurst(Reader& r, const QJsonObject& t, const QString& tenantPath, TenantSpec& tenant)
    {
        const QJsonValue v = t.value(QLatin1String("burst"));
        if (v.isUndefined())
            return;
        const QString path = Reader::join(tenantPath, QStringLiteral("burst"));
        if (!v.isObject()) {
            r.error(path, QStringLiteral("expected an object {\"at\": …, \"for\": …, \"rate\": …}"));
            return;
        }
        const QJsonObject b = v.toObject();
        r.allowOnly(b, path, { "at", "for", "rate" });
        tenant.burstAt = r.duration(b.value(QLatin1String("at")), Reader::join(path, QStringLiteral("at")), 0);
        tenant.burstFor = r.duration(b.value(QLatin1String("for")), Reader::join(path, QStringLiteral("for")), 0);
        tenant.burstRate = r.number(b, path, "rate", 0.0, 0.0, 1e9);
    }

    /// `"acme"`, or `{"id": "globex", "from": "10s", "weight": 2}`, or `{"id": …, "rate": 5, "orders": 50}`.
    void readTenants(Reader& r, const QJsonObject& o, const QString& path, WorkloadSpec& w)
    {
        const QJsonValue v = o.value(QLatin1String("tenants"));
        if (v.isUndefined())
            return;
        const QString tenantsPath = Reader::join(path, QStringLiteral("tenants"));
        if (!v.isArray()) {
            r.error(tenantsPath, QStringLiteral("expected an array of tenant ids or objects {\"id\": …, \"from\": …, \"weight\": …}"));
            return;
        }
        const QJsonArray array = v.toArray();
        if (array.size() > ScenarioLimits::kMaxTenants) {
            r.error(tenantsPath, QStringLiteral("at most %1 tenants").arg(ScenarioLimits::kMaxTenants));
            return;
        }
        QSet<QString> seen;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString tenantPath = at(tenantsPath, i);
            TenantSpec tenant;
            QString id;
            if (array[i].isString()) {
                id = array[i].toString();
                if (id.isEmpty())
                    r.error(tenantPath, QStringLiteral("expected a non-empty tenant id"));
            } else if (array[i].isObject()) {
                const QJsonObject t = array[i].toObject();
                r.allowOnly(t, tenantPath, { "id", "weight", "from", "rate", "orders", "burst", "quota", "description" });
                id = r.string(t, tenantPath, "id", true);
                tenant.from = r.duration(t.value(QLatin1String("from")), Reader::join(tenantPath, QStringLiteral("from")), 0);
                tenant.ratePerSecond = r.number(t, tenantPath, "rate", 0.0, 1e-6, 1e9);
                if (tenant.ownRate()) {
                    tenant.orders = r.integer(t, tenantPath, "orders", w.orders, 0, ScenarioLimits::kMaxOrders);
                    tenant.quota = r.number(t, tenantPath, "quota", 0.0, 0.0, 1e9);
                    readBurst(r, t, tenantPath, tenant);
                    if (t.contains(QLatin1String("weight")))
                        r.error(Reader::join(tenantPath, QStringLiteral("weight")),
                            QStringLiteral("a tenant with a rate of its own places its own orders; 'weight' shares the workload's"), true);
                } else {
                    tenant.weight = r.number(t, tenantPath, "weight", 1.0, 1e-9, 1e9);
                    for (const char* own : { "orders", "burst", "quota" })
                        if (t.contains(QLatin1String(own)))
                            r.error(Reader::join(tenantPath, QLatin1String(own)),
                                QStringLiteral("'%1' needs a 'rate': a tenant without one shares the workload's orders").arg(QLatin1String(own)), true);
                }
            } else {
                r.error(tenantPath, QStringLiteral("expected a tenant id or an object {\"id\": …, \"from\": …, \"weight\": …}"));
                continue;
            }
            if (!id.isEmpty() && seen.contains(id))
                r.error(tenantPath, QStringLiteral("duplicate tenant id '") + id + u'\'');
            seen.insert(id);
            tenant.id = id.toStdString();
            w.tenants.push_back(std::move(tenant));
        }
    }

    /// Every subscription's tenant filter names a tenant of the workload: a typo would make a
    /// per-tenant consumer skip everything, silently.
    void checkTenantFilters(Reader& r, const Scenario& s)
    {
        QStringList known;
        if (s.workload)
            for (const TenantSpec& t : s.workload->tenants)
                known << QString::fromStdString(t.id);
        for (std::size_t i = 0; i < s.services.size(); ++i)
            for (std::size_t j = 0; j < s.services[i].subscriptions.size(); ++j) {
                const SubscriptionSpec& sub = s.services[i].subscriptions[j];
                const QString subPath = at(Reader::join(at(QStringLiteral("services"), static_cast<qsizetype>(i)),
                                               QStringLiteral("subscriptions")),
                    static_cast<qsizetype>(j));
                const bool list = s.services[i].config.value(QLatin1String("subscriptions"))[static_cast<qsizetype>(j)]
                                      .toObject()
                                      .value(QLatin1String("tenant"))
                                      .isArray();
                for (std::size_t k = 0; k < sub.tenants.size(); ++k) {
                    const QString name = QString::fromStdString(sub.tenants[k]);
                    if (known.contains(name))
                        continue;
                    const QString path = list ? at(Reader::join(subPath, QStringLiteral("tenant")), static_cast<qsizetype>(k))
                                              : Reader::join(subPath, QStringLiteral("tenant"));
                    QString message = QStringLiteral("unknown tenant '") + name + u'\'';
                    const QString near = Reader::closest(name, known);
                    if (!near.isEmpty())
                        message += QStringLiteral(" (did you mean '") + near + QStringLiteral("'?)");
                    else
                        message += known.isEmpty() ? QStringLiteral(": the workload has no tenants")
                                                   : QStringLiteral(" (the workload's tenants: ") + known.join(QStringLiteral(", ")) + u')';
                    r.error(path, message);
                }
            }
    }

    void readWorkloadFields(Reader& r, const QJsonObject& root, Scenario& s)
    {
        const QJsonValue v = root.value(QLatin1String("workload"));
        if (v.isUndefined())
            return;
        const QString path = QStringLiteral("workload");
        if (!v.isObject()) {
            r.error(path, QStringLiteral("expected an object"));
            return;
        }
        const QJsonObject o = v.toObject();
        r.allowOnly(o, path,
            { "orders", "rate", "arrival", "start", "customers", "skus", "quantity", "unitPriceCents", "target",
                "command", "tenants", "cancelProbability", "cancelAfter", "idField", "idPrefix" });
        WorkloadSpec w;
        w.orders = r.integer(o, path, "orders", 0, 0, ScenarioLimits::kMaxOrders);
        w.ratePerSecond = r.number(o, path, "rate", 10.0, 1e-6, 1e9);
        const QString arrival = r.string(o, path, "arrival", false, QStringLiteral("poisson"));
        if (arrival != QLatin1String("poisson") && arrival != QLatin1String("uniform"))
            r.error(Reader::join(path, QStringLiteral("arrival")), QStringLiteral("expected \"poisson\" or \"uniform\""));
        w.poisson = arrival != QLatin1String("uniform");
        w.start = r.duration(o.value(QLatin1String("start")), Reader::join(path, QStringLiteral("start")), 0);
        w.customers = r.integer(o, path, "customers", 10, 1, ScenarioLimits::kMaxCustomers);
        w.skus = r.integer(o, path, "skus", 5, 1, ScenarioLimits::kMaxSkus);
        w.unitPriceCents = r.integer(o, path, "unitPriceCents", 1999, 0, 100'000'000);
        const QJsonObject quantity = o.value(QLatin1String("quantity")).toObject();
        const QString qPath = Reader::join(path, QStringLiteral("quantity"));
        r.allowOnly(quantity, qPath, { "min", "max" });
        w.minQuantity = r.integer(quantity, qPath, "min", 1, 1, 1'000'000);
        w.maxQuantity = r.integer(quantity, qPath, "max", std::max<qint64>(w.minQuantity, 3), w.minQuantity, 1'000'000);
        w.target = r.string(o, path, "target", false, QStringLiteral("order")).toStdString();
        w.command = r.string(o, path, "command", false, QStringLiteral("PlaceOrder")).toStdString();
        w.idField = r.string(o, path, "idField", false, QStringLiteral("orderId")).toStdString();
        w.idPrefix = r.string(o, path, "idPrefix", false, QStringLiteral("order-")).toStdString();
        if (w.idPrefix.size() > 16)
            r.error(Reader::join(path, QStringLiteral("idPrefix")), QStringLiteral("at most 16 characters"));
        w.cancelProbability = r.number(o, path, "cancelProbability", 0.0, 0.0, 1.0);
        w.cancelAfter = r.duration(o.value(QLatin1String("cancelAfter")), Reader::join(path, QStringLiteral("cancelAfter")), 0);
        readTenants(r, o, path, w);
        const QString target = QString::fromStdString(w.target);
        if (std::none_of(s.services.begin(), s.services.end(), [&](const ServiceSpec& x) { return x.id == target; }))
            r.error(Reader::join(path, QStringLiteral("target")), QStringLiteral("unknown service '") + target + u'\'');
        s.workload = w;
    }

    void readWorkload(Reader& r, const QJsonObject& root, Scenario& s)
    {
        readWorkloadFields(r, root, s);
        checkTenantFilters(r, s);
    }
}

namespace {
    /// The commands each built-in e-commerce kind answers (docs/ecommerce-events.md).
    QStringList ecommerceCommands(const QString& kind)
    {
        if (kind == QLatin1String("order"))
            return { QStringLiteral("PlaceOrder"), QStringLiteral("CancelOrder"), QStringLiteral("ApproveOrder") };
        if (kind == QLatin1String("inventory"))
            return { QStringLiteral("ReserveStock"), QStringLiteral("ReleaseStock") };
        if (kind == QLatin1String("payment"))
            return { QStringLiteral("ChargePayment"), QStringLiteral("RefundPayment") };
        if (kind == QLatin1String("shipping"))
            return { QStringLiteral("ScheduleShipment"), QStringLiteral("CancelShipment") };
        return {};
    }

    /// A saga action: `command`, `success`, `failure` (one event or several), `timeout`, `retry`.
    void readSagaAction(Reader& r, const QJsonObject& o, const QString& path, SagaAction& action, bool compensation)
    {
        action.command = r.string(o, path, "command", true).toStdString();
        action.success = r.string(o, path, "success", true).toStdString();
        const QJsonValue failure = o.value(QLatin1String("failure"));
        if (failure.isString()) {
            action.failures.push_back(failure.toString().toStdString());
        } else if (failure.isArray()) {
            for (const QJsonValue& f : failure.toArray()) {
                if (!f.isString() || f.toString().isEmpty())
                    r.error(Reader::join(path, QStringLiteral("failure")), QStringLiteral("expected event type names"));
                action.failures.push_back(f.toString().toStdString());
            }
        } else if (!failure.isUndefined()) {
            r.error(Reader::join(path, QStringLiteral("failure")), QStringLiteral("expected an event type or an array of them"));
        }
        action.timeout = r.duration(o.value(QLatin1String("timeout")), Reader::join(path, QStringLiteral("timeout")), 2 * kSecond);
        if (action.timeout <= 0)
            r.error(Reader::join(path, QStringLiteral("timeout")), QStringLiteral("must be longer than 0"));
        action.retry.count = compensation ? 5 : 0;
        const QJsonValue retry = o.value(QLatin1String("retry"));
        if (retry.isObject()) {
            const QString retryPath = Reader::join(path, QStringLiteral("retry"));
            const QJsonObject policy = retry.toObject();
            r.allowOnly(policy, retryPath, { "count", "backoff", "maxBackoff", "deadline" });
            action.retry.deadline = r.duration(
                policy.value(QLatin1String("deadline")), Reader::join(retryPath, QStringLiteral("deadline")), 0);
            if (policy.contains(QLatin1String("deadline")) && action.retry.deadline <= 0)
                r.error(Reader::join(retryPath, QStringLiteral("deadline")), QStringLiteral("must be longer than 0"));
            // A deadline bounds the tries by time; the count, unless given, only by the most allowed.
            const int defaultCount = action.retry.deadline > 0 ? 100 : action.retry.count;
            action.retry.count = static_cast<int>(r.integer(policy, retryPath, "count", defaultCount, 0, 100));
            action.retry.backoff = r.duration(policy.value(QLatin1String("backoff")),
                Reader::join(retryPath, QStringLiteral("backoff")), 100 * kMillisecond);
            action.retry.maxBackoff = r.duration(
                policy.value(QLatin1String("maxBackoff")), Reader::join(retryPath, QStringLiteral("maxBackoff")), 0);
            if (policy.contains(QLatin1String("maxBackoff")) && action.retry.maxBackoff < action.retry.backoff)
                r.error(Reader::join(retryPath, QStringLiteral("maxBackoff")),
                    QStringLiteral("must be at least the backoff (%1)")
                        .arg(QString::fromStdString(formatDuration(action.retry.backoff))));
        } else if (!retry.isUndefined()) {
            r.error(Reader::join(path, QStringLiteral("retry")), QStringLiteral("expected an object such as {\"count\": 2, \"backoff\": \"100ms\"}"));
        }
    }

    void readSagas(Reader& r, const QJsonObject& root, Scenario& s)
    {
        const QJsonValue v = root.value(QLatin1String("sagas"));
        if (v.isUndefined())
            return;
        if (!v.isArray()) {
            r.error(QStringLiteral("sagas"), QStringLiteral("expected an array"));
            return;
        }
        const auto service = [&](const QString& id) {
            return std::find_if(s.services.begin(), s.services.end(), [&](const ServiceSpec& x) { return x.id == id; });
        };
        const auto knownTopic = [&](const QString& id) {
            return std::any_of(s.topics.begin(), s.topics.end(), [&](const TopicSpec& t) { return t.id == id; });
        };
        const auto checkService = [&](const QString& id, const QString& path) {
            if (!id.isEmpty() && service(id) == s.services.end())
                r.error(path, QStringLiteral("unknown service '") + id + u'\'');
        };
        // A saga sends commands: the participant must be one that takes that command.
        const auto checkCommand = [&](const QString& serviceId, const std::string& command, const QString& path) {
            const auto svc = service(serviceId);
            if (command.empty() || svc == s.services.end() || svc->kind == QLatin1String("resource"))
                return; // unknown services are reported already; a resource takes the commands its steps name
            const QString name = QString::fromStdString(command);
            QStringList accepted;
            if (svc->kind == QLatin1String("declarative")) {
                for (const QJsonValue& rule : svc->config.value(QLatin1String("rules")).toArray())
                    accepted << rule.toObject().value(QLatin1String("on")).toString();
            } else {
                accepted = ecommerceCommands(svc->kind);
            }
            if (accepted.contains(name))
                return;
            QString message = accepted.isEmpty()
                ? QStringLiteral("'%1' (a '%2' service) takes no commands").arg(serviceId, svc->kind)
                : QStringLiteral("'%1' does not take the command '%2'").arg(serviceId, name);
            if (!accepted.isEmpty()) {
                const QString near = ScenarioReader::closest(name, accepted);
                message += near.isEmpty() ? QStringLiteral(" (it takes: %1)").arg(accepted.join(QStringLiteral(", ")))
                                          : QStringLiteral(" (did you mean '%1'?)").arg(near);
            }
            r.error(path, message);
        };
        const auto checkTopic = [&](const QString& id, const QString& path) {
            if (!id.isEmpty() && !knownTopic(id))
                r.error(path, QStringLiteral("unknown topic '") + id + u'\'');
        };
        QSet<QString> seen;
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = at(QStringLiteral("sagas"), i);
            if (!array[i].isObject()) {
                r.error(path, QStringLiteral("expected an object"));
                continue;
            }
            const QJsonObject o = array[i].toObject();
            r.allowOnly(o, path, { "id", "description", "style", "coordinator", "start", "owner", "onCompleted", "onCompensated", "steps", "durableLog" });
            SagaDefinition saga;
            const QString id = r.string(o, path, "id", true);
            saga.id = id.toStdString();
            if (!id.isEmpty() && seen.contains(id))
                r.error(Reader::join(path, QStringLiteral("id")), QStringLiteral("duplicate saga id '") + id + u'\'');
            seen.insert(id);
            const QString style = r.string(o, path, "style", false, QStringLiteral("orchestration"));
            if (style != QLatin1String("orchestration") && style != QLatin1String("choreography"))
                r.error(Reader::join(path, QStringLiteral("style")), QStringLiteral("expected \"orchestration\" or \"choreography\""));
            saga.style = style == QLatin1String("choreography") ? SagaDefinition::Style::Choreography : SagaDefinition::Style::Orchestration;
            const QString coordinator = r.string(o, path, "coordinator", false, id + QStringLiteral("-coordinator"));
            saga.coordinator = coordinator.toStdString();
            if (service(coordinator) != s.services.end())
                r.error(Reader::join(path, QStringLiteral("coordinator")),
                    QStringLiteral("'") + coordinator + QStringLiteral("' is already a service: the coordinator is made by the engine, name it apart"));

            const QString startPath = Reader::join(path, QStringLiteral("start"));
            const QJsonObject start = o.value(QLatin1String("start")).toObject();
            if (!o.value(QLatin1String("start")).isObject())
                r.error(o.contains(QLatin1String("start")) ? startPath : path,
                    o.contains(QLatin1String("start")) ? QStringLiteral("expected an object {\"event\": …, \"topic\": …}")
                                                       : QStringLiteral("missing required field 'start'"));
            r.allowOnly(start, startPath, { "event", "topic" });
            saga.startEvent = r.string(start, startPath, "event", o.value(QLatin1String("start")).isObject()).toStdString();
            const QString startTopic = r.string(start, startPath, "topic", saga.style == SagaDefinition::Style::Choreography);
            checkTopic(startTopic, Reader::join(startPath, QStringLiteral("topic")));
            saga.startTopic = startTopic.toStdString();
            const QString owner = r.string(o, path, "owner", false);
            checkService(owner, Reader::join(path, QStringLiteral("owner")));
            saga.owner = owner.toStdString();
            saga.durableLog = r.boolean(o, path, "durableLog", true);
            for (const char* key : { "onCompleted", "onCompensated" }) {
                const QString noticePath = Reader::join(path, QLatin1String(key));
                const QJsonValue nv = o.value(QLatin1String(key));
                if (nv.isUndefined())
                    continue;
                const QJsonObject no = nv.toObject();
                r.allowOnly(no, noticePath, { "service", "command" });
                SagaDefinition::Notice& notice = std::string_view(key) == "onCompleted" ? saga.onCompleted : saga.onCompensated;
                const QString target = r.string(no, noticePath, "service", true);
                checkService(target, Reader::join(noticePath, QStringLiteral("service")));
                notice.service = target.toStdString();
                notice.command = r.string(no, noticePath, "command", true).toStdString();
                checkCommand(target, notice.command, Reader::join(noticePath, QStringLiteral("command")));
            }

            const QString stepsPath = Reader::join(path, QStringLiteral("steps"));
            const QJsonArray steps = o.value(QLatin1String("steps")).toArray();
            if (steps.isEmpty())
                r.error(o.contains(QLatin1String("steps")) ? stepsPath : path,
                    o.contains(QLatin1String("steps")) ? QStringLiteral("a saga needs at least one step") : QStringLiteral("missing required field 'steps'"));
            QSet<QString> stepIds;
            for (qsizetype k = 0; k < steps.size(); ++k) {
                const QString stepPath = at(stepsPath, k);
                const QJsonObject so = steps[k].toObject();
                r.allowOnly(so, stepPath,
                    { "id", "description", "service", "topic", "command", "success", "failure", "timeout", "retry", "compensation" });
                SagaStep step;
                const QString stepId = r.string(so, stepPath, "id", true);
                if (!stepId.isEmpty() && stepIds.contains(stepId))
                    r.error(Reader::join(stepPath, QStringLiteral("id")), QStringLiteral("duplicate step id '") + stepId + u'\'');
                stepIds.insert(stepId);
                step.id = stepId.toStdString();
                const QString participant = r.string(so, stepPath, "service", true);
                checkService(participant, Reader::join(stepPath, QStringLiteral("service")));
                step.service = participant.toStdString();
                const QString topic = r.string(so, stepPath, "topic", true);
                checkTopic(topic, Reader::join(stepPath, QStringLiteral("topic")));
                step.topic = topic.toStdString();
                readSagaAction(r, so, stepPath, step.action, false);
                checkCommand(participant, step.action.command, Reader::join(stepPath, QStringLiteral("command")));
                const QJsonValue compensation = so.value(QLatin1String("compensation"));
                if (compensation.isObject()) {
                    const QString cPath = Reader::join(stepPath, QStringLiteral("compensation"));
                    r.allowOnly(compensation.toObject(), cPath, { "command", "success", "timeout", "retry" });
                    readSagaAction(r, compensation.toObject(), cPath, step.compensation, true);
                    checkCommand(participant, step.compensation.command, Reader::join(cPath, QStringLiteral("command")));
                } else if (!compensation.isUndefined()) {
                    r.error(Reader::join(stepPath, QStringLiteral("compensation")), QStringLiteral("expected an object {\"command\": …, \"success\": …}"));
                } else if (saga.style == SagaDefinition::Style::Choreography && k + 1 < steps.size()) {
                    // Compensation travels backwards through every participant: none may break the chain.
                    r.error(stepPath, QStringLiteral("in a choreographed saga every step but the last needs a compensation"));
                }
                saga.steps.push_back(std::move(step));
            }
            s.sagas.push_back(std::move(saga));
        }
    }

    void readInjections(Reader& r, const QJsonObject& root, Scenario& s)
    {
        const QJsonValue v = root.value(QLatin1String("injections"));
        if (v.isUndefined())
            return;
        if (!v.isArray()) {
            r.error(QStringLiteral("injections"), QStringLiteral("expected an array of injection specs"));
            return;
        }
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = at(QStringLiteral("injections"), i);
            QString error;
            const auto spec = InjectionSpec::parse(array[i].toString(), error);
            if (!array[i].isString() || !spec) {
                r.error(path, array[i].isString() ? error : QStringLiteral("expected a string such as \"crash@5s,service=inventory,for=3s\""));
                continue;
            }
            if (const QString problem = ScenarioLoader::checkInjection(*spec, s); !problem.isEmpty())
                r.error(path, problem);
            s.injections.push_back(*spec);
        }
    }
}

QString ScenarioLoader::checkResetOffset(const InjectionSpec& spec, const Scenario& scenario)
{
    const std::vector<std::pair<QString, QString>> reads = ScenarioBuilder::consumerReads(scenario);
    QStringList groups, topics;
    QSet<QString> seenGroups;
    for (const auto& [group, topic] : reads) {
        if (!seenGroups.contains(group)) {
            seenGroups.insert(group);
            groups << group;
        }
        if (group == spec.group && !topics.contains(topic))
            topics << topic;
    }
    if (topics.isEmpty()) {
        const QString near = ScenarioReader::closest(spec.group, groups);
        const QString hint = near.isEmpty() ? QStringLiteral(" (the groups: %1)").arg(groups.join(QStringLiteral(", ")))
                                            : QStringLiteral(" (did you mean '%1'?)").arg(near);
        return QStringLiteral("unknown consumer group '%1'%2").arg(spec.group, hint);
    }
    if (!spec.topic.isEmpty() && !topics.contains(spec.topic))
        return QStringLiteral("group '%1' does not read topic '%2' (it reads %3)").arg(spec.group, spec.topic, topics.join(QStringLiteral(", ")));
    if (spec.partition) {
        if (spec.topic.isEmpty() && topics.size() > 1)
            return QStringLiteral("group '%1' reads several topics (%2); name the partition's topic with topic=")
                .arg(spec.group, topics.join(QStringLiteral(", ")));
        const QString topic = spec.topic.isEmpty() ? topics.front() : spec.topic;
        const auto t = std::find_if(scenario.topics.begin(), scenario.topics.end(), [&](const TopicSpec& x) { return x.id == topic; });
        if (t != scenario.topics.end() && *spec.partition >= t->partitions)
            return QStringLiteral("topic '%1' has %2 partition(s); there is no partition %3").arg(topic).arg(t->partitions).arg(*spec.partition);
    }
    return {};
}

QString ScenarioLoader::checkInjection(const InjectionSpec& spec, const Scenario& scenario)
{
    const auto service = std::find_if(scenario.services.begin(), scenario.services.end(),
        [&](const ServiceSpec& x) { return x.id == spec.service; });
    const bool coordinator = std::any_of(scenario.sagas.begin(), scenario.sagas.end(), [&](const SagaDefinition& saga) {
        return saga.style == SagaDefinition::Style::Orchestration && QString::fromStdString(saga.coordinator) == spec.service;
    });
    if (!spec.service.isEmpty() && service == scenario.services.end() && !coordinator)
        return QStringLiteral("unknown service '") + spec.service + u'\'';
    if (spec.kind == InjectionSpec::Kind::Crash)
        return {};
    if (spec.kind == InjectionSpec::Kind::IdempotentProducer)
        return service != scenario.services.end() ? QString() : QStringLiteral("a saga coordinator publishes no events of its own");
    if (spec.kind == InjectionSpec::Kind::ResetOffset)
        return checkResetOffset(spec, scenario);
    if (spec.kind == InjectionSpec::Kind::Idempotency)
        return service != scenario.services.end() && serviceKindHasInbox(service->kind)
            ? QString()
            : QStringLiteral("'idempotency' needs a service with an idempotent-consumer inbox (not a declarative, "
                             "read-model or reader service, nor a saga coordinator)");
    if (spec.kind == InjectionSpec::Kind::Fail) {
        if (spec.service.isEmpty())
            return QStringLiteral("'fail' needs service=NAME");
        if (service == scenario.services.end())
            return QStringLiteral("a saga coordinator has no operation that can fail (crash it instead)");
        return serviceKindCanFail(service->kind)
            ? QString()
            : QStringLiteral("a '") + service->kind
                + QStringLiteral("' service has no operation that can fail (inventory, payment, shipping and resource services do)");
    }
    // The rules (drop, duplicate, delay, reorder, slow, poison, deploy-schema, producer-retry): their targets must exist.
    if (!spec.topic.isEmpty()
        && std::none_of(scenario.topics.begin(), scenario.topics.end(), [&](const TopicSpec& t) { return t.id == spec.topic; }))
        return QStringLiteral("unknown topic '") + spec.topic + u'\'';
    if (spec.kind == InjectionSpec::Kind::DeploySchema && spec.type.isEmpty())
        return QStringLiteral("'deploy-schema' needs type=EVENT (and version=N, default 2)");
    if (spec.kind == InjectionSpec::Kind::DeploySchema && scenario.schemas)
        return scenario.schemas->checkDeploy(spec.type.toStdString(), spec.version.value_or(2));
    return {};
}

ScenarioLoader::Result ScenarioLoader::loadFile(const QString& path, const QStringList& overrides)
{
    QFile file(path);
    if (!file.exists())
        return { std::nullopt, { { path, 0, 0, QStringLiteral("no such file") } } };
    if (!file.open(QIODevice::ReadOnly))
        return { std::nullopt, { { path, 0, 0, QStringLiteral("cannot read: ") + file.errorString() } } };
    if (file.size() > kMaxFileBytes)
        return { std::nullopt,
            { { path, 0, 0, QStringLiteral("file is %1 bytes; scenarios are limited to %2").arg(file.size()).arg(kMaxFileBytes) } } };
    // Never more than the limit, even from a file whose size is not known in advance (/dev/zero, a pipe).
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes)
        return { std::nullopt, { { path, 0, 0, QStringLiteral("file is larger than %1 bytes, the limit for scenarios").arg(kMaxFileBytes) } } };
    return loadText(text, path, overrides);
}

ScenarioLoader::Result ScenarioLoader::loadText(const QByteArray& text, const QString& file, const QStringList& overrides)
{
    Result result;
    // Strict and bounded before QJsonDocument sees it: size, depth, counts, UTF-8, duplicate keys, overflow.
    JsonGuard::Limits limits;
    limits.maxBytes = kMaxFileBytes;
    result.errors = JsonGuard::check(text, file, limits);
    if (!result.errors.empty())
        return result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        // Turn the byte offset into a line and column.
        const qsizetype offset = parseError.error != QJsonParseError::NoError ? std::min<qsizetype>(parseError.offset, text.size()) : 0;
        int line = 1;
        qsizetype lineStart = 0;
        for (qsizetype i = 0; i < offset; ++i)
            if (text[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        const int column = static_cast<int>(QString::fromUtf8(text.mid(lineStart, offset - lineStart)).size()) + 1;
        const QString message = parseError.error != QJsonParseError::NoError
            ? QStringLiteral("invalid JSON: ") + parseError.errorString()
            : QStringLiteral("a scenario must be a JSON object");
        result.errors.push_back({ file, line, column, message });
        return result;
    }

    QJsonObject root = doc.object();
    for (const QString& assignment : overrides)
        if (const QString error = applyOverride(root, assignment); !error.isEmpty())
            result.errors.push_back({ QStringLiteral("--set ") + assignment, 0, 0, error });
    if (!result.errors.empty())
        return result;

    const JsonLocator locator(text);
    Reader r(file, locator, result.errors);
    // Counts first: a document over them is refused for that alone, before anything is read from it.
    if (!ScenarioLimits::checkCounts(r, root))
        return result;
    Scenario s;
    s.file = file;
    s.json = root;
    r.allowOnly(root, QString(),
        { "$schema", "id", "title", "summary", "seed", "until", "commandLatency", "topics", "services", "workload",
            "injections", "interaction", "sagas", "schemas", "checks", "lesson" });
    s.id = r.string(root, QString(), "id", true);
    s.title = r.string(root, QString(), "title", false, s.id);
    s.summary = r.string(root, QString(), "summary", false);
    s.seed = static_cast<std::uint64_t>(r.integer(root, QString(), "seed", 1, 0, std::numeric_limits<qint64>::max()));
    s.until = r.duration(root.value(QLatin1String("until")), QStringLiteral("until"), 0);
    s.commandLatency = r.duration(root.value(QLatin1String("commandLatency")), QStringLiteral("commandLatency"), kMillisecond);
    s.interaction = r.string(root, QString(), "interaction", false, QStringLiteral("events"));
    if (s.interaction != QLatin1String("events") && s.interaction != QLatin1String("sync"))
        r.error(QStringLiteral("interaction"), QStringLiteral("expected \"events\" or \"sync\""));
    readTopics(r, root, s);
    readServices(r, root, s);
    readRules(r, s);
    readWorkload(r, root, s);
    readSagas(r, root, s);
    SchemasReader::read(r, root, s); // before the injections: deploy-schema names a declared version
    readInjections(r, root, s);
    readChecksAndLesson(r, root, s);
    if (result.errors.empty()) {
        // Valid, but is it affordable? Estimated from its shape, before anything is built.
        if (const ScenarioCost cost = ScenarioCost::of(s); !cost.withinBudget())
            r.error(cost.largest().path, cost.overBudgetMessage());
    }
    if (result.errors.empty())
        result.scenario = std::move(s);
    return result;
}

} // namespace eventloom
