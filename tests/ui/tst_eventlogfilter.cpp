// The event log's filter: unfiltered it shows the log's rows as they are and holds nothing per row (a
// million-row run costs it no memory, B8); filtered — text, one correlation id, a time — it shows the
// matching rows, new ones as they arrive, and a filter change keeps the selection on a row still shown.

#include "models/eventlogfilter.h"
#include "models/eventlogmodel.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QTest>

using namespace eventloom;

namespace {
constexpr int kOrders = 10;

/// Rows [first, first + count): row i is published at i µs, about order i % kOrders (atom 1 + i % kOrders).
TraceBatch rows(int first, int count)
{
    TraceBatch batch;
    if (first == 0) {
        batch.atoms.push_back(QString());
        for (int order = 0; order < kOrders; ++order)
            batch.atoms.push_back(QStringLiteral("order-%1").arg(order));
    }
    for (int i = first; i < first + count; ++i) {
        TraceRow row;
        row.time = i;
        row.kind = TraceKind::Published;
        row.message = static_cast<std::uint32_t>(i);
        row.key = row.correlation = static_cast<Atom>(1 + i % kOrders);
        batch.rows.push_back(row);
    }
    return batch;
}

struct Log {
    RunTrace trace;
    EventLogModel model { &trace };
    EventLogFilter filter { &model };
    QAbstractItemModelTester tester { &filter, QAbstractItemModelTester::FailureReportingMode::QtTest };

    void append(int first, int count)
    {
        trace.append(rows(first, count));
        model.flush();
    }
    int sourceRow(int row) const { return filter.mapToSource(filter.index(row, 0)).row(); }
};
}

class TestEventLogFilter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unfilteredShowsEveryRowAndHoldsNone()
    {
        Log log;
        for (int first = 0; first < 20'000; first += 5'000)
            log.append(first, 5'000);
        QCOMPARE(log.filter.rowCount(), 20'000);
        QCOMPARE(log.filter.heldRows(), 0u);
        for (int row : { 0, 1, 9'999, 19'999 }) {
            QCOMPARE(log.sourceRow(row), row);
            QCOMPARE(log.filter.mapFromSource(log.model.index(row, 3)), log.filter.index(row, 3));
            QCOMPARE(log.filter.index(row, 0).data(EventLogModel::MessageRole).toLongLong(), row);
        }
        QVERIFY(!log.filter.index(20'000, 0).isValid());
    }

    void filtersRowsAsTheyArrive()
    {
        Log log;
        log.append(0, 100);
        log.filter.setCorrelation(QStringLiteral("order-3"));
        QCOMPARE(log.filter.rowCount(), 10);
        QCOMPARE(log.filter.heldRows(), 10u);
        log.append(100, 50);
        QCOMPARE(log.filter.rowCount(), 15);
        for (int row = 0; row < log.filter.rowCount(); ++row) {
            QCOMPARE(log.sourceRow(row), 3 + 10 * row);
            QCOMPARE(
                log.filter.index(row, 0).data(EventLogModel::CorrelationRole).toString(), QStringLiteral("order-3"));
        }
        QVERIFY(!log.filter.mapFromSource(log.model.index(4, 0)).isValid()); // another order's row
        log.filter.setMaxTime(53); // time travel: rows up to 53 µs
        QCOMPARE(log.filter.rowCount(), 6); // 3, 13, …, 53
        log.filter.setText(QStringLiteral("ORDER-3")); // free text, any case
        QCOMPARE(log.filter.rowCount(), 6);
        log.filter.setText(QStringLiteral("nothing like it"));
        QCOMPARE(log.filter.rowCount(), 0);

        log.filter.setText({});
        log.filter.setMaxTime(-1);
        log.filter.setCorrelation({});
        QCOMPARE(log.filter.rowCount(), 150);
        QCOMPARE(log.filter.heldRows(), 0u); // unfiltered again: nothing held
    }

    void aFilterChangeKeepsTheSelectionOnARowStillShown()
    {
        Log log;
        log.append(0, 100);
        const QPersistentModelIndex selected = log.filter.index(42, 2); // order-2's row 42
        const QPersistentModelIndex other = log.filter.index(41, 0);
        log.filter.setCorrelation(QStringLiteral("order-2"));
        QVERIFY(selected.isValid());
        QCOMPARE(selected.row(), 4); // 2, 12, 22, 32, 42
        QCOMPARE(selected.column(), 2);
        QVERIFY2(!other.isValid(), "a row filtered out is no longer selected");
        log.filter.setCorrelation({});
        QCOMPARE(selected.row(), 42);
        QCOMPARE(log.sourceRow(selected.row()), 42);
    }

    void aNewRunEmptiesIt()
    {
        Log log;
        log.append(0, 30);
        log.filter.setCorrelation(QStringLiteral("order-1"));
        log.trace.clear();
        QCOMPARE(log.filter.rowCount(), 0);
        QCOMPARE(log.filter.heldRows(), 0u);
        log.append(0, 30);
        QCOMPARE(log.filter.rowCount(), 3); // the filter still applies
    }
};

QTEST_GUILESS_MAIN(TestEventLogFilter)
#include "tst_eventlogfilter.moc"
