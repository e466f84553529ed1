#include "eventstoremodel.h"

#include "jsoncell.h"

#include "eventlogmodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <algorithm>

namespace eventloom {

namespace {
/// Replaces `rows` with `fresh` through `model`'s row signals, for a window sliding over a list that
/// only grows at its end: rows gone from the front are removed, the common rows updated in place
/// (one dataChanged over their span), new rows inserted at the end. Returns false, changing nothing,
/// if `fresh` is not such a window of the same list: the caller resets.
template <class Row, class Same, class Remove, class Insert, class Changed>
bool slide(
    std::vector<Row>& rows, const std::vector<Row>& fresh, Same same, Remove remove, Insert insert, Changed changed)
{
    std::size_t front = 0; // rows of `rows` before fresh[0]
    if (!rows.empty() && !fresh.empty()) {
        while (front < rows.size() && !same(rows[front], fresh[0]))
            ++front;
        if (front == rows.size())
            return false;
    } else {
        front = rows.size(); // one side is empty: everything goes, everything comes
    }
    const std::size_t common = std::min(rows.size() - front, fresh.size());
    for (std::size_t i = 0; i < common; ++i)
        if (!same(rows[front + i], fresh[i]))
            return false;
    if (front > 0)
        remove(0, static_cast<int>(front) - 1,
            [&] { rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(front)); });
    int firstChanged = -1, lastChanged = -1;
    for (std::size_t i = 0; i < common; ++i) {
        if (rows[i] == fresh[i])
            continue;
        rows[i] = fresh[i];
        if (firstChanged < 0)
            firstChanged = static_cast<int>(i);
        lastChanged = static_cast<int>(i);
    }
    if (firstChanged >= 0)
        changed(firstChanged, lastChanged);
    if (rows.size() > common) // the end of the list is gone (an earlier time)
        remove(static_cast<int>(common), static_cast<int>(rows.size()) - 1, [&] { rows.resize(common); });
    if (fresh.size() > common)
        insert(static_cast<int>(common), static_cast<int>(fresh.size()) - 1,
            [&] { rows.insert(rows.end(), fresh.begin() + static_cast<std::ptrdiff_t>(common), fresh.end()); });
    return true;
}

void flattenInto(const QString& path, const QJsonValue& value, std::vector<std::pair<QString, QString>>& out)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        if (o.isEmpty() && !path.isEmpty())
            out.emplace_back(path, QStringLiteral("{}"));
        for (auto it = o.begin(); it != o.end(); ++it) // QJsonObject iterates in key order
            flattenInto(path.isEmpty() ? it.key() : path + u'.' + it.key(), it.value(), out);
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        if (a.isEmpty())
            out.emplace_back(path, QStringLiteral("[]"));
        for (qsizetype i = 0; i < a.size(); ++i)
            flattenInto(QStringLiteral("%1[%2]").arg(path).arg(i), a[i], out);
    } else {
        out.emplace_back(path, jsonCellText(value));
    }
}
}

// ---- streams ---------------------------------------------------------------------------------------

EventStoreStreamModel::EventStoreStreamModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void EventStoreStreamModel::setStreams(const std::vector<EventStoreDescription::Stream>& streams)
{
    const std::vector<Row>& fresh = streams;
    if (fresh == m_rows)
        return;
    if (slide(
            m_rows, fresh, [](const Row& a, const Row& b) { return a.store == b.store && a.id == b.id; },
            [this](int first, int last, const auto& change) {
                beginRemoveRows({}, first, last);
                change();
                endRemoveRows();
            },
            [this](int first, int last, const auto& change) {
                beginInsertRows({}, first, last);
                change();
                endInsertRows();
            },
            [this](int first, int last) { Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1)); }))
        return;
    beginResetModel();
    m_rows = fresh;
    endResetModel();
}

void EventStoreStreamModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int EventStoreStreamModel::rowOf(const QString& store, const QString& id) const
{
    for (std::size_t i = m_rows.size(); i-- > 0;)
        if (m_rows[i].id == id && m_rows[i].store == store)
            return static_cast<int>(i);
    return -1;
}

int EventStoreStreamModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventStoreStreamModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventStoreStreamModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Aggregate:
            return row.aggregate;
        case Stream:
            return row.id;
        case Version:
            return row.version;
        case LastEvent:
            return EventLogModel::formatTime(row.last).trimmed();
        }
        break;
    case Qt::ToolTipRole:
        return tr("%1 stream %2 in %3's store: %n event(s)", nullptr, static_cast<int>(row.version))
            .arg(row.aggregate, row.id, row.store);
    case Qt::TextAlignmentRole:
        if (index.column() == Version || index.column() == LastEvent)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case StoreRole:
        return row.store;
    case StreamRole:
        return row.id;
    case VersionRole:
        return row.version;
    default:
        break;
    }
    return {};
}

