#include "shippingservice.h"

#include <algorithm>
#include <string>

namespace eventloom {

bool ShippingService::shipping(Atom orderId) const
{
    const Shipment* s = m_shipments.find(orderId);
    return s && s->active;
}

bool ShippingService::failNext(Atom type, int count)
{
    const EcommerceNames& n = names();
    if (type == 0 || type == n.scheduleShipment || type == n.paymentCharged)
        m_failSchedules = std::max(0, m_failSchedules + count);
    else if (type == n.cancelShipment || type == n.orderCancelled)
        m_failCancels = std::max(0, m_failCancels + count);
    else
        return false;
    return true;
}

HandleResult ShippingService::handleMessage(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    if (message.type == n.paymentCharged || message.type == n.scheduleShipment)
        schedule(ctx, message, orderId);
    else if (message.type == n.orderCancelled || message.type == n.cancelShipment)
        cancel(ctx, orderId, message.type == n.cancelShipment);
    return {};
}

void ShippingService::schedule(ServiceContext& ctx, const Event& message, Atom orderId)
{
    const EcommerceNames& n = names();
    Shipment& s = m_shipments[orderId];
    const char* refusal = nullptr;
    if (idempotent() && s.refused != 0) {
        refusal = ctx.log().text(s.refused).data(); // the same order again: the same decision
    } else if (m_failSchedules > 0) {
        --m_failSchedules;
        refusal = "injected failure";
    } else if (idempotent() && s.cancelled) {
        refusal = "shipment already cancelled";
    } else if (s.orderCancelled) {
        // The cancel overtook the payment (another topic). A real shipper does not book a courier for
        // an order it knows is cancelled, and says so, so that every PaymentCharged is answered.
        refusal = "order cancelled";
    }
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    if (refusal) {
        payload.set(n.customerId, Value::string(text(ctx, message, n.customerId)));
        const Atom why = ctx.intern(refusal);
        if (!s.active)
            s.refused = why;
        payload.set(n.reason, Value::string(why));
        ctx.publish(n.shippingTopic, n.shipmentFailed, orderId, payload);
        return;
    }
    if (!(idempotent() && s.active)) { // a repeat of the same order is answered as before
        ++m_scheduled;
        s.id = ctx.intern("ship-" + std::to_string(m_scheduled));
        if (!s.active)
            ++m_active;
        s.active = true;
        effect(ctx, "shipment");
    }
    payload.set(n.shipmentId, Value::string(s.id));
    payload.set(n.customerId, Value::string(text(ctx, message, n.customerId)));
    ctx.publish(n.shippingTopic, n.shipmentScheduled, orderId, payload);
}

void ShippingService::cancel(ServiceContext& ctx, Atom orderId, bool answer)
{
    const EcommerceNames& n = names();
    if (m_failCancels > 0) {
        --m_failCancels;
        return; // an injected failure: nothing cancelled, nothing said
    }
    const Shipment* found = m_shipments.find(orderId);
    const bool active = found && found->active;
    if (!answer) // an OrderCancelled: remembered even when nothing is scheduled yet, so nothing will be
        m_shipments[orderId].orderCancelled = true;
    if (!active && !answer)
        return; // nothing scheduled: cancelling is a no-op
    Shipment& s = m_shipments[orderId];
    s.cancelled = true;
    if (active) {
        s.active = false;
        --m_active;
        ++m_cancelled;
        effect(ctx, "shipment cancellation");
    }
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.shipmentId, Value::string(s.id));
    ctx.publish(n.shippingTopic, n.shipmentCancelled, orderId, payload);
}

QJsonObject ShippingService::ownState() const
{
    return { { QStringLiteral("scheduled"), static_cast<qint64>(m_scheduled) },
        { QStringLiteral("cancelled"), static_cast<qint64>(m_cancelled) },
        { QStringLiteral("active"), static_cast<qint64>(m_active) } };
}

} // namespace eventloom
