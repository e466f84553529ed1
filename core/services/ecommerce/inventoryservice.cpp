#include "inventoryservice.h"

#include "../../bus/eventlog.h"

#include <algorithm>
#include <utility>

namespace eventloom {

InventoryService::InventoryService(
    EventLog& log, bool idempotent, const std::vector<std::pair<std::string, std::int64_t>>& initial)
    : EcommerceService(log, idempotent)
{
    for (const auto& [sku, quantity] : initial)
        m_stock[log.atoms().intern(sku)] = { quantity, quantity, 0 };
}

const InventoryService::Stock* InventoryService::stock(Atom sku) const
{
    const auto it = m_stock.find(sku);
    return it == m_stock.end() ? nullptr : &it->second;
}

std::int64_t InventoryService::reservedFor(Atom orderId) const
{
    const Reservation* r = m_reservations.find(orderId);
    return r ? r->quantity : 0;
}

bool InventoryService::failNext(Atom type, int count)
{
    const EcommerceNames& n = names();
    if (type == 0 || type == n.reserveStock || type == n.orderCreated)
        m_failReservations = std::max(0, m_failReservations + count);
    else if (type == n.releaseStock || type == n.paymentFailed || type == n.paymentRefunded || type == n.orderCancelled)
        m_failReleases = std::max(0, m_failReleases + count);
    else
        return false;
    return true;
}

bool InventoryService::invariantsHold() const
{
    for (const auto& [sku, s] : m_stock)
        if (s.available < 0 || s.reserved < 0 || s.available + s.reserved != s.total)
            return false;
    return true;
}

HandleResult InventoryService::handleMessage(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    if (message.type == n.orderCreated || message.type == n.reserveStock)
        reserve(ctx, message);
    else if (message.type == n.orderCancelled)
        release(ctx, message, false);
    else if (message.type == n.releaseStock || message.type == n.paymentFailed || message.type == n.paymentRefunded)
        release(ctx, message, true);
    else if (message.type == n.shipmentScheduled)
        ship(ctx, message);
    return {};
}

void InventoryService::reserve(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    const Atom sku = text(ctx, message, n.sku);
    const std::int64_t quantity = number(ctx, message, n.quantity);
    const auto it = m_stock.find(sku);
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(text(ctx, message, n.customerId)));
    payload.set(n.sku, Value::string(sku));
    payload.set(n.quantity, Value::integer(quantity));
    payload.set(n.amountCents, Value::integer(number(ctx, message, n.amountCents)));
    const Reservation* held = m_reservations.find(orderId);
    const char* refusal = nullptr;
    if (idempotent() && held && held->refused != 0) {
        refusal = ctx.log().text(held->refused).data(); // the same order again: the same decision
    } else if (m_failReservations > 0) {
        --m_failReservations;
        refusal = "injected failure";
    } else if (idempotent() && held && held->released) {
        refusal = "reservation already released";
    } else if (idempotent() && held && held->quantity > 0) {
        // The same order again (a retried command): answer as before, reserve nothing more.
        const Stock& s = m_stock[held->sku];
        payload.set(n.available, Value::integer(s.available));
        payload.set(n.reserved, Value::integer(s.reserved));
        ctx.publish(n.inventoryTopic, n.stockReserved, orderId, payload);
        return;
    } else if (it == m_stock.end()) {
        refusal = "unknown sku";
    } else if (quantity <= 0 || it->second.available < quantity) {
        refusal = "out of stock";
    }
    if (refusal) {
        ++m_failed;
        const Atom why = ctx.intern(refusal);
        Reservation& r = m_reservations[orderId];
        if (r.quantity == 0 && !r.released)
            r.refused = why;
        payload.set(n.available, Value::integer(it == m_stock.end() ? 0 : it->second.available));
        payload.set(n.reason, Value::string(why));
        ctx.publish(n.inventoryTopic, n.stockReservationFailed, orderId, payload);
        return;
    }
    Stock& s = it->second;
    s.available -= quantity;
    s.reserved += quantity;
    Reservation& r = m_reservations[orderId];
    r.sku = sku;
    r.quantity += quantity; // a repeated reservation (idempotency off) really reserves twice
    effect(ctx, "reservation");
    payload.set(n.available, Value::integer(s.available));
    payload.set(n.reserved, Value::integer(s.reserved));
    ctx.publish(n.inventoryTopic, n.stockReserved, orderId, payload);
}

