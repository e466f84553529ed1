// The Breakpoints dock, driven through the real window: a breakpoint on a consumer pauses the run before
// its deliveries and the run stands still; the held deliveries are decided on by hand, in a chosen order,
// with the dock's own buttons and keys; the event log shows that order; and the recorded run file replays
// to the same fingerprint (so does the scenario re-run with the recorded injections).

#include "uitesting.h"

#include "faults/faultinjector.h"
#include "mainwindow.h"
#include "models/eventlogmodel.h"
#include "models/pendingdeliverymodel.h"
#include "playbackspeed.h"
#include "record/runarchive.h"
#include "record/runfile.h"
#include "record/runreplay.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/fingerprint.h"
#include "sim/simulation.h"
#include "simulation/simulationcontroller.h"
#include "views/breakpointsview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
QDockWidget* dock(const MainWindow& window, const char* name)
{
    return window.findChild<QDockWidget*>(QLatin1String(name));
}

QAbstractItemModel* logModel(const MainWindow& window)
{
    return window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
}

QListWidgetItem* consumerItem(const BreakpointsView& view, const QString& text)
{
    const auto found = view.consumers()->findItems(text, Qt::MatchExactly);
    return found.isEmpty() ? nullptr : found.front();
}

/// Row of the first log record at or after `from` deciding on `d`: a delivery, drop, duplicate or delay
/// of its topic[partition]@offset to its group; -1 if none.
int decisionRow(const QAbstractItemModel& log, int from, const PendingDeliveryInfo& d, QString* kind = nullptr)
{
    using Column = EventLogModel::Column;
    const QString location = QStringLiteral("%1[%2]@%3").arg(d.topic).arg(d.partition).arg(d.offset);
    const QString group = QStringLiteral("Consumer group: %1").arg(d.group);
    static const QStringList kinds { QStringLiteral("delivered"), QStringLiteral("dropped"),
        QStringLiteral("duplicated"), QStringLiteral("delayed") };
    for (int r = from; r < log.rowCount(); ++r) {
        const QString k = log.index(r, 0).data(EventLogModel::KindRole).toString();
        if (kinds.contains(k) && log.index(r, static_cast<int>(Column::Location)).data().toString() == location
            && log.index(r, static_cast<int>(Column::Consumer)).data(Qt::ToolTipRole).toString() == group) {
            if (kind)
                *kind = k;
            return r;
        }
    }
    return -1;
}

int rowOf(const PendingDeliveryModel& model, std::uint64_t id)
{
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.at(r).id == id)
            return r;
    return -1;
}

