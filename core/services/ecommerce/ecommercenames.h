#pragma once

#include "../../base/atomtable.h"

namespace eventloom {

/// The e-commerce flow's names (docs/ecommerce-events.md), interned once per service.
struct EcommerceNames {
    explicit EcommerceNames(AtomTable& atoms);

    // topics
    Atom ordersTopic, inventoryTopic, paymentsTopic, shippingTopic;
    // events
    Atom orderCreated, orderCompleted, orderCancelled, stockReserved, stockReservationFailed, stockReleased,
        stockShipped, paymentCharged, paymentFailed, paymentRefunded, shipmentScheduled, shipmentCancelled,
        shipmentFailed, emailSent, fraudSuspected;
    // commands
    Atom placeOrder, cancelOrder, approveOrder, reserveStock, releaseStock, chargePayment, refundPayment,
        scheduleShipment, cancelShipment;
    // payload fields
    Atom orderId, customerId, sku, quantity, amountCents, available, reserved, reason, shipmentId, templateName, score;
    // the Order aggregate's domain events, besides OrderCreated, OrderCompleted and OrderCancelled: facts
    // about the order in its own words, recorded in its stream when it learns of inventory's, payment's
    // and shipping's integration events (StockReserved, PaymentCharged, ShipmentScheduled)
    Atom orderStockReserved, orderPaid, orderShipped;
};

} // namespace eventloom
