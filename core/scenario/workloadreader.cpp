#include "workloadreader.h"

#include "scenariolimits.h"
#include "scenarioreader.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>

namespace eventloom {

namespace {
using Reader = ScenarioReader;
QString at(const QString& array, qsizetype i)
{
    return ScenarioReader::at(array, i);
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
        r.error(tenantsPath,
            QStringLiteral("expected an array of tenant ids or objects {\"id\": …, \"from\": …, \"weight\": …}"));
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
            tenant.from
                = r.duration(t.value(QLatin1String("from")), Reader::join(tenantPath, QStringLiteral("from")), 0);
            tenant.ratePerSecond = r.number(t, tenantPath, "rate", 0.0, 1e-6, 1e9);
            if (tenant.ownRate()) {
                tenant.orders = r.integer(t, tenantPath, "orders", w.orders, 0, ScenarioLimits::kMaxOrders);
                tenant.quota = r.number(t, tenantPath, "quota", 0.0, 0.0, 1e9);
                readBurst(r, t, tenantPath, tenant);
                if (t.contains(QLatin1String("weight")))
                    r.error(Reader::join(tenantPath, QStringLiteral("weight")),
                        QStringLiteral(
                            "a tenant with a rate of its own places its own orders; 'weight' shares the workload's"),
                        true);
            } else {
                tenant.weight = r.number(t, tenantPath, "weight", 1.0, 1e-9, 1e9);
                for (const char* own : { "orders", "burst", "quota" })
                    if (t.contains(QLatin1String(own)))
                        r.error(Reader::join(tenantPath, QLatin1String(own)),
                            QStringLiteral("'%1' needs a 'rate': a tenant without one shares the workload's orders")
                                .arg(QLatin1String(own)),
                            true);
            }
        } else {
            r.error(tenantPath,
                QStringLiteral("expected a tenant id or an object {\"id\": …, \"from\": …, \"weight\": …}"));
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
            const bool list = s.services[i]
                                  .config.value(QLatin1String("subscriptions"))[static_cast<qsizetype>(j)]
                                  .toObject()
                                  .value(QLatin1String("tenant"))
                                  .isArray();
            for (std::size_t k = 0; k < sub.tenants.size(); ++k) {
                const QString name = QString::fromStdString(sub.tenants[k]);
                if (known.contains(name))
                    continue;
                const QString path = list
                    ? at(Reader::join(subPath, QStringLiteral("tenant")), static_cast<qsizetype>(k))
                    : Reader::join(subPath, QStringLiteral("tenant"));
                QString message = QStringLiteral("unknown tenant '") + name + u'\'';
                const QString near = Reader::closest(name, known);
                if (!near.isEmpty())
                    message += QStringLiteral(" (did you mean '") + near + QStringLiteral("'?)");
                else
                    message += known.isEmpty()
                        ? QStringLiteral(": the workload has no tenants")
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
        { "orders", "rate", "arrival", "start", "customers", "skus", "quantity", "unitPriceCents", "target", "command",
            "tenants", "cancelProbability", "cancelAfter", "idField", "idPrefix" });
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
    w.cancelAfter
        = r.duration(o.value(QLatin1String("cancelAfter")), Reader::join(path, QStringLiteral("cancelAfter")), 0);
    readTenants(r, o, path, w);
    const QString target = QString::fromStdString(w.target);
    if (std::none_of(s.services.begin(), s.services.end(), [&](const ServiceSpec& x) { return x.id == target; }))
        r.error(Reader::join(path, QStringLiteral("target")), QStringLiteral("unknown service '") + target + u'\'');
    s.workload = w;
}
}

void WorkloadReader::read(ScenarioReader& r, const QJsonObject& root, Scenario& s)
{
    readWorkloadFields(r, root, s);
    checkTenantFilters(r, s);
}

} // namespace eventloom
