#include "models/eventlogmodel.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"
#include "simulation/batchingobserver.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace eventloom;
using Column = EventLogModel::Column;

namespace {
enum : Atom { Empty, Orders, OrderCreated, Key, Inventory, Group, PlaceOrder, OrderService, Reason, AtomCount };

TraceBatch handMadeBatch()
{
    TraceBatch batch;
    batch.firstAtom = 0;
    for (const char* text : { "", "orders.events", "OrderCreated", "order-1", "inventory", "inventory-group",
             "PlaceOrder", "order", "out of stock" })
        batch.atoms.push_back(QString::fromLatin1(text));

    TraceRow command;
    command.time = 1'500;
    command.kind = TraceKind::CommandSent;
    command.message = 0;
    command.type = PlaceOrder;
    command.key = Key;
    command.correlation = Key;
    command.topic = OrderService;
    command.service = OrderService;
    command.command = true;

    TraceRow published;
    published.time = 2'000'001;
    published.kind = TraceKind::Published;
    published.message = 1;
    published.type = OrderCreated;
    published.key = Key;
    published.correlation = Key;
    published.topic = Orders;
    published.partition = 2;
    published.offset = 17;

    TraceRow failed = published;
    failed.time = 2'004'000;
    failed.kind = TraceKind::Handled;
    failed.outcome = HandleOutcome::Failed;
    failed.detail = Reason;
    failed.service = Inventory;
    failed.instance = 1;
    failed.group = Group;

    batch.rows = { command, published, failed };
    return batch;
}

QString text(const EventLogModel& model, int row, Column column)
{
    return model.index(row, static_cast<int>(column)).data().toString();
}
}

class TestEventLogModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsRowsAsText()
    {
        RunTrace trace;
        EventLogModel model(&trace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        trace.append(handMadeBatch());
        QCOMPARE(inserted.size(), 1); // one insertion per batch, however many rows
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), static_cast<int>(Column::Count));

        QCOMPARE(text(model, 0, Column::Time), QStringLiteral("0.001500"));
        QCOMPARE(text(model, 0, Column::Kind), QStringLiteral("command"));
        QCOMPARE(text(model, 0, Column::Type), QStringLiteral("PlaceOrder"));
        QCOMPARE(text(model, 0, Column::Location), QStringLiteral("→ order"));
        QCOMPARE(text(model, 0, Column::Consumer), QString());

        QCOMPARE(text(model, 1, Column::Time), QStringLiteral("2.000001"));
        QCOMPARE(text(model, 1, Column::Location), QStringLiteral("orders.events[2]@17"));
        QCOMPARE(text(model, 1, Column::Key), QStringLiteral("order-1"));
        QCOMPARE(text(model, 1, Column::Correlation), QStringLiteral("order-1"));

        QCOMPARE(text(model, 2, Column::Consumer), QStringLiteral("inventory#1"));
        QCOMPARE(text(model, 2, Column::Outcome), QStringLiteral("failed: out of stock"));
        const QModelIndex consumer = model.index(2, static_cast<int>(Column::Consumer));
        QVERIFY(consumer.data(Qt::ToolTipRole).toString().contains(QLatin1String("inventory-group")));

        const QModelIndex any = model.index(2, 0);
        QCOMPARE(any.data(EventLogModel::TimeRole).toLongLong(), 2'004'000);
        QCOMPARE(any.data(EventLogModel::KindRole).toString(), QStringLiteral("handled"));
        QCOMPARE(any.data(EventLogModel::MessageRole).toLongLong(), 1);
        QCOMPARE(any.data(EventLogModel::CorrelationRole).toString(), QStringLiteral("order-1"));
        QCOMPARE(any.data(EventLogModel::OutcomeRole).toString(), QStringLiteral("failed"));
        QCOMPARE(static_cast<int>(EventLogModel::TimeRole), static_cast<int>(Qt::UserRole));
    }

    void atomsMayArriveBeforeTheirRows()
    {
        RunTrace trace;
        EventLogModel model(&trace);
        TraceBatch all = handMadeBatch();
        TraceBatch first;
        first.atoms.assign(all.atoms.begin(), all.atoms.begin() + 4);
        TraceBatch second;
        second.firstAtom = 4;
        second.atoms.assign(all.atoms.begin() + 4, all.atoms.end());
        second.rows = all.rows;
        trace.append(first);
        QCOMPARE(model.rowCount(), 0);
        trace.append(second);
        QCOMPARE(text(model, 2, Column::Consumer), QStringLiteral("inventory#1"));
    }

    void clearForgetsEverything()
    {
        RunTrace trace;
        EventLogModel model(&trace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        trace.append(handMadeBatch());
        trace.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.atomText(Orders), QString());
    }

    // A view pays a fixed price per insertion, so batches that follow each other closely are shown
    // together, at most every kFlushMs; after a quiet spell a batch shows at once.
    void closeBatchesShowTogether()
    {
        RunTrace trace;
        EventLogModel model(&trace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        trace.append(handMadeBatch());
        QCOMPARE(model.rowCount(), 3);
        TraceBatch more = handMadeBatch();
        more.atoms.clear();
        trace.append(more);
        trace.append(more);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.pendingRows(), 6u);
        QCOMPARE(inserted.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 9, 2000);
        QCOMPARE(inserted.size(), 2);
        // flush() shows what waits at once (the window does it when the run pauses or ends).
        trace.append(more);
        QCOMPARE(model.pendingRows(), 3u);
        model.flush();
        QCOMPARE(model.rowCount(), 12);
        QCOMPARE(text(model, 11, Column::Outcome), text(model, 2, Column::Outcome));
        // Quiet for longer than a period: the next batch shows at once.
        QVERIFY(model.holdsRowsBack());
        QTRY_VERIFY_WITH_TIMEOUT(!model.holdsRowsBack(), 10 * EventLogModel::kFlushMs);
        trace.append(more);
        QCOMPARE(model.rowCount(), 15);
        QCOMPARE(model.pendingRows(), 0u);
    }

    // The observer and the model together, on a real run fed in slices as the worker does.
    void followsARealRun()
    {
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("01-pubsub-fanout")));
        QVERIFY(loaded.ok());
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        QCOMPARE(sim->counters().records, 0u); // building traces nothing: the first step starts the run
        BatchingObserver observer(*sim);
        sim->addObserver(&observer);
        RunTrace trace;
        EventLogModel model(&trace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        int batches = 0;
        while (!sim->idle()) {
            for (int i = 0; i < 500 && sim->step(); ++i) { }
            trace.append(observer.takeBatch(*sim, RunStatus()));
            ++batches;
        }
        sim->removeObserver(&observer);
        QVERIFY(batches > 2);
        // The first batch showed at once; the ones right after it wait for the next refresh, then come
        // in one insertion.
        QVERIFY(model.pendingRows() > 0);
        QCOMPARE(model.rowCount() + model.pendingRows(), sim->counters().records);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QTRY_COMPARE_WITH_TIMEOUT(static_cast<std::uint64_t>(model.rowCount()), sim->counters().records,
            2000); // every record, rebalances included
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.pendingRows(), 0u);

        std::uint64_t published = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, 0);
            if (index.data(EventLogModel::KindRole).toString() == QLatin1String("published")) {
                ++published;
                QCOMPARE(text(model, row, Column::Type), QStringLiteral("OrderCreated"));
                QVERIFY(text(model, row, Column::Location).startsWith(QLatin1String("orders.events[")));
                QVERIFY(!text(model, row, Column::Correlation).isEmpty());
            }
            if (index.data(EventLogModel::KindRole).toString() == QLatin1String("delivered"))
                QVERIFY(!text(model, row, Column::Consumer).isEmpty());
        }
        QCOMPARE(published, sim->counters().events);
    }
};

QTEST_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
