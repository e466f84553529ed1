#include "orderservice.h"

#include "../../bus/eventlog.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace eventloom {

namespace {
    bool isFinal(OrderService::Status s) { return s == OrderService::Status::Completed || s == OrderService::Status::Cancelled; }
}

OrderService::OrderService(EventLog& log, bool idempotent, const std::vector<std::string>& catalog)
    : EcommerceService(log, idempotent)
{
    for (const std::string& sku : catalog)
        m_catalog.insert(log.atoms().intern(sku));
}

const OrderService::Order* OrderService::order(Atom orderId) const
{
    const auto it = m_orders.find(orderId);
    return it == m_orders.end() ? nullptr : &it->second;
}

const char* OrderService::statusName(Status status)
{
    static const char* const kNames[] = { "created", "reserved", "paid", "shipped", "completed", "cancelled" };
    return kNames[static_cast<int>(status)];
}

HandleResult OrderService::handleMessage(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    if (message.type == n.placeOrder)
        return place(ctx, message);
    if (message.type == n.cancelOrder)
        return cancelCommand(ctx, message);
    const Atom orderId = text(ctx, message, n.orderId);
    if (message.type == n.stockReserved) {
        advance(ctx, orderId, Status::Reserved);
    } else if (message.type == n.paymentCharged) {
        advance(ctx, orderId, Status::Paid);
    } else if (message.type == n.shipmentScheduled) {
        advance(ctx, orderId, Status::Shipped);
    } else if (message.type == n.stockReservationFailed || message.type == n.paymentFailed) {
        const auto it = m_orders.find(orderId);
        if (it != m_orders.end() && !isFinal(it->second.status))
            cancel(ctx, orderId, it->second, text(ctx, message, n.reason));
    }
    return {};
}

HandleResult OrderService::place(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    Order order;
    order.customerId = text(ctx, message, n.customerId);
    order.sku = text(ctx, message, n.sku);
    order.quantity = number(ctx, message, n.quantity);
    order.amountCents = number(ctx, message, n.amountCents);
    order.placedAt = message.publishTime;
    // The aggregate's invariants; every refusal names its reason.
    if (orderId == 0)
        return ++m_rejected, reject(ctx, "an order needs an orderId");
    if (m_orders.count(orderId) > 0)
        return ++m_rejected, reject(ctx, "order already exists");
    if (order.quantity <= 0)
        return ++m_rejected, reject(ctx, "quantity must be positive");
    if (order.amountCents <= 0)
        return ++m_rejected, reject(ctx, "amount must be positive");
    if (!m_catalog.empty() && m_catalog.count(order.sku) == 0)
        return ++m_rejected, reject(ctx, "unknown sku '" + std::string(ctx.log().text(order.sku)) + '\'');

    m_orders[orderId] = order;
    ++m_counts[static_cast<int>(Status::Created)];
    effect(ctx, "order");
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(order.customerId));
    payload.set(n.sku, Value::string(order.sku));
    payload.set(n.quantity, Value::integer(order.quantity));
    payload.set(n.amountCents, Value::integer(order.amountCents));
    ctx.publish(n.ordersTopic, n.orderCreated, orderId, payload);
    return {};
}

HandleResult OrderService::cancelCommand(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    const auto it = m_orders.find(orderId);
    if (it == m_orders.end())
        return ++m_rejected, reject(ctx, "unknown order");
    const Status s = it->second.status;
    if (s == Status::Shipped || s == Status::Completed)
        return ++m_rejected, reject(ctx, "cannot cancel after shipping");
    if (s == Status::Cancelled)
        return ++m_rejected, reject(ctx, "order already cancelled");
    const Atom reason = text(ctx, message, n.reason);
    cancel(ctx, orderId, it->second, reason != 0 ? reason : ctx.intern("cancelled by customer"));
    return {};
}

void OrderService::cancel(ServiceContext& ctx, Atom orderId, Order& order, Atom reason)
{
    const EcommerceNames& n = names();
    order.status = Status::Cancelled;
    ++m_counts[static_cast<int>(Status::Cancelled)];
    effect(ctx, "cancellation");
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(order.customerId));
    payload.set(n.amountCents, Value::integer(order.amountCents));
    payload.set(n.reason, Value::string(reason));
    ctx.publish(n.ordersTopic, n.orderCancelled, orderId, payload);
}

void OrderService::advance(ServiceContext& ctx, Atom orderId, Status to)
{
    const auto it = m_orders.find(orderId);
    if (it == m_orders.end() || isFinal(it->second.status) || it->second.status >= to)
        return;
    Order& order = it->second;
    order.status = to;
    ++m_counts[static_cast<int>(to)];
    if (to != Status::Shipped)
        return;
    // Shipped is as far as this shop follows an order: it is complete.
    const EcommerceNames& n = names();
    order.status = Status::Completed;
    ++m_counts[static_cast<int>(Status::Completed)];
    m_latencies.push_back(ctx.now() - order.placedAt);
    effect(ctx, "completion");
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(order.customerId));
    payload.set(n.amountCents, Value::integer(order.amountCents));
    ctx.publish(n.ordersTopic, n.orderCompleted, orderId, payload);
}

QJsonObject OrderService::ownState() const
{
    QJsonObject byStatus;
    for (int s = 0; s < 6; ++s)
        byStatus.insert(QLatin1String(statusName(static_cast<Status>(s))), static_cast<qint64>(m_counts[s]));
    QJsonObject state { { QStringLiteral("orders"), static_cast<qint64>(m_orders.size()) },
        { QStringLiteral("reachedStatus"), byStatus }, { QStringLiteral("rejected"), static_cast<qint64>(m_rejected) } };
    if (!m_latencies.empty()) {
        std::vector<SimTime> sorted = m_latencies;
        std::sort(sorted.begin(), sorted.end());
        const auto pick = [&](double q) { // nearest rank
            const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
            return static_cast<qint64>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]);
        };
        state.insert(QStringLiteral("latencyUs"),
            QJsonObject { { QStringLiteral("p50"), pick(0.50) }, { QStringLiteral("p95"), pick(0.95) }, { QStringLiteral("p99"), pick(0.99) } });
    }
    return state;
}

} // namespace eventloom
