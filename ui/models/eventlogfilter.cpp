#include "eventlogfilter.h"

#include "eventlogmodel.h"

#include <algorithm>

namespace eventloom {

EventLogFilter::EventLogFilter(EventLogModel* source, QObject* parent)
    : QAbstractProxyModel(parent)
    , m_source(source)
{
    QAbstractProxyModel::setSourceModel(source);
    m_count = source->rowCount();
    // The log only ever grows at its end or starts again (EventLogModel): nothing else to follow.
    connect(source, &QAbstractItemModel::rowsInserted, this, &EventLogFilter::sourceRowsInserted);
    connect(source, &QAbstractItemModel::modelAboutToBeReset, this, &EventLogFilter::beginResetModel);
    connect(source, &QAbstractItemModel::modelReset, this, &EventLogFilter::sourceReset);
}

void EventLogFilter::setText(const QString& text)
{
    if (text.trimmed() == m_text)
        return;
    m_text = text.trimmed();
    refilter();
}

void EventLogFilter::setCorrelation(const QString& correlation)
{
    if (correlation == m_correlation)
        return;
    m_correlation = correlation;
    refilter();
}

void EventLogFilter::setMaxTime(std::int64_t t)
{
    if (t == m_maxTime)
        return;
    m_maxTime = t;
    refilter();
}

QModelIndex EventLogFilter::index(int row, int column, const QModelIndex& parent) const
{
    if (parent.isValid() || row < 0 || row >= m_count || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex EventLogFilter::parent(const QModelIndex&) const
{
    return {};
}

QModelIndex EventLogFilter::sibling(int row, int column, const QModelIndex& index) const
{
    return index.isValid() ? this->index(row, column) : QModelIndex();
}

int EventLogFilter::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int EventLogFilter::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_source->columnCount();
}

bool EventLogFilter::hasChildren(const QModelIndex& parent) const
{
    return !parent.isValid() && m_count > 0;
}

QModelIndex EventLogFilter::mapToSource(const QModelIndex& proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.model() != this || proxyIndex.row() >= m_count)
        return {};
    return m_source->index(sourceRow(proxyIndex.row()), proxyIndex.column());
}

QModelIndex EventLogFilter::mapFromSource(const QModelIndex& sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_source)
        return {};
    const int row = sourceIndex.row();
    if (!m_filtered)
        return index(row, sourceIndex.column());
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), row);
    if (it == m_rows.end() || *it != row)
        return {}; // filtered out (or not shown yet)
    return index(static_cast<int>(it - m_rows.begin()), sourceIndex.column());
}

void EventLogFilter::sourceRowsInserted(const QModelIndex& parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (!m_filtered) {
        beginInsertRows({}, m_count, m_count + last - first);
        m_count += last - first + 1;
        endInsertRows();
        return;
    }
    std::vector<int> accepted;
    for (int row = first; row <= last; ++row)
        if (accepts(row))
            accepted.push_back(row);
    if (accepted.empty())
        return;
    beginInsertRows({}, m_count, m_count + static_cast<int>(accepted.size()) - 1);
    m_rows.insert(m_rows.end(), accepted.begin(), accepted.end());
    m_count = static_cast<int>(m_rows.size());
    endInsertRows();
}

void EventLogFilter::sourceReset()
{
    rebuild();
    endResetModel();
}

void EventLogFilter::rebuild()
{
    m_rows.clear();
    m_rows.shrink_to_fit(); // unfiltered again: give the memory back
    m_filtered = active();
    if (!m_filtered) {
        m_count = m_source->rowCount();
        return;
    }
    for (int row = 0, rows = m_source->rowCount(); row < rows; ++row)
        if (accepts(row))
            m_rows.push_back(row);
    m_count = static_cast<int>(m_rows.size());
}

void EventLogFilter::refilter()
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<QModelIndex> sources;
    sources.reserve(static_cast<std::size_t>(before.size()));
    for (const QModelIndex& index : before)
        sources.push_back(mapToSource(index));
    rebuild();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex& source : sources)
        after.push_back(mapFromSource(source));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

bool EventLogFilter::accepts(int sourceRow) const
{
    const TraceRow& row = m_source->row(sourceRow);
    if (m_maxTime >= 0 && row.time > m_maxTime)
        return false;
    if (!m_correlation.isEmpty() && m_source->atomText(row.correlation) != m_correlation)
        return false;
    if (m_text.isEmpty())
        return true;
    const auto matches = [&](const QString& field) { return field.contains(m_text, Qt::CaseInsensitive); };
    return matches(QString::fromLatin1(traceKindName(row.kind).data())) || matches(m_source->atomText(row.type))
        || matches(m_source->atomText(row.key)) || matches(m_source->atomText(row.correlation))
        || matches(m_source->atomText(row.topic)) || matches(m_source->atomText(row.service))
        || matches(m_source->atomText(row.detail));
}

} // namespace eventloom
