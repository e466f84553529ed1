#pragma once

// A stand-in write side for read-model tests: it publishes the e-commerce contract's events
// (docs/ecommerce-events.md) for many concurrent orders, with seeded gaps.

#include "testservices.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace eventloom::test {

inline const std::set<std::string, std::less<>> kStatusEvents
    = { "OrderCreated", "StockReserved", "PaymentCharged", "ShipmentScheduled", "OrderCompleted", "OrderCancelled" };

/// Stands in for the order, inventory, payment and shipping services until they exist: publishes the
/// e-commerce contract's events (docs/ecommerce-events.md) for `orders` orders, each one's events in a
/// causal order with seeded random gaps, so that many orders are in flight at once.
class OrderFlow : public Service {
public:
    struct Order {
        std::string id;
        std::string customer;
        std::string sku;
        std::string tenant;
        std::int64_t quantity = 0;
        std::int64_t amount = 0;
        std::string last; ///< type of the last event published
        std::string status; ///< what the order-status read model must end up with
        bool reserved = false;
        bool released = false;
        bool charged = false;
        bool refunded = false;
    };

    explicit OrderFlow(int orders)
        : m_orders(orders)
    {
    }

    void start(ServiceContext& ctx) override { ctx.scheduleTimer(gap(ctx, 200, 3000), kCreate); }
    HandleResult handle(ServiceContext&, const Event&) override { return {}; }
    void timer(ServiceContext& ctx, std::uint64_t id) override
    {
        if (id == kCreate) {
            create(ctx);
            if (static_cast<int>(orders.size()) < m_orders)
                ctx.scheduleTimer(gap(ctx, 200, 3000), kCreate);
            return;
        }
        Order& order = orders[id];
        if (advance(ctx, order))
            ctx.scheduleTimer(gap(ctx, 300, 6000), id);
    }

    std::vector<Order> orders;
    std::map<std::string, std::int64_t> available; ///< by sku: what the inventory service would hold
    std::map<std::string, std::int64_t> reserved;
    std::map<std::string, std::int64_t, std::less<>> statusChanges; ///< by order: events that change its status
    std::int64_t chargedCents = 0;
    std::int64_t refundedCents = 0;

private:
    static constexpr std::uint64_t kCreate = ~0ull;

    static SimTime gap(ServiceContext& ctx, SimTime lo, SimTime hi) { return ctx.random().uniformInt(lo, hi); }

    void create(ServiceContext& ctx)
    {
        Order order;
        order.id = numbered("order-", static_cast<std::int64_t>(1000 + orders.size()));
        order.customer = numbered("cust-", ctx.random().uniformInt(1, 9));
        order.sku = numbered("sku-", ctx.random().uniformInt(1, 4));
        order.tenant = ctx.random().chance(0.5) ? "acme" : ctx.random().chance(0.5) ? "globex" : "";
        order.quantity = ctx.random().uniformInt(1, 5);
        order.amount = order.quantity * 1250;
        available.try_emplace(order.sku, 40);
        reserved.try_emplace(order.sku, 0);
        orders.push_back(order);
        Order& o = orders.back();
        PayloadBuilder& p = payloadFor(ctx, o);
        p.setString("sku", o.sku);
        p.setInt("quantity", o.quantity);
        p.setInt("amountCents", o.amount);
        publish(ctx, o, "orders.events", "OrderCreated", p);
        if (ctx.random().chance(0.1)) { // read models ignore it: it must not count as a change
            PayloadBuilder& f = payloadFor(ctx, o);
            f.setInt("score", 80);
            publish(ctx, o, "orders.events", "FraudSuspected", f);
        }
        ctx.scheduleTimer(gap(ctx, 300, 6000), orders.size() - 1);
    }

