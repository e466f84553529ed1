// Reset Offset… in the Topics and Groups dock, driven through the real window: a group row selected,
// the action triggered, the dialog answered (earliest), and the dock then shows the group's committed
// offsets and lag as a headless engine has them after the same injection.

#include "../core/injectiontext.h"
#include "docktesting.h"
#include "freshrun.h"

#include "faults/faultinjector.h"
#include "models/eventlogmodel.h"
#include "models/topicsmodel.h"
#include "scenario/scenariooverrides.h"
#include "views/offsetresetdialog.h"
#include "views/topicsview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QInputDialog>
#include <QJsonDocument>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
const QString kScenario = QStringLiteral("12-slow-consumer-backpressure");

int countKind(const QAbstractItemModel& model, const QString& kind)
{
    int n = 0;
    for (int r = 0; r < model.rowCount(); ++r)
        n += model.index(r, 0).data(EventLogModel::KindRole).toString() == kind;
    return n;
}

/// Shows `window`, large, failing the test on any error it reports, and opens `file` in it.
bool showWindow(MainWindow& window, const QString& file)
{
    window.setErrorHandler([](const QString& message, const QStringList& details) {
        QFAIL(qPrintable(message + u' ' + details.join(u' ')));
    });
    window.resize(1400, 900);
    window.show();
    return window.openFile(file);
}

}

