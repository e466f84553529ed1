#pragma once

#include "orderstatusreadmodel.h"

#include <map>
#include <unordered_map>

namespace eventloom {

/// Customer id → the customer's orders, each with its status and amount, and what the customer paid.
/// Reads `orders.events`, `payments.events` and `shipping.events`: the events that name the customer.
/// Statuses follow OrderStatusReadModel (without `reserved`: inventory events carry no customer id).
class OrderHistoryReadModel final : public ReadModel {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<OrderHistoryReadModel>(*this); }
    OrderHistoryReadModel();

    std::string_view kind() const override { return "order-history"; }
    /// The number of orders the model knows for `customerId`.
    std::size_t orderCount(std::string_view customerId) const;

    void rowsAffected(const EventLog& log, const Event& event, std::vector<std::string>& keys) const override;

protected:
    std::unique_ptr<ReadModel> create() const override;
    void applyToRow(const std::string& key, const EventLog& log, const Event& event) override;
    QJsonObject rowData(const std::string& key) const override;

private:
    struct Order {
        OrderStatusReadModel::Status status = OrderStatusReadModel::Status::None;
        std::int64_t amountCents = -1; ///< -1 until an event with the amount is applied
        std::string sku;
        std::int64_t quantity = 0;
        std::int64_t chargedCents = 0;
        std::int64_t refundedCents = 0;
    };
    using Orders = std::map<std::string, Order>; // by order id: the history lists them in id order
    std::unordered_map<std::string, Orders> m_customers;
};

} // namespace eventloom