/// Selects the pending delivery `id` in the dock's table, as a click on its row does.
void select(BreakpointsView& view, std::uint64_t id)
{
    const int row = rowOf(*view.model(), id);
    QVERIFY(row >= 0);
    view.table()->setFocus();
    view.table()->selectionModel()->setCurrentIndex(
        view.model()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QToolButton* button(const BreakpointsView& view, const char* name)
{
    auto* b = view.findChild<QToolButton*>(QLatin1String(name));
    if (!b)
        qFatal("no button %s", name);
    return b;
}
}

class TestBreakpoints : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QSettings().clear();
        chooseWorkbenchLayout(); // the expert docks
    }

    void aHandChosenOrderShowsInTheLogAndReplays()
    {
        QTemporaryDir archiveDir;
        QVERIFY(archiveDir.isValid());
        {
            QSettings settings;
            RunArchive::Settings archive;
            archive.directory = archiveDir.path();
            RunArchive::save(settings, archive);
        }
        MainWindow window;
        window.setErrorHandler([](const QString& message, const QStringList& details) {
            QFAIL(qPrintable(message + u' ' + details.join(u' ')));
        });
        window.resize(1400, 900);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));
        QDockWidget* breakDock = dock(window, "breakpointsDock");
        QVERIFY(breakDock);
        QCOMPARE(breakDock->windowTitle(), QStringLiteral("Breakpoints"));
        QVERIFY(window.tabifiedDockWidgets(dock(window, "faultsDock")).contains(breakDock));
        QTRY_VERIFY(dock(window, "faultsDock")->isVisible());
        breakDock->raise();
        QTRY_VERIFY(breakDock->isVisible());
        BreakpointsView* view = window.breakpointsView();
        PendingDeliveryModel* pending = view->model();
        QAbstractItemModelTester tester(pending, QAbstractItemModelTester::FailureReportingMode::QtTest);

        // The consumers to choose from: every service that subscribes, after "All consumers".
        QCOMPARE(view->consumers()->count(), 4);
        QCOMPARE(view->consumers()->item(0)->text(), QStringLiteral("All consumers"));
        QVERIFY(consumerItem(*view, QStringLiteral("notification")));
        QVERIFY(!consumerItem(*view, QStringLiteral("order"))); // publishes only: nothing is delivered to it

        // A breakpoint on one consumer, then play flat out: the run stops before its first delivery.
        consumerItem(*view, QStringLiteral("notification"))->setCheckState(Qt::Checked);
        auto* speed = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
        speed->setCurrentIndex(speed->findData(PlaybackSpeed::kMax));
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(pending->rowCount(), 1, 10000);
        QCOMPARE(pending->at(0).group, QStringLiteral("notification"));
        QCOMPARE(pending->at(0).type, QStringLiteral("OrderCreated"));
        QCOMPARE(pending->at(0).topic, QStringLiteral("orders.events"));
        QTRY_COMPARE(
            window.statusBar()->currentMessage(), QStringLiteral("Paused at a breakpoint: 1 delivery waiting"));
        // The window shows the time the delivery has waited since as soon as it says it waits (the batch
        // that brought the run there is shown before the news: it used to arrive a frame later).
        const QString heldAt
            = QStringLiteral("t = %1 s").arg(static_cast<double>(pending->at(0).since) / kSecond, 0, 'f', 3);
        QCOMPARE(labelText(window, "timeLabel"), heldAt);
        // Playing, yet simulated time stands still while the delivery waits: the engine looks again every
        // 50 ms and sends its status each time; after three looks nothing has moved.
        QVERIFY(action(window, "actionPlay")->isChecked());
        auto* controller = window.findChild<SimulationController*>();
        QVERIFY(caughtUp(*controller));
        const QString eventsAt = labelText(window, "eventsLabel");
        QSignalSpy looks(controller, &SimulationController::batchArrived);
        QTRY_VERIFY_WITH_TIMEOUT(looks.size() >= 3, 10000);
        QVERIFY(caughtUp(*controller));
        QCOMPARE(labelText(window, "timeLabel"), heldAt);
        QCOMPARE(labelText(window, "eventsLabel"), eventsAt);
        QCOMPARE(controller->status().now, pending->at(0).since);
        QCOMPARE(pending->rowCount(), 1);
        // Step and Run Until could not move either: they are off, and say why.
        QVERIFY(!action(window, "actionStep")->isEnabled());
        QVERIFY(!action(window, "actionRunUntil")->isEnabled());
        QVERIFY(action(window, "actionStep")->toolTip().contains(QStringLiteral("Breakpoints dock")));

        // Now every consumer (done at the pause), and Return delivers the held one: the run goes on to
        // the next delivery due, to any consumer.
        view->consumers()->item(0)->setCheckState(Qt::Checked);
        QVERIFY(view->hasBreakpoint(QStringLiteral("notification")));
        QVERIFY(!(consumerItem(*view, QStringLiteral("inventory"))->flags() & Qt::ItemIsEnabled)); // covered by "all"
        const PendingDeliveryInfo firstHeld = pending->at(0);
        select(*view, firstHeld.id);
        QVERIFY(view->deliverAction()->isEnabled());
        QTest::keyClick(view->table(), Qt::Key_Return);
        const auto describe = [&]() -> QString {
            QStringList rows;
            for (const PendingDeliveryInfo& d : pending->deliveries())
                rows << QStringLiteral("%1 %2[%3]@%4").arg(d.group, d.topic).arg(d.partition).arg(d.offset);
            return rows.join(QStringLiteral("; ")) + QStringLiteral(" | ") + window.statusBar()->currentMessage();
        };
        QTRY_VERIFY2_WITH_TIMEOUT(
            pending->rowCount() >= 1 && rowOf(*pending, firstHeld.id) < 0, qPrintable(describe()), 10000);
        QTRY_VERIFY(decisionRow(*logModel(window), 0, firstHeld) >= 0);
        // Where a consumer is still busy with the previous event only the others wait: Return on each
        // until a pause where several consumers wait together.
        for (int pauses = 0; pending->rowCount() < 2; ++pauses) {
            QVERIFY2(pauses < 20, qPrintable(describe()));
            const std::uint64_t only = pending->at(0).id;
            QTRY_VERIFY(view->table()->selectionModel()->isRowSelected(0)); // the next one is selected by itself
            QTest::keyClick(view->table(), Qt::Key_Return);
            QTRY_VERIFY2_WITH_TIMEOUT(
                pending->rowCount() >= 1 && rowOf(*pending, only) < 0, qPrintable(describe()), 10000);
        }
        QTRY_COMPARE(window.statusBar()->currentMessage(),
            QStringLiteral("Paused at a breakpoint: %1 deliveries waiting").arg(pending->rowCount()));
        view->delayBox()->setValue(40);
        view->table()->resizeColumnsToContents();
        saveScreenshot(*breakDock, QStringLiteral("breakpoints-dock"));
        saveScreenshot(window, QStringLiteral("breakpoints"));

        // The hand-chosen order: the second first (Deliver), then the first (Drop), then the rest
        // (Duplicate, then Delay with the spin box's 40 ms), each with the dock's buttons.
        const PendingDeliveries held = pending->deliveries();
        std::vector<std::pair<PendingDeliveryInfo, QString>> order { { held[1], QStringLiteral("delivered") },
            { held[0], QStringLiteral("dropped") } };
        for (qsizetype i = 2; i < held.size(); ++i)
            order.emplace_back(held[i], i == 2 ? QStringLiteral("duplicated") : QStringLiteral("delayed"));
        const int logBefore = logModel(window)->rowCount();
        const char* buttons[]
            = { "actionDeliverButton", "actionDropButton", "actionDuplicateButton", "actionDelayButton" };
        for (std::size_t i = 0; i < order.size(); ++i) {
            select(*view, order[i].first.id);
            QTest::mouseClick(button(*view, buttons[std::min<std::size_t>(i, 3)]), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(rowOf(*pending, order[i].first.id) < 0, 10000);
        }
        // The log shows them in that order, each as chosen.
        int previous = -1;
        for (const auto& [d, expected] : order) {
            QString kind;
            int row = -1;
            QTRY_VERIFY_WITH_TIMEOUT((row = decisionRow(*logModel(window), logBefore, d, &kind)) >= 0, 5000);
            QCOMPARE(kind, expected);
            QVERIFY2(row > previous,
                qPrintable(QStringLiteral("%1 at row %2, after %3").arg(d.group).arg(row).arg(previous)));
            previous = row;
        }
        // Each decision is an injection in the log, just before what it decided.
        int resolves = 0;
        for (int r = logBefore; r < logModel(window)->rowCount(); ++r)
            if (logModel(window)
                    ->index(r, static_cast<int>(EventLogModel::Column::Outcome))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("resolve@")))
                ++resolves;
        QVERIFY(resolves >= static_cast<int>(order.size()));

        // No breakpoint any more ("All consumers" off ends every one), what still waits is delivered,
        // and the run plays to its end.
        view->consumers()->item(0)->setCheckState(Qt::Unchecked);
        QVERIFY(!view->hasBreakpoint(QStringLiteral("notification")));
        // What waits is known only once the engine has taken the last breakpoint away: until then it may
        // still hold the next delivery, which the window would learn of after seeing none wait (the run
        // then stood still for good, waiting for a decision nobody was going to make).
        QVERIFY(caughtUp(*controller));
        QVERIFY(pending->rowCount() == 0 || view->deliverAllAction()->isEnabled());
        if (pending->rowCount() > 0)
            QTest::mouseClick(button(*view, "actionDeliverAllButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(pending->rowCount(), 0, 5000);
        window.play(); // a no-op if still playing; plays on if the run was left paused
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        QVERIFY(!window.statusBar()->currentMessage().startsWith(QStringLiteral("Paused at a breakpoint")));
        const QString shown = labelText(window, "fingerprintLabel").section(u' ', 1);

        // The run file the window recorded replays record for record, to the fingerprint shown.
        const QStringList files = QDir(archiveDir.path()).entryList({ QStringLiteral("*.sqlite") }, QDir::Files);
        QCOMPARE(files.size(), 1);
        RunFile run;
        QString error;
        QVERIFY2(run.open(archiveDir.filePath(files.front()), error), qPrintable(error));
        QVERIFY(run.finished());
        QVERIFY(run.injections().size() >= order.size() + 4);
        const RunReplay::Result replay = RunReplay::replay(run, true);
        QVERIFY2(replay.ok, qPrintable(replay.error));
        QVERIFY2(replay.matches,
            qPrintable(QStringLiteral("record %1: %2 / %3")
                           .arg(replay.divergedAt)
                           .arg(replay.recordedRecord, replay.replayedRecord)));
        QCOMPARE(replay.recordedFingerprint, shown);
        QCOMPARE(replay.replayedFingerprint, shown);

        // So does the scenario re-run headless with the injections the file recorded (as `--inject` would).
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("01-pubsub-fanout")));
        QVERIFY(loaded.ok());
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        for (const RecordedInjection& injection : run.injections()) {
            const auto spec = InjectionSpec::parse(injection.spec, error);
            QVERIFY2(spec, qPrintable(error));
            QCOMPARE(FaultInjector::schedule(*spec, *sim), QString());
        }
        sim->runToQuiescence();
        sim->finish();
        QCOMPARE(QString::fromStdString(Fingerprint::format(sim->fingerprint())), shown);
    }

    void theModelKeepsWaitingRowsInPlace()
    {
        PendingDeliveryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto delivery = [](std::uint64_t id, const char* group, std::int64_t offset) {
            PendingDeliveryInfo d;
            d.id = id;
            d.topic = QStringLiteral("orders.events");
            d.group = QLatin1String(group);
            d.service = QLatin1String(group);
            d.consumer = QLatin1String(group) + QStringLiteral("#0");
            d.partition = 1;
            d.offset = offset;
            d.seq = static_cast<std::uint32_t>(10 + id);
            d.type = QStringLiteral("OrderCreated");
            d.key = QStringLiteral("order-%1").arg(id);
            d.since = 1500 * kMillisecond;
            return d;
        };
        model.setDeliveries(
            { delivery(1, "inventory", 4), delivery(2, "notification", 4), delivery(3, "analytics", 4) });
        QCOMPARE(model.rowCount(), 3);
        QPersistentModelIndex second(model.index(1, 0));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        // The first decided, a new one held: the others keep their rows, the new one comes last.
        model.setDeliveries(
            { delivery(2, "notification", 4), delivery(3, "analytics", 4), delivery(4, "inventory", 5) });
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QVERIFY(second.isValid());
        QCOMPARE(second.row(), 0);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(
            model.index(2, PendingDeliveryModel::Location).data().toString(), QStringLiteral("orders.events[1]@5"));
        QCOMPARE(model.index(0, PendingDeliveryModel::Consumer).data().toString(), QStringLiteral("notification#0"));
        QCOMPARE(model.index(0, PendingDeliveryModel::Since).data().toString(), QStringLiteral("1.500000"));
        QCOMPARE(model.index(1, PendingDeliveryModel::Key).data().toString(), QStringLiteral("order-3"));
        QCOMPARE(model.index(1, 0).data(PendingDeliveryModel::IdRole).toULongLong(), 3ull);
        // Rows of a group named apart from its service say so.
        PendingDeliveryInfo other = delivery(5, "audit", 6);
        other.service = QStringLiteral("analytics");
        other.consumer = QStringLiteral("analytics#1");
        model.setDeliveries({ delivery(3, "analytics", 4), other });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(
            model.index(1, PendingDeliveryModel::Consumer).data().toString(), QStringLiteral("analytics#1 (audit)"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void theDockIsInTheViewMenuAndANewRunHasNoBreakpoint()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));
        QMenu* viewMenu = nullptr;
        for (QAction* a : window.menuBar()->actions())
            if (a->text() == QStringLiteral("&View"))
                viewMenu = a->menu();
        QVERIFY(viewMenu);
        QVERIFY(viewMenu->actions().contains(dock(window, "breakpointsDock")->toggleViewAction()));
        BreakpointsView* view = window.breakpointsView();
        QVERIFY(!view->deliverAllAction()->isEnabled());
        QVERIFY(!view->deliverAction()->isEnabled());
        consumerItem(*view, QStringLiteral("analytics"))->setCheckState(Qt::Checked);
        QVERIFY(view->hasBreakpoint(QStringLiteral("analytics")));
        action(window, "actionReset")->trigger();
        QTRY_VERIFY(!view->hasBreakpoint(QStringLiteral("analytics")));
        QCOMPARE(view->model()->rowCount(), 0);
    }
};

QTEST_MAIN(TestBreakpoints)
#include "tst_breakpoints.moc"