QVariant EventStoreStreamModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Aggregate:
        return tr("Aggregate");
    case Stream:
        return tr("Stream");
    case Version:
        return tr("Version");
    case LastEvent:
        return tr("Last event (s)");
    default:
        return {};
    }
}

// ---- events ----------------------------------------------------------------------------------------

EventStoreEventModel::EventStoreEventModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void EventStoreEventModel::setEvents(
    const QString& store, const QString& id, const std::vector<EventStoreDescription::Event>& events)
{
    const std::vector<Row>& fresh = events;
    if (store == m_store && id == m_stream) {
        if (fresh == m_rows)
            return;
        if (slide(
                m_rows, fresh, [](const Row& a, const Row& b) { return a.version == b.version; },
                [this](int first, int last, const auto& change) {
                    beginRemoveRows({}, first, last);
                    change();
                    endRemoveRows();
                },
                [this](int first, int last, const auto& change) {
                    beginInsertRows({}, first, last);
                    change();
                    endInsertRows();
                },
                [this](int first, int last) { Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1)); }))
            return;
    }
    beginResetModel();
    m_store = store;
    m_stream = id;
    m_rows = fresh;
    endResetModel();
}

void EventStoreEventModel::clear()
{
    beginResetModel();
    m_store.clear();
    m_stream.clear();
    m_rows.clear();
    endResetModel();
}

int EventStoreEventModel::rowOfVersion(qint64 version) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].version == version)
            return static_cast<int>(i);
    return -1;
}

int EventStoreEventModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventStoreEventModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventStoreEventModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Version:
            return row.version;
        case Time:
            return EventLogModel::formatTime(row.time).trimmed();
        case Type:
            return row.type;
        case Message:
            if (row.seq < 0)
                return QString();
            return row.causeType.isEmpty() ? QStringLiteral("#%1").arg(row.seq)
                                           : QStringLiteral("#%1 %2").arg(row.seq).arg(row.causeType);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Message && row.seq >= 0)
            return tr("Double-click to select message #%1 in the Event Log").arg(row.seq);
        return row.payload;
    case Qt::TextAlignmentRole:
        if (index.column() != Type)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case VersionRole:
        return row.version;
    case MessageRole:
        return row.seq;
    case PayloadRole:
        return row.payload;
    default:
        break;
    }
    return {};
}

QVariant EventStoreEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Version:
        return tr("Version");
    case Time:
        return tr("Time (s)");
    case Type:
        return tr("Type");
    case Message:
        return tr("Caused by");
    default:
        return {};
    }
}

// ---- folded state ----------------------------------------------------------------------------------

EventStoreStateModel::EventStoreStateModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

std::vector<std::pair<QString, QString>> EventStoreStateModel::flatten(const QJsonObject& state)
{
    std::vector<std::pair<QString, QString>> out;
    flattenInto(QString(), state, out);
    return out;
}

void EventStoreStateModel::setState(const QJsonObject& state)
{
    std::vector<std::pair<QString, QString>> fresh = flatten(state);
    const bool sameFields = fresh.size() == m_rows.size()
        && std::equal(fresh.begin(), fresh.end(), m_rows.begin(),
            [](const auto& a, const auto& b) { return a.first == b.first; });
    if (!sameFields) {
        beginResetModel();
        m_rows = std::move(fresh);
        endResetModel();
        return;
    }
    int first = -1, last = -1;
    for (std::size_t i = 0; i < fresh.size(); ++i) {
        if (fresh[i].second == m_rows[i].second)
            continue;
        m_rows[i].second = fresh[i].second;
        if (first < 0)
            first = static_cast<int>(i);
        last = static_cast<int>(i);
    }
    if (first >= 0)
        Q_EMIT dataChanged(index(first, ValueColumn), index(last, ValueColumn));
}

void EventStoreStateModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

QString EventStoreStateModel::value(const QString& path) const
{
    for (const auto& [field, value] : m_rows)
        if (field == path)
            return value;
    return {};
}

int EventStoreStateModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventStoreStateModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventStoreStateModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const auto& [field, value] = m_rows[static_cast<std::size_t>(index.row())];
    return index.column() == FieldColumn ? field : value;
}

QVariant EventStoreStateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == FieldColumn ? tr("Field") : section == ValueColumn ? tr("Value") : QVariant();
}

} // namespace eventloom