    /// Publishes the order's next event; false when the order is finished.
    bool advance(ServiceContext& ctx, Order& o)
    {
        const std::string last = o.last;
        if (last == "OrderCreated") {
            if (available[o.sku] < o.quantity || ctx.random().chance(0.08)) {
                PayloadBuilder& p = payloadFor(ctx, o, false);
                p.setString("sku", o.sku);
                p.setInt("quantity", o.quantity);
                p.setInt("available", available[o.sku]);
                p.setString("reason", "out-of-stock");
                publish(ctx, o, "inventory.events", "StockReservationFailed", p);
                return true;
            }
            available[o.sku] -= o.quantity;
            reserved[o.sku] += o.quantity;
            o.reserved = true;
            stock(ctx, o, "StockReserved");
            return true;
        }
        if (last == "StockReservationFailed" || last == "PaymentFailed") {
            cancel(ctx, o, last == "PaymentFailed" ? "payment-failed" : "out-of-stock");
            return true;
        }
        if (last == "StockReserved") {
            const double r = ctx.random().uniform();
            if (r < 0.1) {
                PayloadBuilder& p = payloadFor(ctx, o);
                p.setInt("amountCents", o.amount);
                p.setString("reason", "declined");
                publish(ctx, o, "payments.events", "PaymentFailed", p);
            } else if (r < 0.15) {
                cancel(ctx, o, "customer");
            } else {
                o.charged = true;
                chargedCents += o.amount;
                PayloadBuilder& p = payloadFor(ctx, o);
                p.setInt("amountCents", o.amount);
                publish(ctx, o, "payments.events", "PaymentCharged", p);
            }
            return true;
        }
        if (last == "PaymentCharged") {
            if (ctx.random().chance(0.06)) {
                cancel(ctx, o, "customer");
                return true;
            }
            PayloadBuilder& p = payloadFor(ctx, o);
            p.setString("shipmentId", "ship-" + o.id);
            publish(ctx, o, "shipping.events", "ShipmentScheduled", p);
            return true;
        }
        if (last == "ShipmentScheduled") {
            PayloadBuilder& p = payloadFor(ctx, o);
            p.setInt("amountCents", o.amount);
            publish(ctx, o, "orders.events", "OrderCompleted", p);
            return false;
        }
        // Compensation after a cancellation: release the stock, then refund the charge.
        if (o.reserved && !o.released) {
            o.released = true;
            available[o.sku] += o.quantity;
            reserved[o.sku] -= o.quantity;
            stock(ctx, o, "StockReleased");
            return true;
        }
        if (o.charged && !o.refunded) {
            o.refunded = true;
            refundedCents += o.amount;
            PayloadBuilder& p = payloadFor(ctx, o);
            p.setInt("amountCents", o.amount);
            publish(ctx, o, "payments.events", "PaymentRefunded", p);
        }
        return false;
    }

    void cancel(ServiceContext& ctx, Order& o, std::string_view reason)
    {
        PayloadBuilder& p = payloadFor(ctx, o);
        p.setInt("amountCents", o.amount);
        p.setString("reason", reason);
        publish(ctx, o, "orders.events", "OrderCancelled", p);
    }

    void stock(ServiceContext& ctx, Order& o, std::string_view type)
    {
        PayloadBuilder& p = payloadFor(ctx, o, false);
        p.setString("sku", o.sku);
        p.setInt("quantity", o.quantity);
        p.setInt("available", available[o.sku]);
        p.setInt("reserved", reserved[o.sku]);
        publish(ctx, o, "inventory.events", type, p);
    }

    // Inventory events name no customer; every other one does.
    static PayloadBuilder& payloadFor(ServiceContext& ctx, const Order& o, bool withCustomer = true)
    {
        PayloadBuilder& p = ctx.payload();
        p.setString("orderId", o.id);
        if (withCustomer)
            p.setString("customerId", o.customer);
        return p;
    }

    static std::string numbered(std::string_view prefix, std::int64_t n)
    {
        std::string text(prefix); // in two steps: GCC 12 warns (-Wrestrict, falsely) about "x" + to_string
        text += std::to_string(n);
        return text;
    }

    void publish(ServiceContext& ctx, Order& o, std::string_view topic, std::string_view type, PayloadBuilder& p)
    {
        MessageOptions options;
        options.correlation = ctx.intern(o.id);
        options.tenant = o.tenant.empty() ? 0 : ctx.intern(o.tenant);
        ctx.publish(ctx.intern(topic), ctx.intern(type), ctx.intern(o.id), p, options);
        if (type != "FraudSuspected")
            o.last = std::string(type);
        static const std::map<std::string_view, std::string_view> statusOf = { { "OrderCreated", "created" },
            { "StockReserved", "reserved" }, { "PaymentCharged", "paid" }, { "ShipmentScheduled", "shipped" },
            { "OrderCompleted", "completed" }, { "OrderCancelled", "cancelled" } };
        if (const auto it = statusOf.find(type); it != statusOf.end()) {
            o.status = std::string(it->second);
            ++statusChanges[o.id];
        }
    }

    int m_orders;
};

} // namespace eventloom::test
