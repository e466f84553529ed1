#include "inventoryviewreadmodel.h"

#include "../bus/eventlog.h"

namespace eventloom {

namespace {
bool newer(std::uint32_t seq, std::uint32_t than)
{
    return than == kNoMessage || seq > than;
}
}

InventoryViewReadModel::InventoryViewReadModel()
    : ReadModel({ "inventory.events" })
{
}

InventoryViewReadModel::Levels InventoryViewReadModel::levels(std::string_view sku) const
{
    const auto it = m_skus.find(std::string(sku));
    return it == m_skus.end() ? Levels { -1, -1 } : it->second.levels;
}

void InventoryViewReadModel::rowsAffected(const EventLog& log, const Event& event, std::vector<std::string>& keys) const
{
    const std::string_view type = log.text(event.type);
    if (type != "StockReserved" && type != "StockReleased" && type != "StockReservationFailed"
        && type != "StockShipped")
        return;
    const std::string_view sku = textField(log, event, "sku");
    if (!sku.empty())
        keys.emplace_back(sku);
}

std::unique_ptr<ReadModel> InventoryViewReadModel::create() const
{
    return std::make_unique<InventoryViewReadModel>();
}

void InventoryViewReadModel::applyToRow(const std::string& key, const EventLog& log, const Event& event)
{
    Row& row = m_skus[key];
    const std::string_view type = log.text(event.type);
    if (type == "StockReserved")
        ++row.reservations;
    else if (type == "StockReleased")
        ++row.releases;
    else if (type == "StockShipped")
        ++row.shipments;
    else
        ++row.failures;
    if (!field(log, event, "available").isNull() && newer(event.seq, row.availableFrom)) {
        row.levels.available = intField(log, event, "available");
        row.availableFrom = event.seq;
    }
    // StockReservationFailed carries no `reserved`: the level stays as the last event that had it.
    if (!field(log, event, "reserved").isNull() && newer(event.seq, row.reservedFrom)) {
        row.levels.reserved = intField(log, event, "reserved");
        row.reservedFrom = event.seq;
    }
}

QJsonObject InventoryViewReadModel::rowData(const std::string& key) const
{
    QJsonObject object;
    const auto it = m_skus.find(key);
    if (it == m_skus.end())
        return object;
    const Row& row = it->second;
    object.insert(QStringLiteral("sku"), qtext(key));
    if (row.availableFrom != kNoMessage)
        object.insert(QStringLiteral("available"), static_cast<qint64>(row.levels.available));
    if (row.reservedFrom != kNoMessage)
        object.insert(QStringLiteral("reserved"), static_cast<qint64>(row.levels.reserved));
    object.insert(QStringLiteral("reservations"), static_cast<qint64>(row.reservations));
    object.insert(QStringLiteral("releases"), static_cast<qint64>(row.releases));
    object.insert(QStringLiteral("shipments"), static_cast<qint64>(row.shipments));
    object.insert(QStringLiteral("failures"), static_cast<qint64>(row.failures));
    return object;
}

} // namespace eventloom
