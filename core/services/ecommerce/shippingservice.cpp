#include "shippingservice.h"

#include <string>

namespace eventloom {

HandleResult ShippingService::handleMessage(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    if (message.type == n.paymentCharged || message.type == n.scheduleShipment) {
        Shipment& s = m_shipments[orderId];
        ++m_scheduled;
        s.id = ctx.intern("ship-" + std::to_string(m_scheduled));
        if (!s.active)
            ++m_active;
        s.active = true;
        effect(ctx, "shipment");
        PayloadBuilder& payload = payloadFor(ctx, n, orderId);
        payload.set(n.shipmentId, Value::string(s.id));
        payload.set(n.customerId, Value::string(text(ctx, message, n.customerId)));
        ctx.publish(n.shippingTopic, n.shipmentScheduled, orderId, payload);
    } else if (message.type == n.orderCancelled || message.type == n.cancelShipment) {
        const auto it = m_shipments.find(orderId);
        if (it == m_shipments.end() || !it->second.active)
            return {}; // nothing scheduled: cancelling is a no-op
        it->second.active = false;
        --m_active;
        ++m_cancelled;
        effect(ctx, "shipment cancellation");
        PayloadBuilder& payload = payloadFor(ctx, n, orderId);
        payload.set(n.shipmentId, Value::string(it->second.id));
        ctx.publish(n.shippingTopic, n.shipmentCancelled, orderId, payload);
    }
    return {};
}

QJsonObject ShippingService::ownState() const
{
    return { { QStringLiteral("scheduled"), static_cast<qint64>(m_scheduled) },
        { QStringLiteral("cancelled"), static_cast<qint64>(m_cancelled) },
        { QStringLiteral("active"), static_cast<qint64>(m_active) } };
}

} // namespace eventloom
