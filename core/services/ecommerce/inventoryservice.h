#pragma once

#include "ecommerceservice.h"

#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace eventloom {

/// Stock per SKU: reserves for new orders (`StockReserved` or `StockReservationFailed`), releases
/// for cancelled ones (`StockReleased`), and ships what was reserved once the shipment is scheduled
/// (`StockShipped`).
/// Invariant: for every SKU, available + reserved = total, none negative.
class InventoryService final : public EcommerceService {
public:
    struct Stock {
        std::int64_t total = 0;
        std::int64_t available = 0;
        std::int64_t reserved = 0;
    };

    InventoryService(EventLog& log, bool idempotent, const std::vector<std::pair<std::string, std::int64_t>>& initial);

    /// The stock of `sku`, or nullptr for an unknown one.
    const Stock* stock(Atom sku) const;
    bool invariantsHold() const;

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;

private:
    struct Reservation {
        Atom sku = 0;
        std::int64_t quantity = 0; ///< still reserved (0 once released or shipped)
    };
    void reserve(ServiceContext& ctx, const Event& message);
    void release(ServiceContext& ctx, const Event& message);
    void ship(ServiceContext& ctx, const Event& message);
    /// The reservation still held for `orderId`, or nullptr.
    Reservation* heldFor(Atom orderId);
    void announce(ServiceContext& ctx, Atom type, Atom orderId, Atom sku, std::int64_t quantity, const Stock& s);

    std::map<Atom, Stock> m_stock; // ordered by atom: deterministic for a given run
    std::unordered_map<Atom, Reservation> m_reservations; // looked up by order id, never iterated
    std::int64_t m_failed = 0;
};

} // namespace eventloom
