#include "readmodeltablemodel.h"

#include "jsoncell.h"

#include <QBrush>
#include <QColor>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <algorithm>

namespace eventloom {

namespace {
}

ReadModelTableModel::ReadModelTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QStringList ReadModelTableModel::fieldsOf(const std::vector<Row>& rows)
{
    QStringList fields;
    for (const Row& row : rows)
        for (const QString& name : row.fields.keys())
            if (!fields.contains(name))
                fields << name;
    std::sort(fields.begin(), fields.end());
    return fields;
}

void ReadModelTableModel::setRows(const QString& model, const std::vector<Row>& rows)
{
    const QStringList fields = fieldsOf(rows);
    // The merge below walks both sides in key order; keys the engine ordered otherwise (its order is by
    // UTF-8 bytes) fall back to a reset.
    bool ordered = true;
    for (std::size_t i = 1; i < rows.size() && ordered; ++i)
        ordered = rows[i - 1].key < rows[i].key;
    if (model != m_model || fields != m_fields || !ordered) {
        beginResetModel();
        m_model = model;
        m_fields = fields;
        m_rows = rows;
        m_differs.clear();
        endResetModel();
        return;
    }
    // Same table: merge by key (both sides in key order), so that selection and scroll stay put. Changed
    // rows are announced in one dataChanged over their span, not one signal each (a busy model changes
    // hundreds between two refreshes).
    int firstChanged = -1, lastChanged = -1;
    const auto announce = [&] {
        if (firstChanged >= 0)
            Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, columnCount() - 1));
        firstChanged = lastChanged = -1;
    };
    std::size_t at = 0;
    for (Row row : rows) {
        std::size_t gone = at; // rows no longer there: removed in one go
        while (gone < m_rows.size() && m_rows[gone].key < row.key)
            ++gone;
        if (gone > at) {
            announce();
            beginRemoveRows({}, static_cast<int>(at), static_cast<int>(gone) - 1);
            m_rows.erase(
                m_rows.begin() + static_cast<std::ptrdiff_t>(at), m_rows.begin() + static_cast<std::ptrdiff_t>(gone));
            endRemoveRows();
        }
        if (at < m_rows.size() && m_rows[at].key == row.key) {
            Row& old = m_rows[at];
            if (old.fields != row.fields || old.version != row.version || old.writeVersion != row.writeVersion) {
                old = std::move(row);
                if (firstChanged < 0)
                    firstChanged = static_cast<int>(at);
                lastChanged = static_cast<int>(at);
            }
        } else {
            announce();
            beginInsertRows({}, static_cast<int>(at), static_cast<int>(at));
            m_rows.insert(m_rows.begin() + static_cast<std::ptrdiff_t>(at), std::move(row));
            endInsertRows();
        }
        ++at;
    }
    announce();
    if (at < m_rows.size()) {
        beginRemoveRows({}, static_cast<int>(at), static_cast<int>(m_rows.size()) - 1);
        m_rows.erase(m_rows.begin() + static_cast<std::ptrdiff_t>(at), m_rows.end());
        endRemoveRows();
    }
}

void ReadModelTableModel::setRebuildDifferences(const QSet<QString>& keys)
{
    m_differs = keys;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void ReadModelTableModel::clear()
{
    beginResetModel();
    m_model.clear();
    m_fields.clear();
    m_rows.clear();
    m_differs.clear();
    endResetModel();
}

int ReadModelTableModel::staleRows() const
{
    return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), [](const Row& r) { return r.behind > 0; }));
}

int ReadModelTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReadModelTableModel::columnCount(const QModelIndex& parent) const
{
    // The key, the fields, the read model's version and the write side's.
    return parent.isValid() ? 0 : static_cast<int>(m_fields.size()) + 3;
}

QVariant ReadModelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= columnCount())
        return {};
    if (section == 0)
        return tr("Key");
    if (section <= m_fields.size())
        return m_fields[section - 1];
    return section == columnCount() - 2 ? tr("Version") : tr("Write version");
}

QVariant ReadModelTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const bool stale = row.behind > 0;
    const bool differs = m_differs.contains(row.key);
    switch (role) {
    case StaleRole:
        return stale;
    case BehindRole:
        return row.behind;
    case RebuildDiffersRole:
        return differs;
    case Qt::BackgroundRole:
        if (stale)
            return QBrush(QColor(0xff, 0xe8, 0xb0)); // amber: a read now would be stale
        if (differs)
            return QBrush(QColor(0xd6, 0xe4, 0xff)); // blue: the rebuild has it otherwise
        return {};
    case Qt::ToolTipRole: {
        QStringList lines;
        if (stale)
            lines << tr("Stale: the write side changed this row %n time(s) since the read model last applied it.",
                nullptr, static_cast<int>(row.behind));
        if (differs)
            lines << tr("The rebuild from the log has this row otherwise.");
        return lines.isEmpty() ? QVariant() : lines.join(u'\n');
    }
    case Qt::DisplayRole: {
        const int column = index.column();
        if (column == 0)
            return row.key;
        if (column <= m_fields.size())
            return jsonCellText(row.fields.value(m_fields[column - 1]), QString()); // a null field shows empty
        return column == columnCount() - 2 ? row.version : row.writeVersion;
    }
    default:
        return {};
    }
}

} // namespace eventloom
