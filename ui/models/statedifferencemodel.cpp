#include "statedifferencemodel.h"

namespace eventloom {

StateDifferenceModel::StateDifferenceModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void StateDifferenceModel::setComparison(std::shared_ptr<const RunComparison> comparison)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    endResetModel();
}

int StateDifferenceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_comparison ? 0 : static_cast<int>(m_comparison->stateDifferences.size());
}

int StateDifferenceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StateDifferenceModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunComparison::StateDifference& d = m_comparison->stateDifferences[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Category:
            for (const RunComparison::StateCategory& c : m_comparison->stateCategories)
                if (c.category == d.category)
                    return c.title;
            return d.category;
        case Item:
            return d.item;
        case RunA:
            return d.a.isEmpty() ? QStringLiteral("—") : d.a;
        case RunB:
            return d.b.isEmpty() ? QStringLiteral("—") : d.b;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == RunA && d.a.isEmpty())
            return tr("Run A has no such item");
        if (index.column() == RunB && d.b.isEmpty())
            return tr("Run B has no such item");
        return {};
    case CategoryRole:
        return d.category;
    }
    return {};
}

QVariant StateDifferenceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Category:
        return tr("What");
    case Item:
        return tr("Item");
    case RunA:
        return tr("Run A");
    case RunB:
        return tr("Run B");
    }
    return {};
}

} // namespace eventloom
