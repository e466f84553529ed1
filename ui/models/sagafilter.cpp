#include "sagafilter.h"

#include "sagamodel.h"

namespace eventloom {

SagaFilter::SagaFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SagaModel::SortRole);
    setDynamicSortFilter(true); // an instance that turns compensated joins the compensated list
}

void SagaFilter::setStatus(const QString& status)
{
    if (status == m_status)
        return;
    m_status = status;
    invalidateFilter();
}

void SagaFilter::setCorrelation(const QString& correlation)
{
    if (correlation == m_correlation)
        return;
    m_correlation = correlation;
    invalidateFilter();
}

bool SagaFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid() || !filtering())
        return true;
    const QModelIndex instance = sourceModel()->index(sourceRow, static_cast<int>(SagaModel::Column::Saga));
    if (!m_correlation.isEmpty())
        return instance.data().toString() == m_correlation;
    return instance.data(SagaModel::StatusRole).toString() == m_status;
}

} // namespace eventloom
