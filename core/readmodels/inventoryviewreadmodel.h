#pragma once

#include "readmodel.h"

#include <unordered_map>

namespace eventloom {

/// SKU → stock levels (available, reserved) as the inventory service last announced them, plus counts
/// of reservations, releases, shipments and failed reservations. Reads `inventory.events`.
///
/// `StockReserved`, `StockReleased` and `StockReservationFailed` carry the SKU's levels after the
/// change, so the view copies rather than computes them — from the event with the highest log position,
/// not the last one applied: events of one SKU are keyed by order id and so spread over partitions,
/// whose deliveries interleave in any order.
class InventoryViewReadModel final : public ReadModel {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<InventoryViewReadModel>(*this); }
    /// -1 for a level no applied event has told yet.
    struct Levels {
        std::int64_t available = -1;
        std::int64_t reserved = -1;
    };

    InventoryViewReadModel();

    std::string_view kind() const override { return "inventory-view"; }
    /// The SKU's levels as the view has them ({-1, -1} for an unknown SKU). No staleness check: see query().
    Levels levels(std::string_view sku) const;

    void rowsAffected(const EventLog& log, const Event& event, std::vector<std::string>& keys) const override;

protected:
    std::unique_ptr<ReadModel> create() const override;
    void applyToRow(const std::string& key, const EventLog& log, const Event& event) override;
    QJsonObject rowData(const std::string& key) const override;

private:
    struct Row {
        Levels levels;
        std::uint32_t availableFrom = kNoMessage; ///< log seq the level was copied from
        std::uint32_t reservedFrom = kNoMessage;
        std::int64_t reservations = 0;
        std::int64_t releases = 0;
        std::int64_t shipments = 0;
        std::int64_t failures = 0;
    };
    std::unordered_map<std::string, Row> m_skus;
};

} // namespace eventloom
