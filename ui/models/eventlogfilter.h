#pragma once

#include <QSortFilterProxyModel>

namespace eventloom {

class EventLogModel;

/// Narrows the event log: free text matched against a row's kind, type, key, correlation id,
/// topic, service and detail (case-insensitive), and optionally one correlation id exactly — the
/// "follow this order" lens. New rows are filtered as they arrive.
class EventLogFilter final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit EventLogFilter(EventLogModel* source, QObject* parent = nullptr);

    void setText(const QString& text);
    QString text() const { return m_text; }
    /// Only rows of this correlation id (empty: any).
    void setCorrelation(const QString& correlation);
    QString correlation() const { return m_correlation; }
    /// Only rows at or before simulated time `t` (time travel); -1: any time.
    void setMaxTime(std::int64_t t);
    std::int64_t maxTime() const { return m_maxTime; }
    bool active() const { return !m_text.isEmpty() || !m_correlation.isEmpty() || m_maxTime >= 0; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    EventLogModel* m_source;
    QString m_text;
    QString m_correlation;
    std::int64_t m_maxTime = -1;
};

} // namespace eventloom
