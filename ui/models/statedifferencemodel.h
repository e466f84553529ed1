#pragma once

#include "record/runcomparison.h"

#include <QAbstractTableModel>
#include <memory>

namespace eventloom {

/// How two runs' final states differ (RunComparison::stateDifferences): one row per saga instance,
/// committed offset or key that ends differently, with each run's value ("—": the run has no such item).
class StateDifferenceModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Category, Item, RunA, RunB, ColumnCount };
    enum Roles {
        CategoryRole = Qt::UserRole + 1, ///< "saga", "offset" or "key"
    };

    explicit StateDifferenceModel(QObject* parent = nullptr);

    void setComparison(std::shared_ptr<const RunComparison> comparison);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const RunComparison> m_comparison;
};

} // namespace eventloom
