#pragma once

#include "ecommerceservice.h"

#include <unordered_map>

namespace eventloom {

/// Schedules a shipment once an order is paid (`ShipmentScheduled`) and cancels it for a cancelled
/// order (`ShipmentCancelled`).
class ShippingService final : public EcommerceService {
public:
    using EcommerceService::EcommerceService;
    std::int64_t activeShipments() const { return m_active; }

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;

private:
    struct Shipment {
        Atom id = 0;
        bool active = false;
    };
    std::unordered_map<Atom, Shipment> m_shipments; // by order id; looked up, never iterated
    std::int64_t m_scheduled = 0;
    std::int64_t m_cancelled = 0;
    std::int64_t m_active = 0;
};

} // namespace eventloom
