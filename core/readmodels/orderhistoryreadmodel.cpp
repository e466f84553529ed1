#include "orderhistoryreadmodel.h"

#include "../base/saturating.h"
#include "../bus/eventlog.h"

#include <QJsonArray>
#include <algorithm>

namespace eventloom {

namespace {
bool isHistoryEvent(std::string_view type)
{
    return type == "OrderCreated" || type == "OrderCompleted" || type == "OrderCancelled" || type == "PaymentCharged"
        || type == "PaymentRefunded" || type == "ShipmentScheduled";
}
}

OrderHistoryReadModel::OrderHistoryReadModel()
    : ReadModel({ "orders.events", "payments.events", "shipping.events" })
{
}

std::size_t OrderHistoryReadModel::orderCount(std::string_view customerId) const
{
    const auto it = m_customers.find(std::string(customerId));
    return it == m_customers.end() ? 0 : it->second.size();
}

void OrderHistoryReadModel::rowsAffected(const EventLog& log, const Event& event, std::vector<std::string>& keys) const
{
    if (!isHistoryEvent(log.text(event.type)))
        return;
    const std::string_view customerId = textField(log, event, "customerId");
    if (!customerId.empty())
        keys.emplace_back(customerId);
}

std::unique_ptr<ReadModel> OrderHistoryReadModel::create() const
{
    return std::make_unique<OrderHistoryReadModel>();
}

void OrderHistoryReadModel::applyToRow(const std::string& key, const EventLog& log, const Event& event)
{
    std::string_view orderId = textField(log, event, "orderId");
    if (orderId.empty())
        orderId = log.text(event.key);
    Order& order = m_customers[key][std::string(orderId)];
    const std::string_view type = log.text(event.type);
    order.status = std::max(order.status, OrderStatusReadModel::statusOf(type));
    // Every event of an order carries the same amount; whichever is applied first sets it.
    if (order.amountCents < 0 && !field(log, event, "amountCents").isNull())
        order.amountCents = intField(log, event, "amountCents");
    if (type == "OrderCreated") {
        order.sku = std::string(textField(log, event, "sku"));
        order.quantity = intField(log, event, "quantity");
    } else if (type == "PaymentCharged") {
        order.chargedCents = saturatingAdd(order.chargedCents, intField(log, event, "amountCents"));
    } else if (type == "PaymentRefunded") {
        order.refundedCents = saturatingAdd(order.refundedCents, intField(log, event, "amountCents"));
    }
}

QJsonObject OrderHistoryReadModel::rowData(const std::string& key) const
{
    QJsonObject object;
    const auto it = m_customers.find(key);
    if (it == m_customers.end())
        return object;
    QJsonArray orders;
    std::int64_t spent = 0;
    for (const auto& [orderId, order] : it->second) {
        QJsonObject o;
        o.insert(QStringLiteral("orderId"), qtext(orderId));
        // A refund alone names no status: the order is known, its state is not yet.
        const auto status = OrderStatusReadModel::statusName(order.status);
        o.insert(QStringLiteral("status"), status.empty() ? QStringLiteral("unknown") : qtext(status));
        if (order.amountCents >= 0)
            o.insert(QStringLiteral("amountCents"), static_cast<qint64>(order.amountCents));
        if (!order.sku.empty()) {
            o.insert(QStringLiteral("sku"), qtext(order.sku));
            o.insert(QStringLiteral("quantity"), static_cast<qint64>(order.quantity));
        }
        const std::int64_t paid = saturatingSubtract(order.chargedCents, order.refundedCents);
        o.insert(QStringLiteral("paidCents"), static_cast<qint64>(paid));
        spent = saturatingAdd(spent, paid);
        orders.append(o);
    }
    object.insert(QStringLiteral("customerId"), qtext(key));
    object.insert(QStringLiteral("orders"), orders);
    object.insert(QStringLiteral("orderCount"), static_cast<qint64>(it->second.size()));
    object.insert(QStringLiteral("spentCents"), static_cast<qint64>(spent));
    return object;
}

} // namespace eventloom