class TestOffsetResetDock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QSettings().clear();
        chooseWorkbenchLayout(); // the expert docks
    }

    void resetToEarliestFromTheDockShowsTheNewOffsets()
    {
        MainWindow window;
        QVERIFY(showWindow(window, kScenario));
        TopicsView* view = window.topicsView();
        TopicsModel* model = view->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(window.findChild<QDockWidget*>(QStringLiteral("topicsDock"))->isVisible());
        runUntil(window, 10.0);
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "timeLabel"), QStringLiteral("t = 10.000 s"), 30000);

        // The engine, headless, at the same moment, then with the same reset.
        auto sim = freshRun(kScenario, 10 * kSecond);
        const EventBus& bus = sim->bus();
        std::vector<std::uint16_t> analytics; // one consumer group per topic it reads
        for (std::uint16_t g = 0; g < bus.groupCount(); ++g)
            if (sim->log().text(bus.group(g).name) == "analytics")
                analytics.push_back(g);
        QVERIFY(!analytics.empty());
        const auto topicName = [&](std::uint16_t g) {
            return QString::fromStdString(std::string(sim->log().text(bus.topic(bus.group(g).topic).name)));
        };
        // The dock has the slow group behind, as the engine does.
        for (const std::uint16_t g : analytics)
            for (std::int32_t p = 0; p < bus.topic(bus.group(g).topic).partitionCount(); ++p)
                QTRY_COMPARE_WITH_TIMEOUT(model->committed(topicName(g), QStringLiteral("analytics"), p),
                    static_cast<qint64>(bus.group(g).partitions[static_cast<std::size_t>(p)].committed), 5000);
        QVERIFY(model->committed(QStringLiteral("orders.events"), QStringLiteral("analytics"), 0) > 0);

        // Select the group's row: the action and the button name it.
        QVERIFY(!view->resetOffsetAction()->isEnabled());
        const QModelIndex row = groupRow(*model, QStringLiteral("orders.events"), QStringLiteral("analytics"));
        QVERIFY(row.isValid());
        view->tree()->setCurrentIndex(row);
        QVERIFY(view->resetOffsetAction()->isEnabled());
        auto* button = view->findChild<QToolButton*>(QStringLiteral("resetOffsetButton"));
        QVERIFY(button && button->isVisibleTo(view));
        QCOMPARE(button->text(), QStringLiteral("Reset Offset of analytics…"));
        QCOMPARE(view->tree()->contextMenuPolicy(), Qt::CustomContextMenu);

        // The dialog: earliest by default, the current time offered, every topic and partition.
        button->click();
        QTRY_VERIFY(view->resetDialog() && view->resetDialog()->isVisible());
        OffsetResetDialog* dialog = view->resetDialog();
        QCOMPARE(dialog->group(), QStringLiteral("analytics"));
        QCOMPARE(dialog->findChild<QDoubleSpinBox*>(QStringLiteral("resetTime"))->value(), 10.0);
        auto* topics = dialog->findChild<QComboBox*>(QStringLiteral("resetTopic"));
        QCOMPARE(topics->count(), static_cast<int>(analytics.size()) + 1); // "all" and each topic it reads
        QCOMPARE(topics->currentIndex(), 0);
        QVERIFY(dialog->findChild<QRadioButton*>(QStringLiteral("resetEarliest"))->isChecked());
        saveScreenshot(*dialog, QStringLiteral("offset-reset-dialog"));
        // Choosing a topic offers its partitions; a time makes a to=TIME spec.
        topics->setCurrentIndex(1);
        auto* partitions = dialog->findChild<QComboBox*>(QStringLiteral("resetPartition"));
        QCOMPARE(partitions->count(), 1 + bus.topic(bus.group(analytics.front()).topic).partitionCount());
        partitions->setCurrentIndex(2);
        dialog->findChild<QRadioButton*>(QStringLiteral("resetToTime"))->click();
        dialog->findChild<QDoubleSpinBox*>(QStringLiteral("resetTime"))->setValue(2.5);
        QCOMPARE(dialog->spec().text(),
            QStringLiteral("reset-offset,group=analytics,topic=%1,partition=1,to=2500000us").arg(topics->itemText(1)));
        // Back to all of them, from the earliest offset.
        topics->setCurrentIndex(0);
        QVERIFY(!partitions->isEnabled());
        dialog->findChild<QRadioButton*>(QStringLiteral("resetEarliest"))->click();
        QCOMPARE(dialog->spec().text(), QStringLiteral("reset-offset,group=analytics,to=earliest"));

        auto* log = window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
        const int resetsBefore = countKind(*log, QStringLiteral("offset-reset"));
        QCOMPARE(resetsBefore, 0);
        dialog->findChild<QDialogButtonBox*>(QStringLiteral("resetButtons"))->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY(!view->resetDialog());

        // What the worker does with it: at now + 1 µs through the injection queue; the paused run goes there.
        const QString timed = injectiontext::timedNow(QStringLiteral("reset-offset,group=analytics,to=earliest"), *sim);
        QCOMPARE(sim->injectionQueue().enqueue(timed), QString());
        sim->runUntil(sim->now() + 1);
        std::size_t partitionsReset = 0;
        for (const std::uint16_t g : analytics)
            for (std::int32_t p = 0; p < bus.topic(bus.group(g).topic).partitionCount(); ++p) {
                ++partitionsReset;
                const auto& cursor = bus.group(g).partitions[static_cast<std::size_t>(p)];
                QCOMPARE(cursor.committed, std::int64_t(0));
                QTRY_COMPARE_WITH_TIMEOUT(
                    model->committed(topicName(g), QStringLiteral("analytics"), p), qint64(0), 5000);
                QCOMPARE(model->lag(topicName(g), QStringLiteral("analytics"), p), static_cast<qint64>(bus.lag(g, p)));
                QVERIFY(model->lag(topicName(g), QStringLiteral("analytics"), p) > 0); // everything is to read again
            }
        // Traced: the injection and one offset-reset per partition, in the event log.
        QTRY_COMPARE_WITH_TIMEOUT(
            countKind(*log, QStringLiteral("offset-reset")), static_cast<int>(partitionsReset), 5000);
        // The group's row says so too (its committed total is 0).
        QCOMPARE(groupRow(*model, QStringLiteral("orders.events"), QStringLiteral("analytics"))
                     .siblingAtColumn(TopicsModel::Committed)
                     .data(TopicsModel::ValueRole)
                     .toLongLong(),
            qint64(0));
        // For the person looking at the screenshot: the dock on its own, wide enough for every column.
        auto* topicsDock = window.findChild<QDockWidget*>(QStringLiteral("topicsDock"));
        topicsDock->setFloating(true);
        topicsDock->resize(560, 420);
        const QModelIndex analyticsRow = groupRow(*model, QStringLiteral("orders.events"), QStringLiteral("analytics"));
        view->tree()->expand(analyticsRow);
        view->tree()->scrollTo(analyticsRow.parent(), QAbstractItemView::PositionAtTop); // its topic above it
        QCoreApplication::processEvents();
        saveScreenshot(*topicsDock, QStringLiteral("offset-reset-dock"));
    }

    void logStartAndEarliestFollowRetention()
    {
        // Lesson 10 with orders.events kept 3 s, as a file the window opens.
        const QString retention = QStringLiteral("topics.orders.events.retention=3s");
        QFile shipped(ShippedScenarios::resolve(QStringLiteral("10-new-consumer")));
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(shipped.readAll()).object();
        QCOMPARE(applyOverride(root, retention), QString());
        root.remove(QStringLiteral("$schema"));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("10-retention.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(root).toJson());
        file.close();

        MainWindow window;
        QVERIFY(showWindow(window, path));
        TopicsView* view = window.topicsView();
        TopicsModel* model = view->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        runUntil(window, 8.0);
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "timeLabel"), QStringLiteral("t = 8.000 s"), 30000);

        // The dock shows each partition's log start as the engine has it: past 0, below the end.
        auto sim = freshRun(QStringLiteral("10-new-consumer"), 8 * kSecond, { retention });
        const EventBus& bus = sim->bus();
        const std::uint16_t orders = bus.findTopic(sim->log().atoms().find("orders.events"));
        const Topic& topic = bus.topic(orders);
        for (std::int32_t p = 0; p < topic.partitionCount(); ++p) {
            const qint64 start = topic.logStart[static_cast<std::size_t>(p)];
            QVERIFY(start > 0);
            QTRY_COMPARE_WITH_TIMEOUT(model->logStart(QStringLiteral("orders.events"), p), start, 5000);
            QVERIFY(start < static_cast<qint64>(topic.logs[static_cast<std::size_t>(p)].size()));
        }
        QCOMPARE(model->headerData(TopicsModel::LogStart, Qt::Horizontal).toString(), QStringLiteral("Log start"));

        // Reset analytics to the earliest offset from the dock: it lands on the log start, not on 0.
        const QModelIndex row = groupRow(*model, QStringLiteral("orders.events"), QStringLiteral("analytics"));
        QVERIFY(row.isValid());
        view->tree()->setCurrentIndex(row);
        view->findChild<QToolButton*>(QStringLiteral("resetOffsetButton"))->click();
        QTRY_VERIFY(view->resetDialog() && view->resetDialog()->isVisible());
        OffsetResetDialog* dialog = view->resetDialog();
        dialog->findChild<QComboBox*>(QStringLiteral("resetTopic"))->setCurrentText(QStringLiteral("orders.events"));
        dialog->findChild<QRadioButton*>(QStringLiteral("resetEarliest"))->click();
        dialog->findChild<QDialogButtonBox*>(QStringLiteral("resetButtons"))->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY(!view->resetDialog());
        const QString timed = injectiontext::timedNow(
            QStringLiteral("reset-offset,group=analytics,topic=orders.events,to=earliest"), *sim);
        QCOMPARE(sim->injectionQueue().enqueue(timed), QString());
        sim->runUntil(sim->now() + 1);
        std::uint16_t analytics = kNoIndex;
        for (std::uint16_t g = 0; g < bus.groupCount(); ++g)
            if (bus.group(g).topic == orders && sim->log().text(bus.group(g).name) == "analytics")
                analytics = g;
        QVERIFY(analytics != kNoIndex);
        for (std::int32_t p = 0; p < topic.partitionCount(); ++p) {
            const std::int64_t committed = bus.group(analytics).partitions[static_cast<std::size_t>(p)].committed;
            QCOMPARE(committed, topic.logStart[static_cast<std::size_t>(p)]);
            QTRY_COMPARE_WITH_TIMEOUT(model->committed(QStringLiteral("orders.events"), QStringLiteral("analytics"), p),
                static_cast<qint64>(committed), 5000);
        }
    }

    void cancellingInjectsNothing()
    {
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(window.openFile(kScenario));
        TopicsView* view = window.topicsView();
        runUntil(window, 1.0);
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "timeLabel"), QStringLiteral("t = 1.000 s"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(
            groupRow(*view->model(), QStringLiteral("orders.events"), QStringLiteral("analytics")).isValid(), 5000);
        // A topic's own row names no group: nothing to reset.
        view->tree()->setCurrentIndex(view->model()->index(0, 0));
        QVERIFY(!view->resetOffsetAction()->isEnabled());
        const QModelIndex row = groupRow(*view->model(), QStringLiteral("orders.events"), QStringLiteral("analytics"));
        view->tree()->setCurrentIndex(view->model()->index(0, 0, row)); // a partition row of the group
        QVERIFY(view->resetOffsetAction()->isEnabled());
        QSignalSpy requested(view, &TopicsView::resetOffsetRequested);
        view->resetOffsetAction()->trigger();
        QTRY_VERIFY(view->resetDialog());
        view->resetDialog()
            ->findChild<QDialogButtonBox*>(QStringLiteral("resetButtons"))
            ->button(QDialogButtonBox::Cancel)
            ->click();
        QTRY_VERIFY(!view->resetDialog());
        QCOMPARE(requested.count(), 0);
        auto* log = window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
        QCOMPARE(countKind(*log, QStringLiteral("injection")), 0);
    }
};

QTEST_MAIN(TestOffsetResetDock)
#include "tst_offsetresetdock.moc"
