#include "revenuedashboardreadmodel.h"

#include "../base/saturating.h"
#include "../bus/eventlog.h"

#include <algorithm>
#include <charconv>

namespace eventloom {

namespace {
constexpr std::string_view kBucketPrefix = "bucket:";
constexpr std::string_view kTenantPrefix = "tenant:";

bool counts(std::string_view type)
{
    return type == "PaymentCharged" || type == "PaymentRefunded" || type == "OrderCreated" || type == "OrderCompleted"
        || type == "OrderCancelled";
}
}

RevenueDashboardReadModel::RevenueDashboardReadModel(SimTime bucketSize)
    : ReadModel({ "orders.events", "payments.events" })
    , m_bucketSize(std::max<SimTime>(1, bucketSize))
{
}

std::string RevenueDashboardReadModel::bucketKey(std::int64_t bucket)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, bucket).ptr;
    const auto length = static_cast<std::size_t>(end - digits);
    std::string key(kBucketPrefix);
    key.append(length < 8 ? 8 - length : 0, '0');
    key.append(digits, length);
    return key;
}

std::string RevenueDashboardReadModel::tenantKey(std::string_view tenant)
{
    std::string key(kTenantPrefix);
    key += tenant.empty() ? std::string_view("none") : tenant;
    return key;
}

RevenueDashboardReadModel::Figures RevenueDashboardReadModel::figures(std::string_view key) const
{
    const auto it = m_rows.find(std::string(key));
    return it == m_rows.end() ? Figures {} : it->second;
}

RevenueDashboardReadModel::Figures RevenueDashboardReadModel::totals() const
{
    Figures sum;
    for (const auto& [key, f] : m_rows) {
        if (!key.starts_with(kBucketPrefix))
            continue;
        sum.chargedCents = saturatingAdd(sum.chargedCents, f.chargedCents);
        sum.refundedCents = saturatingAdd(sum.refundedCents, f.refundedCents);
        sum.charges += f.charges;
        sum.refunds += f.refunds;
        sum.ordersCreated += f.ordersCreated;
        sum.ordersCompleted += f.ordersCompleted;
        sum.ordersCancelled += f.ordersCancelled;
    }
    return sum;
}

void RevenueDashboardReadModel::rowsAffected(
    const EventLog& log, const Event& event, std::vector<std::string>& keys) const
{
    if (!counts(log.text(event.type)))
        return;
    keys.push_back(bucketKey(event.publishTime / m_bucketSize));
    keys.push_back(tenantKey(log.text(event.tenant)));
}

std::unique_ptr<ReadModel> RevenueDashboardReadModel::create() const
{
    return std::make_unique<RevenueDashboardReadModel>(m_bucketSize);
}

void RevenueDashboardReadModel::applyToRow(const std::string& key, const EventLog& log, const Event& event)
{
    Figures& f = m_rows[key];
    const std::string_view type = log.text(event.type);
    if (type == "PaymentCharged") {
        f.chargedCents = saturatingAdd(f.chargedCents, intField(log, event, "amountCents"));
        ++f.charges;
    } else if (type == "PaymentRefunded") {
        f.refundedCents = saturatingAdd(f.refundedCents, intField(log, event, "amountCents"));
        ++f.refunds;
    } else if (type == "OrderCreated") {
        ++f.ordersCreated;
    } else if (type == "OrderCompleted") {
        ++f.ordersCompleted;
    } else if (type == "OrderCancelled") {
        ++f.ordersCancelled;
    }
}

QJsonObject RevenueDashboardReadModel::rowData(const std::string& key) const
{
    QJsonObject object;
    const auto it = m_rows.find(key);
    if (it == m_rows.end())
        return object;
    const std::string_view name(key);
    if (name.starts_with(kBucketPrefix)) {
        std::int64_t bucket = 0;
        const std::string_view digits = name.substr(kBucketPrefix.size());
        std::from_chars(digits.data(), digits.data() + digits.size(), bucket);
        object.insert(QStringLiteral("bucket"), static_cast<qint64>(bucket));
        object.insert(QStringLiteral("startUs"), static_cast<qint64>(bucket * m_bucketSize));
        object.insert(QStringLiteral("endUs"), static_cast<qint64>((bucket + 1) * m_bucketSize));
    } else {
        object.insert(QStringLiteral("tenant"), qtext(name.substr(kTenantPrefix.size())));
    }
    const Figures& f = it->second;
    object.insert(QStringLiteral("revenueCents"), static_cast<qint64>(f.revenueCents()));
    object.insert(QStringLiteral("chargedCents"), static_cast<qint64>(f.chargedCents));
    object.insert(QStringLiteral("refundedCents"), static_cast<qint64>(f.refundedCents));
    object.insert(QStringLiteral("charges"), static_cast<qint64>(f.charges));
    object.insert(QStringLiteral("refunds"), static_cast<qint64>(f.refunds));
    object.insert(QStringLiteral("ordersCreated"), static_cast<qint64>(f.ordersCreated));
    object.insert(QStringLiteral("ordersCompleted"), static_cast<qint64>(f.ordersCompleted));
    object.insert(QStringLiteral("ordersCancelled"), static_cast<qint64>(f.ordersCancelled));
    return object;
}

} // namespace eventloom
