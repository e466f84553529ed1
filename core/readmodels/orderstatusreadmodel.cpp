#include "orderstatusreadmodel.h"

#include "../bus/eventlog.h"

#include <algorithm>

namespace eventloom {

OrderStatusReadModel::OrderStatusReadModel()
    : ReadModel({ "orders.events", "inventory.events", "payments.events", "shipping.events" })
{
}

OrderStatusReadModel::Status OrderStatusReadModel::statusOf(std::string_view eventType)
{
    if (eventType == "OrderCreated")
        return Status::Created;
    if (eventType == "StockReserved")
        return Status::Reserved;
    if (eventType == "PaymentCharged")
        return Status::Paid;
    if (eventType == "ShipmentScheduled")
        return Status::Shipped;
    if (eventType == "OrderCompleted")
        return Status::Completed;
    if (eventType == "OrderCancelled")
        return Status::Cancelled;
    return Status::None;
}

std::string_view OrderStatusReadModel::statusName(Status status)
{
    switch (status) {
    case Status::None:
        return "";
    case Status::Created:
        return "created";
    case Status::Reserved:
        return "reserved";
    case Status::Paid:
        return "paid";
    case Status::Shipped:
        return "shipped";
    case Status::Cancelled:
        return "cancelled";
    case Status::Completed:
        return "completed";
    }
    return "";
}

OrderStatusReadModel::Status OrderStatusReadModel::status(std::string_view orderId) const
{
    const auto it = m_orders.find(std::string(orderId));
    return it == m_orders.end() ? Status::None : it->second.status;
}

void OrderStatusReadModel::rowsAffected(const EventLog& log, const Event& event, std::vector<std::string>& keys) const
{
    if (statusOf(log.text(event.type)) == Status::None)
        return;
    std::string_view orderId = textField(log, event, "orderId");
    if (orderId.empty()) // the contract keys every message of an order by its id
        orderId = log.text(event.key);
    if (!orderId.empty())
        keys.emplace_back(orderId);
}

std::unique_ptr<ReadModel> OrderStatusReadModel::create() const
{
    return std::make_unique<OrderStatusReadModel>();
}

void OrderStatusReadModel::applyToRow(const std::string& key, const EventLog& log, const Event& event)
{
    Row& row = m_orders[key];
    row.status = std::max(row.status, statusOf(log.text(event.type)));
    if (row.customerId.empty())
        row.customerId = std::string(textField(log, event, "customerId"));
}

QJsonObject OrderStatusReadModel::rowData(const std::string& key) const
{
    QJsonObject object;
    const auto it = m_orders.find(key);
    if (it == m_orders.end())
        return object;
    object.insert(QStringLiteral("orderId"), qtext(key));
    object.insert(QStringLiteral("status"), qtext(statusName(it->second.status)));
    if (!it->second.customerId.empty())
        object.insert(QStringLiteral("customerId"), qtext(it->second.customerId));
    return object;
}

} // namespace eventloom
