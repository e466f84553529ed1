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
    bool active() const { return !m_text.isEmpty() || !m_correlation.isEmpty(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    EventLogModel* m_source;
    QString m_text;
    QString m_correlation;
};

} // namespace eventloom
