#pragma once

#include "simulation/runtrace.h"

#include <QAbstractTableModel>
#include <QTimer>
#include <vector>

namespace eventloom {

/// The run's trace as a table, one row per trace record, growing batch by batch while the run plays.
/// Virtual: the rows and the atoms are the shared RunTrace's, text is made in data(), so a million
/// rows cost no copy and no widgets. The model only counts how many of the trace's rows it shows.
class EventLogModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Column { Time, Kind, Type, Location, Key, Consumer, Outcome, Correlation, Count };
    enum Roles {
        TimeRole = Qt::UserRole, ///< simulated time in microseconds (qint64)
        KindRole, ///< trace kind name, e.g. "published" (QString)
        MessageRole, ///< seq of the message in the run's log, or -1 (qint64)
        CorrelationRole, ///< correlation id (QString)
        OutcomeRole, ///< "ok", "failed", "skipped-duplicate" or empty (QString)
    };
    Q_ENUM(Roles)

    /// Shows `trace`'s rows, which must outlive the model; a cleared trace resets it.
    explicit EventLogModel(const RunTrace* trace, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The rows the trace took in show at once after a quiet spell, then at most every kFlushMs while
    /// batches keep coming (one beginInsertRows for all that arrived): a view over a table pays a fixed
    /// price per insertion — relayout, scroll range, repaint — and a run at full speed brings sixty
    /// batches a second (B7, docs/benchmarks.md). flush() shows them now.
    void flush();
    /// Rows in the trace not yet shown.
    std::size_t pendingRows() const { return m_trace->rowCount() - m_shown; }
    /// True within kFlushMs of the last rows shown: rows that come now wait for the next flush. After
    /// a quiet spell it is false, and the next batch shows at once.
    bool holdsRowsBack() const { return m_flushTimer.isActive(); }
    static constexpr int kFlushMs = 100;

    const RunTrace& trace() const { return *m_trace; }
    const TraceRow& row(int row) const { return m_trace->row(static_cast<std::size_t>(row)); }
    QString atomText(Atom atom) const { return m_trace->atomText(atom); }
    /// The first row about message `seq` (its publish or send), or -1.
    int firstRowOf(std::uint32_t seq) const;
    /// Every row about message `seq`, in order.
    std::vector<int> rowsOf(std::uint32_t seq) const;

    /// Seconds with microsecond digits ("12.034500"): fixed width, so the column reads like a clock.
    static QString formatTime(SimTime t);

private:
    void rowsAppended(const TraceGrowth& growth);
    void traceCleared();
    QString displayText(const TraceRow& row, Column column) const;
    QString location(const TraceRow& row) const;
    QString consumer(const TraceRow& row) const;
    QString outcome(const TraceRow& row) const;
    QVariant foreground(const TraceRow& row, Column column) const;

    const RunTrace* m_trace;
    std::size_t m_shown = 0; ///< the trace's first rows, inserted; the others wait for a flush
    QTimer m_flushTimer;
};

} // namespace eventloom
