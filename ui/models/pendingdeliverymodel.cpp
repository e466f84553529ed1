#include "pendingdeliverymodel.h"

#include <QSet>

namespace eventloom {

PendingDeliveryModel::PendingDeliveryModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void PendingDeliveryModel::setDeliveries(const PendingDeliveries& deliveries)
{
    QSet<quint64> incoming;
    for (const PendingDeliveryInfo& d : deliveries)
        incoming.insert(d.id);
    // Decided (or gone): remove, from the bottom so the rows above keep their numbers.
    for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0; --row) {
        if (incoming.contains(m_rows.at(row).id))
            continue;
        int first = row;
        while (first > 0 && !incoming.contains(m_rows.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first;
    }
    QSet<quint64> kept;
    for (const PendingDeliveryInfo& d : m_rows)
        kept.insert(d.id);
    PendingDeliveries added;
    for (const PendingDeliveryInfo& d : deliveries)
        if (!kept.contains(d.id))
            added.push_back(d);
    if (added.isEmpty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    m_rows.append(added);
    endInsertRows();
}

int PendingDeliveryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PendingDeliveryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PendingDeliveryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PendingDeliveryInfo& d = m_rows.at(index.row());
    if (role == IdRole)
        return QVariant::fromValue<quint64>(d.id);
    if (role == Qt::TextAlignmentRole)
        return index.column() == Since || index.column() == Message ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                    : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole)
        return tr("%1 #%2 (key %3) for %4, held at %5 since %6 s")
            .arg(d.type)
            .arg(d.seq)
            .arg(d.key.isEmpty() ? tr("none") : d.key, d.consumer,
                QStringLiteral("%1[%2]@%3").arg(d.topic).arg(d.partition).arg(d.offset))
            .arg(static_cast<double>(d.since) / 1e6, 0, 'f', 6);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Since:
        return QString::number(static_cast<double>(d.since) / 1e6, 'f', 6);
    case Consumer:
        return d.group == d.service ? d.consumer : QStringLiteral("%1 (%2)").arg(d.consumer, d.group);
    case Location:
        return QStringLiteral("%1[%2]@%3").arg(d.topic).arg(d.partition).arg(d.offset);
    case Type:
        return d.type;
    case Key:
        return d.key;
    case Message:
        return QVariant::fromValue<quint32>(d.seq);
    default:
        return {};
    }
}

QVariant PendingDeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Location)
        return tr("The record held: topic[partition]@offset");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Since:
        return tr("Held at (s)");
    case Consumer:
        return tr("Consumer");
    case Location:
        return tr("Record");
    case Type:
        return tr("Type");
    case Key:
        return tr("Key");
    case Message:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace eventloom
