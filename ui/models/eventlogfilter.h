#pragma once

#include <QAbstractProxyModel>
#include <vector>

namespace eventloom {

class EventLogModel;

/// Narrows the event log: free text matched against a row's kind, type, key, correlation id,
/// topic, service and detail (case-insensitive), optionally one correlation id exactly — the
/// "follow this order" lens — and a time (time travel). New rows are filtered as they arrive.
///
/// Unfiltered (the usual case, and the whole of a run at max speed) it shows the log's rows as they
/// are and keeps no state per row: a QSortFilterProxyModel keeps two ints per row whatever it
/// filters, a million rows' worth of memory and of work at each insertion (B8, B10 in
/// docs/benchmarks.md). Filtered, it keeps the source rows it shows.
class EventLogFilter final : public QAbstractProxyModel {
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
    /// Source rows held to know which are shown: 0 while unfiltered.
    std::size_t heldRows() const { return m_rows.size(); }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex& index) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex& proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex& sourceIndex) const override;

private:
    bool accepts(int sourceRow) const;
    /// The source row shown at `row`.
    int sourceRow(int row) const { return m_filtered ? m_rows[static_cast<std::size_t>(row)] : row; }
    void sourceRowsInserted(const QModelIndex& parent, int first, int last);
    void sourceReset();
    /// Filters the whole log again, as one layout change that keeps the selection on rows still shown.
    void refilter();
    void rebuild();

    EventLogModel* m_source;
    QString m_text;
    QString m_correlation;
    std::int64_t m_maxTime = -1;
    int m_count = 0; ///< rows shown
    /// Whether m_rows says which rows are shown: active() as of the last rebuild (a filter being changed
    /// is active() before its rows are rebuilt).
    bool m_filtered = false;
    std::vector<int> m_rows; ///< filtered: the source rows shown, ascending; unfiltered: empty
};

} // namespace eventloom
