#pragma once

#include "simulation/tracebatch.h"

#include <QAbstractTableModel>
#include <QTimer>
#include <deque>
#include <vector>

namespace eventloom {

/// The run's trace as a table, one row per trace record, growing batch by batch while the run plays.
/// Virtual: rows are small plain structs and text is made in data() from a copy of the run's atoms,
/// so a million rows cost tens of megabytes and no widgets.
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

    explicit EventLogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Takes in the batch's atom strings and rows. The rows show at once after a quiet spell, then at
    /// most every kFlushMs while batches keep coming (one beginInsertRows for all that arrived): a view
    /// over a table pays a fixed price per insertion — relayout, scroll range, repaint — and a run at
    /// full speed brings sixty batches a second (B7, docs/benchmarks.md). flush() shows them now.
    void appendBatch(const TraceBatch& batch);
    /// Inserts the rows still waiting, if any.
    void flush();
    /// Rows taken in but not yet shown.
    std::size_t pendingRows() const { return m_pending.size(); }
    /// True within kFlushMs of the last rows shown: rows that come now wait for the next flush. After
    /// a quiet spell it is false, and the next batch shows at once.
    bool holdsRowsBack() const { return m_flushTimer.isActive(); }
    static constexpr int kFlushMs = 100;
    /// Forgets every row and atom: a new run starts.
    void clear();

    const TraceRow& row(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    QString atomText(Atom atom) const;
    /// The first row about message `seq` (its publish or send), or -1.
    int firstRowOf(std::uint32_t seq) const;
    /// Every row about message `seq`, in order.
    std::vector<int> rowsOf(std::uint32_t seq) const;

    /// Seconds with microsecond digits ("12.034500"): fixed width, so the column reads like a clock.
    static QString formatTime(SimTime t);

private:
    QString displayText(const TraceRow& row, Column column) const;
    QString location(const TraceRow& row) const;
    QString consumer(const TraceRow& row) const;
    QString outcome(const TraceRow& row) const;
    QVariant foreground(const TraceRow& row, Column column) const;

    std::deque<TraceRow> m_rows; ///< a deque: growing to millions of rows never copies them all at once
    std::vector<TraceRow> m_pending; ///< taken in, not yet inserted
    std::vector<QString> m_atoms;
    QTimer m_flushTimer;
};

} // namespace eventloom
