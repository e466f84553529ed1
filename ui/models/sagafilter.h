#pragma once

#include <QSortFilterProxyModel>

namespace eventloom {

/// Narrows and sorts the Sagas dock's list of instances: one status (e.g. only the compensated
/// sagas) or, with the "follow this order" lens, one correlation id — the lens wins, so the order
/// followed is listed whatever its status. Sorts by any column in the order of SagaModel::SortRole
/// (times as numbers, steps in the saga's order). Only the instances, the model's top-level rows,
/// are filtered: an instance keeps all its moves.
class SagaFilter final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit SagaFilter(QObject* parent = nullptr);

    /// Only instances with this status (SagaInstance::statusName; empty: any).
    void setStatus(const QString& status);
    QString status() const { return m_status; }
    /// Only the instances of this correlation id, whatever their status (empty: no lens).
    void setCorrelation(const QString& correlation);
    QString correlation() const { return m_correlation; }
    bool filtering() const { return !m_status.isEmpty() || !m_correlation.isEmpty(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_status;
    QString m_correlation;
};

} // namespace eventloom
