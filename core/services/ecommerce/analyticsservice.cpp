#include "analyticsservice.h"
#include "../../base/saturating.h"

#include <QJsonArray>

namespace eventloom {

HandleResult AnalyticsService::handleMessage(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    Counts delta;
    if (message.type == n.paymentCharged)
        delta.revenueCents = number(ctx, message, n.amountCents);
    else if (message.type == n.paymentRefunded)
        delta.revenueCents = saturatingNegate(number(ctx, message, n.amountCents));
    else if (message.type == n.orderCreated)
        delta.created = 1;
    else if (message.type == n.orderCompleted)
        delta.completed = 1;
    else if (message.type == n.orderCancelled)
        delta.cancelled = 1;
    else
        return {};
    // Bucketed by when the business event happened, not when analytics got round to it.
    add(message.publishTime, message.tenant, delta);
    effect(ctx, "count");
    return {};
}

void AnalyticsService::add(SimTime t, Atom tenant, const Counts& delta)
{
    for (Counts* c : { &m_byBucket[t - t % m_bucket], &m_byTenant[tenant] }) {
        c->revenueCents = saturatingAdd(c->revenueCents, delta.revenueCents);
        c->created += delta.created;
        c->completed += delta.completed;
        c->cancelled += delta.cancelled;
    }
    m_revenue = saturatingAdd(m_revenue, delta.revenueCents);
}

QJsonObject AnalyticsService::ownState() const
{
    const auto json = [](const Counts& c) {
        return QJsonObject { { QStringLiteral("revenueCents"), static_cast<qint64>(c.revenueCents) },
            { QStringLiteral("created"), static_cast<qint64>(c.created) },
            { QStringLiteral("completed"), static_cast<qint64>(c.completed) },
            { QStringLiteral("cancelled"), static_cast<qint64>(c.cancelled) } };
    };
    QJsonArray buckets;
    for (const auto& [start, counts] : m_byBucket) {
        QJsonObject row = json(counts);
        row.insert(QStringLiteral("startUs"), static_cast<qint64>(start));
        buckets.append(row);
    }
    QJsonObject tenants;
    for (const auto& [tenant, counts] : m_byTenant)
        tenants.insert(tenant == 0 ? QStringLiteral("(none)") : name(tenant), json(counts));
    return { { QStringLiteral("revenueCents"), static_cast<qint64>(m_revenue) },
        { QStringLiteral("bucketUs"), static_cast<qint64>(m_bucket) }, { QStringLiteral("buckets"), buckets },
        { QStringLiteral("tenants"), tenants } };
}

} // namespace eventloom
