#pragma once

#include "record/runcomparison.h"

#include <QAbstractTableModel>
#include <memory>

namespace eventloom {

/// Two runs' counters side by side (RunComparison::counters): one row per counter, the rows whose
/// values differ marked (DiffersRole, a tinted background and bold text).
class RunCountersModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Counter, RunA, RunB, Change, ColumnCount };
    enum Roles {
        DiffersRole = Qt::UserRole + 1, ///< bool: the two runs' values differ
        KeyRole, ///< the counter's name in the `--json` output, e.g. "sagas.compensated"
    };

    explicit RunCountersModel(QObject* parent = nullptr);

    void setComparison(std::shared_ptr<const RunComparison> comparison);
    /// The rows whose values differ, by counter name.
    QStringList differingKeys() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const RunComparison> m_comparison;
};

} // namespace eventloom
