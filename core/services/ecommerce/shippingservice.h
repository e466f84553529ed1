#pragma once

#include "ecommerceservice.h"

namespace eventloom {

/// Schedules a shipment once an order is paid (`ShipmentScheduled`) and cancels it for a cancelled
/// order (`ShipmentCancelled`). A shipment that cannot be scheduled (an injected failure, or an
/// order whose shipment was already cancelled) is `ShipmentFailed`. An `OrderCancelled` is remembered
/// even when it arrives before the order's `PaymentCharged` (another topic): that order is never
/// scheduled (`ShipmentFailed`, reason `order cancelled`). As a saga participant it answers
/// every command (CancelShipment with ShipmentCancelled even when nothing was scheduled) and, when
/// idempotent, answers a repeated ScheduleShipment for an order without scheduling twice.
class ShippingService final : public EcommerceService {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<ShippingService>(*this); }
    using EcommerceService::EcommerceService;
    std::int64_t activeShipments() const { return m_active; }
    /// Is a shipment scheduled (and not cancelled) for `orderId`?
    bool shipping(Atom orderId) const;
    bool failNext(Atom type, int count) override;

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;

private:
    struct Shipment {
        Atom id = 0;
        bool active = false;
        bool cancelled = false;
        Atom refused = 0; ///< why scheduling failed: a repeat gets the same answer
        bool orderCancelled = false; ///< an OrderCancelled was seen: never schedule, whatever arrives later
    };
    void schedule(ServiceContext& ctx, const Event& message, Atom orderId);
    void cancel(ServiceContext& ctx, Atom orderId, bool answer);
    CowAtomMap<Atom, Shipment, 8>
        m_shipments; ///< by order id, copy-on-write (a fork copies what changed); never iterated
    std::int64_t m_scheduled = 0;
    std::int64_t m_cancelled = 0;
    std::int64_t m_active = 0;
    int m_failSchedules = 0;
    int m_failCancels = 0;
};

} // namespace eventloom
