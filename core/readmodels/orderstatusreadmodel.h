#pragma once

#include "readmodel.h"

#include <unordered_map>

namespace eventloom {

/// Order id → status, from all four e-commerce topics (docs/ecommerce-events.md):
/// `created → reserved → paid → shipped → completed`, or `cancelled` from any state before `completed`.
///
/// The status is the highest one seen, in the order of Status: an order's events arrive over four
/// topics and so out of order (a `ShipmentScheduled` may be applied before the `PaymentCharged` that
/// caused it), and "highest" gives the same answer in any order. `cancelled` ranks above every state it
/// can follow and below `completed`, which the write side never cancels.
class OrderStatusReadModel final : public ReadModel {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<OrderStatusReadModel>(*this); }
    enum class Status : std::uint8_t { None, Created, Reserved, Paid, Shipped, Cancelled, Completed };

    OrderStatusReadModel();

    std::string_view kind() const override { return "order-status"; }
    /// The status an event of type `eventType` moves its order to; None if it does not change it
    /// (failures are followed by `OrderCancelled`, compensations come after it).
    static Status statusOf(std::string_view eventType);
    static std::string_view statusName(Status status);
    /// The order's status as the read model has it (None if unknown). No staleness check: see query().
    Status status(std::string_view orderId) const;

    void rowsAffected(const EventLog& log, const Event& event, std::vector<std::string>& keys) const override;

protected:
    std::unique_ptr<ReadModel> create() const override;
    void applyToRow(const std::string& key, const EventLog& log, const Event& event) override;
    QJsonObject rowData(const std::string& key) const override;

private:
    struct Row {
        Status status = Status::None;
        std::string customerId;
    };
    std::unordered_map<std::string, Row> m_orders;
};

} // namespace eventloom
