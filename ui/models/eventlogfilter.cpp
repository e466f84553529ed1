#include "eventlogfilter.h"

#include "eventlogmodel.h"

namespace eventloom {

EventLogFilter::EventLogFilter(EventLogModel* source, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_source(source)
{
    setSourceModel(source);
    setDynamicSortFilter(true);
}

void EventLogFilter::setText(const QString& text)
{
    if (text.trimmed() == m_text)
        return;
    m_text = text.trimmed();
    invalidateFilter();
}

void EventLogFilter::setCorrelation(const QString& correlation)
{
    if (correlation == m_correlation)
        return;
    m_correlation = correlation;
    invalidateFilter();
}

void EventLogFilter::setMaxTime(std::int64_t t)
{
    if (t == m_maxTime)
        return;
    m_maxTime = t;
    invalidateFilter();
}

bool EventLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    (void)sourceParent;
    if (!active())
        return true;
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
