#pragma once

#include "ecommerceservice.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace eventloom {

/// Stock per SKU: reserves for new orders (`StockReserved` or `StockReservationFailed`), releases
/// for cancelled ones (`StockReleased`), and ships what was reserved once the shipment is scheduled
/// (`StockShipped`). When an order is cancelled after its goods left (its shipment is cancelled by
/// shipping, which reads the same `OrderCancelled`), the goods come back to the shelf (`StockReleased`).
/// Invariant: for every SKU, available + reserved = total, none negative.
///
/// As a saga participant it answers every command — ReserveStock with StockReserved or
/// StockReservationFailed, ReleaseStock with StockReleased even when nothing was held — and, when
/// idempotent, a repeated ReserveStock for an order is answered again without reserving twice (and
/// refused once the order's reservation was released). In a choreographed saga it releases on
/// PaymentFailed and PaymentRefunded, so compensation travels backwards.
class InventoryService final : public EcommerceService {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<InventoryService>(*this); }
    struct Stock {
        std::int64_t total = 0;
        std::int64_t available = 0;
        std::int64_t reserved = 0;
    };

    InventoryService(EventLog& log, bool idempotent, const std::vector<std::pair<std::string, std::int64_t>>& initial);

    /// The stock of `sku`, or nullptr for an unknown one.
    const Stock* stock(Atom sku) const;
    bool invariantsHold() const;
    /// Stock still reserved for `orderId`.
    std::int64_t reservedFor(Atom orderId) const;
    bool failNext(Atom type, int count) override;

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;
    QJsonObject ownStateFor(const StatePaths& read) const override;

private:
    struct Reservation {
        Atom sku = 0;
        std::int64_t quantity = 0; ///< still reserved (0 once released or shipped)
        std::int64_t shipped = 0; ///< left the warehouse for a shipment; back on the shelf if the order is cancelled
        bool released = false; ///< compensated: a late repeat of the reservation must not reserve again
        Atom refused = 0; ///< why the reservation was refused: a repeat gets the same answer
    };
    void reserve(ServiceContext& ctx, const Event& message);
    /// `answer`: publish StockReleased even when nothing was held (a command, or a saga's event).
    void release(ServiceContext& ctx, const Event& message, bool answer);
    void ship(ServiceContext& ctx, const Event& message);
    /// The reservation still held for `orderId`, or nullptr.
    Reservation* heldFor(Atom orderId);
    void announce(
        ServiceContext& ctx, Atom type, Atom orderId, Atom sku, std::int64_t quantity, const Stock& s, Atom reason = 0);

    std::map<Atom, Stock> m_stock; // ordered by atom: deterministic for a given run
    CowAtomMap<Atom, Reservation, 8>
        m_reservations; ///< by order id, copy-on-write (a fork copies what changed); never iterated
    std::int64_t m_failed = 0;
    int m_failReservations = 0; ///< injected: the next reservations fail
    int m_failReleases = 0; ///< injected: the next releases do nothing and answer nothing
};

} // namespace eventloom