InventoryService::Reservation* InventoryService::heldFor(Atom orderId)
{
    const Reservation* r = m_reservations.find(orderId);
    return !r || r->quantity == 0 ? nullptr : m_reservations.findMutable(orderId);
}

void InventoryService::announce(
    ServiceContext& ctx, Atom type, Atom orderId, Atom sku, std::int64_t quantity, const Stock& s, Atom reason)
{
    // Every change of a sku's levels is published with the levels after it, so views of the stock stay exact.
    const EcommerceNames& n = names();
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.sku, Value::string(sku));
    payload.set(n.quantity, Value::integer(quantity));
    payload.set(n.available, Value::integer(s.available));
    payload.set(n.reserved, Value::integer(s.reserved));
    if (reason != 0)
        payload.set(n.reason, Value::string(reason));
    ctx.publish(n.inventoryTopic, type, orderId, payload);
}

void InventoryService::release(ServiceContext& ctx, const Event& message, bool answer)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    if (m_failReleases > 0) {
        --m_failReleases;
        return; // an injected failure: nothing released, nothing said
    }
    const Atom reason = text(ctx, message, n.reason); // the saga's failure travels with its compensation
    Reservation* r = heldFor(orderId);
    const Reservation* known = r ? r : m_reservations.find(orderId);
    if (!r && message.type == n.orderCancelled && known && known->shipped > 0) {
        // The shipment was scheduled before the cancel reached us (they travel on different topics);
        // shipping cancels it on the same OrderCancelled, so the goods never leave: back on the shelf.
        Reservation& sent = *m_reservations.findMutable(orderId);
        Stock& s = m_stock[sent.sku];
        const std::int64_t quantity = std::exchange(sent.shipped, 0);
        s.total += quantity;
        s.available += quantity;
        sent.released = true;
        effect(ctx, "restock");
        announce(ctx, n.stockReleased, orderId, sent.sku, quantity, s, reason);
        return;
    }
    if (!r) {
        // Nothing held: releasing is a no-op, as a compensation must be; a saga still gets its answer.
        if (answer) {
            const Atom sku = known ? known->sku : text(ctx, message, n.sku);
            const auto level = m_stock.find(sku);
            announce(ctx, n.stockReleased, orderId, sku, 0, level != m_stock.end() ? level->second : Stock {}, reason);
        }
        return;
    }
    r->released = true;
    Stock& s = m_stock[r->sku];
    const std::int64_t quantity = std::exchange(r->quantity, 0);
    s.available += quantity;
    s.reserved -= quantity;
    effect(ctx, "release");
    announce(ctx, n.stockReleased, orderId, r->sku, quantity, s, reason);
}

void InventoryService::ship(ServiceContext& ctx, const Event& message)
{
    const Atom orderId = text(ctx, message, names().orderId);
    Reservation* r = heldFor(orderId);
    if (!r)
        return;
    Stock& s = m_stock[r->sku];
    const std::int64_t quantity = std::exchange(r->quantity, 0);
    r->shipped += quantity;
    s.reserved -= quantity; // the goods leave the warehouse
    s.total -= quantity;
    announce(ctx, names().stockShipped, orderId, r->sku, quantity, s);
}

QJsonObject InventoryService::ownStateFor(const StatePaths& read) const
{
    if (read.children.contains(QStringLiteral("stock")))
        return ownState();
    return { { QStringLiteral("reservationsFailed"), static_cast<qint64>(m_failed) },
        { QStringLiteral("invariantsHold"), invariantsHold() } }; // every SKU checked, none named
}

QJsonObject InventoryService::ownState() const
{
    QJsonObject stock;
    for (const auto& [sku, s] : m_stock)
        stock.insert(name(sku),
            QJsonObject { { QStringLiteral("total"), static_cast<qint64>(s.total) },
                { QStringLiteral("available"), static_cast<qint64>(s.available) },
                { QStringLiteral("reserved"), static_cast<qint64>(s.reserved) } });
    return { { QStringLiteral("stock"), stock },
        { QStringLiteral("reservationsFailed"), static_cast<qint64>(m_failed) },
        { QStringLiteral("invariantsHold"), invariantsHold() } };
}

} // namespace eventloom
