#pragma once

#include "../../bus/atomtable.h"

namespace eventloom {

/// The e-commerce flow's names (docs/ecommerce-events.md), interned once per service.
struct EcommerceNames {
    explicit EcommerceNames(AtomTable& atoms);

    // topics
    Atom ordersTopic, inventoryTopic, paymentsTopic, shippingTopic;
    // events
    Atom orderCreated, orderCompleted, orderCancelled, stockReserved, stockReservationFailed, stockReleased, stockShipped,
        paymentCharged, paymentFailed, paymentRefunded, shipmentScheduled, shipmentCancelled, shipmentFailed, emailSent,
        fraudSuspected;
    // commands
    Atom placeOrder, cancelOrder, approveOrder, reserveStock, releaseStock, chargePayment, refundPayment, scheduleShipment,
        cancelShipment;
    // payload fields
    Atom orderId, customerId, sku, quantity, amountCents, available, reserved, reason, shipmentId, templateName,
        score;
};

} // namespace eventloom
