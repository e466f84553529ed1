// The saga model folds saga trace records into instances and their moves. A batch is applied in a
// few signals (one insertion per instance that moved, one for the new instances), so these tests
// check that a batch gives the same model as the same records one batch each, with every signal
// checked by QAbstractItemModelTester, and that the panel's tables show it.

#include "models/sagamodel.h"
#include "views/sagachart.h"
#include "views/sagapanel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace eventloom;

namespace {
enum : Atom { Empty, Order1, Order2, Order3, Declined, AtomCount };

TraceRow move(SimTime t, Atom order, SagaPhase phase, int step = -1, Atom reason = 0)
{
    TraceRow row;
    row.time = t;
    row.kind = TraceKind::Saga;
    row.phase = phase;
    row.subject = order;
    row.saga = 0;
    row.aux = step;
    row.attempt = 1;
    row.detail = reason;
    return row;
}

/// Three orders' moves interleaved as a run traces them: order 1 compensates, 2 completes, 3 is still running.
std::vector<TraceRow> interleaved()
{
    return {
        move(10, Order1, SagaPhase::Started),
        move(11, Order1, SagaPhase::StepStarted, 0),
        move(12, Order2, SagaPhase::Started),
        move(13, Order1, SagaPhase::StepSucceeded, 0),
        move(14, Order2, SagaPhase::StepStarted, 0),
        move(15, Order1, SagaPhase::StepStarted, 1),
        move(16, Order2, SagaPhase::StepSucceeded, 0),
        move(17, Order1, SagaPhase::StepFailed, 1, Declined),
        move(18, Order1, SagaPhase::CompensationStarted, 0),
        move(19, Order3, SagaPhase::Started),
        move(20, Order2, SagaPhase::StepStarted, 1),
        move(21, Order1, SagaPhase::CompensationSucceeded, 0),
        move(22, Order1, SagaPhase::Compensated),
        move(23, Order2, SagaPhase::StepSucceeded, 1),
        move(24, Order2, SagaPhase::Completed),
        move(25, Order3, SagaPhase::StepStarted, 0),
    };
}

TraceBatch batchOf(std::vector<TraceRow> rows, bool withAtoms)
{
    TraceBatch batch;
    if (withAtoms)
        for (const char* text : { "", "order-1", "order-2", "order-3", "card declined" })
            batch.atoms.push_back(QString::fromLatin1(text));
    batch.rows = std::move(rows);
    return batch;
}

SagaDefinition definition()
{
    SagaDefinition d;
    d.id = "order-fulfilment";
    d.steps.resize(2);
    d.steps[0].id = "reserve-stock";
    d.steps[1].id = "charge-payment";
    return d;
}

/// Every instance with its status and moves, as text, to compare two models.
QStringList dump(const SagaModel& model)
{
    QStringList lines;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex instance = model.index(row, 0);
        QString line
            = model.data(instance).toString() + u' ' + model.data(instance, SagaModel::StatusRole).toString() + u':';
        for (int m = 0; m < model.rowCount(instance); ++m) {
            const QModelIndex mv = model.index(m, 0, instance);
            line += u' ' + model.data(mv, SagaModel::PhaseRole).toString() + u'/'
                + model.data(mv, SagaModel::StepRole).toString() + u'@'
                + QString::number(model.data(mv, SagaModel::TimeRole).toLongLong());
        }
        lines << line;
    }
    return lines;
}
}

class TestSagaModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneBatchEqualsOneRecordAtATime()
    {
        RunTrace batchedTrace, singleTrace;
        SagaModel batched(&batchedTrace), single(&singleTrace);
        QAbstractItemModelTester batchedTester(&batched, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester singleTester(&single, QAbstractItemModelTester::FailureReportingMode::QtTest);
        batched.setDefinitions({ definition() });
        single.setDefinitions({ definition() });

        // The first half in one batch, the rest in a second one: instances both new and moving again.
        const std::vector<TraceRow> rows = interleaved();
        const std::vector<TraceRow> firstHalf(rows.begin(), rows.begin() + 9), secondHalf(rows.begin() + 9, rows.end());
        QSignalSpy inserted(&batched, &QAbstractItemModel::rowsInserted);
        batchedTrace.append(batchOf(firstHalf, true));
        QCOMPARE(inserted.size(), 1); // two new instances with their moves, in one insertion
        inserted.clear();
        batchedTrace.append(batchOf(secondHalf, false));
        QCOMPARE(inserted.size(), 3); // order 1's and order 2's new moves, then the new order 3
        for (std::size_t i = 0; i < rows.size(); ++i)
            singleTrace.append(batchOf({ rows[i] }, i == 0));

        QCOMPARE(dump(batched), dump(single));
        QCOMPARE(dump(batched),
            QStringList({
                QStringLiteral(
                    "order-1 compensated: started/@10 step-started/reserve-stock@11 step-succeeded/reserve-stock@13 "
                    "step-started/charge-payment@15 step-failed/charge-payment@17 "
                    "compensation-started/reserve-stock@18 "
                    "compensation-succeeded/reserve-stock@21 compensated/@22"),
                QStringLiteral(
                    "order-2 completed: started/@12 step-started/reserve-stock@14 step-succeeded/reserve-stock@16 "
                    "step-started/charge-payment@20 step-succeeded/charge-payment@23 completed/@24"),
                QStringLiteral("order-3 running: started/@19 step-started/reserve-stock@25"),
            }));
        QCOMPARE(batched.index(0, static_cast<int>(SagaModel::Column::Reason)).data().toString(),
            QStringLiteral("card declined"));
    }

    void changedInstancesAreAnnounced()
    {
        RunTrace trace;
        SagaModel model(&trace);
        model.setDefinitions({ definition() });
        const std::vector<TraceRow> rows = interleaved();
        trace.append(batchOf({ rows.begin(), rows.begin() + 13 }, true));
        QSignalSpy changed(&model, &SagaModel::instanceChanged);
        QSignalSpy data(&model, &QAbstractItemModel::dataChanged);
        trace.append(batchOf({ rows.begin() + 13, rows.end() }, false)); // order 2 moves twice, order 3 once
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).toInt(), 1);
        QCOMPARE(changed.at(1).at(0).toInt(), 2);
        QCOMPARE(data.size(), 1);
        QCOMPARE(data.front().at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(data.front().at(1).value<QModelIndex>().row(), 2);
    }

    // Time travel: the model shows the sagas as they were — those started by then, their moves up to
    // then, and their state folded from those moves.
    void showsThePastWhenTimeTravelling()
    {
        RunTrace trace;
        SagaModel model(&trace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDefinitions({ definition() });
        trace.append(batchOf(interleaved(), true));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setViewTime(16);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.instanceCount(), 2); // order-3 started at 19
        QCOMPARE(model.rowCount(model.index(0, 0)), 4); // order-1's moves at 10, 11, 13, 15
        QCOMPARE(model.rowCount(model.index(1, 0)), 3); // order-2's at 12, 14, 16
        QCOMPARE(model.index(0, 0).data(SagaModel::StatusRole).toString(), QStringLiteral("running"));
        QCOMPARE(model.index(0, static_cast<int>(SagaModel::Column::Step)).data().toString(),
            QStringLiteral("charge-payment"));
        QCOMPARE(model.instanceShown(0).moves.size(), 4u);
        QCOMPARE(model.instanceShown(0).state.status, SagaInstance::Status::Running);
        // What arrives meanwhile happened later: nothing new is shown, and the tester sees no change.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        trace.append(batchOf({ move(30, Order2, SagaPhase::Stuck) }, false));
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(model.rowCount(model.index(1, 0)), 3);
        // Back to the present: everything, with the states as they are.
        model.setViewTime(-1);
        QCOMPARE(model.instanceCount(), 3);
        QCOMPARE(model.index(0, 0).data(SagaModel::StatusRole).toString(), QStringLiteral("compensated"));
        QCOMPARE(model.index(1, 0).data(SagaModel::StatusRole).toString(), QStringLiteral("stuck"));
        QCOMPARE(model.rowCount(model.index(1, 0)), 7);
    }

    void panelShowsTheSelectedInstancesMoves()
    {
        RunTrace trace;
        SagaModel model(&trace);
        model.setDefinitions({ definition() });
        trace.append(batchOf(interleaved(), true));
        SagaPanel panel(&model);
        panel.resize(900, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.instancesView()->model()->rowCount(), 3);
        panel.selectInstance(1);
        QCOMPARE(panel.selectedInstance(), 1);
        QCOMPARE(panel.chart()->instance(), 1);
        QVERIFY(panel.movesView()->isVisible());
        const QModelIndex root = panel.movesView()->rootIndex();
        QCOMPARE(model.rowCount(root), 6);
        QCOMPARE(model.index(5, 0, root).data(SagaModel::PhaseRole).toString(), QStringLiteral("completed"));
        // New moves of the selected instance appear in its table.
        trace.append(batchOf({ move(30, Order2, SagaPhase::Stuck) }, false));
        QCOMPARE(panel.movesView()->model()->rowCount(panel.movesView()->rootIndex()), 7);
        QSignalSpy follow(&panel, &SagaPanel::followRequested);
        const QModelIndex third = model.index(2, 0);
        const QPoint at = panel.instancesView()->visualRect(third).center();
        QTest::mouseClick(panel.instancesView()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(panel.selectedInstance(), 2); // a click selects
        QTest::mouseDClick(panel.instancesView()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(follow.size(), 1);
        QCOMPARE(follow.front().at(0).toString(), QStringLiteral("order-3"));
        // Nothing selected: a hint instead of the moves table (whose root would be the instances again).
        panel.selectInstance(-1);
        QCOMPARE(panel.chart()->instance(), -1);
        QVERIFY(!panel.movesView()->isVisible());
    }
};

QTEST_MAIN(TestSagaModel)
#include "tst_sagamodel.moc"
