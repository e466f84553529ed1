#pragma once

#include "ecommerceservice.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace eventloom {

/// The command side of the shop. `PlaceOrder` and `CancelOrder` are validated against the Order
/// aggregate's invariants (positive quantity and amount, a known SKU, a new order id, no cancel
/// after shipping); a refused command is a `rejected` trace record with its reason. Accepted orders
/// are announced with `OrderCreated`, and the order follows the flow's events to `OrderCompleted`
/// or `OrderCancelled` (docs/ecommerce-events.md).
class OrderService final : public EcommerceService {
public:
    enum class Status { Created, Reserved, Paid, Shipped, Completed, Cancelled };
    struct Order {
        Status status = Status::Created;
        Atom customerId = 0;
        Atom sku = 0;
        std::int64_t quantity = 0;
        std::int64_t amountCents = 0;
        SimTime placedAt = 0; ///< when the customer sent PlaceOrder
    };

    OrderService(EventLog& log, bool idempotent, const std::vector<std::string>& catalog);

    const Order* order(Atom orderId) const;
    /// End-to-end latencies (PlaceOrder sent → OrderCompleted), in completion order.
    const std::vector<SimTime>& latencies() const { return m_latencies; }
    static const char* statusName(Status status);

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;

private:
    HandleResult place(ServiceContext& ctx, const Event& message);
    HandleResult cancelCommand(ServiceContext& ctx, const Event& message);
    void cancel(ServiceContext& ctx, Atom orderId, Order& order, Atom reason);
    /// Moves an order forward on a flow event; never backwards, never out of a final state.
    void advance(ServiceContext& ctx, Atom orderId, Status to);

    std::unordered_set<Atom> m_catalog;
    std::unordered_map<Atom, Order> m_orders; // looked up by id, never iterated
    std::int64_t m_counts[6] = {};
    std::int64_t m_rejected = 0;
    std::vector<SimTime> m_latencies;
};

} // namespace eventloom
