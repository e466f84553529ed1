#pragma once

#include "simulation/pendingdelivery.h"

#include <QAbstractTableModel>

namespace eventloom {

/// The deliveries waiting at a breakpoint, one row each, in the order they were held (the engine's).
/// An update keeps the rows that are still waiting where they are — so the selection stays on them —
/// removes the decided ones and appends the new ones.
class PendingDeliveryModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Since, Consumer, Location, Type, Key, Message, ColumnCount };
    enum Roles {
        IdRole = Qt::UserRole + 1, ///< the engine's id of the held delivery (quint64)
    };

    explicit PendingDeliveryModel(QObject* parent = nullptr);

    void setDeliveries(const PendingDeliveries& deliveries);
    void clear() { setDeliveries({}); }
    const PendingDeliveries& deliveries() const { return m_rows; }
    const PendingDeliveryInfo& at(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PendingDeliveries m_rows;
};

} // namespace eventloom
