// An imported log's offsets and partitions as they are: a real Kafka log's offsets run into the billions
// and its partitions past 16 bits. The window shows them exactly in the event log, the Inspector, the
// Topics dock (end, committed offset and lag), the bus state and the Dead Letters dock; a record on a
// partition beyond those the Topics dock counts is still shown exactly in the log.

#include "busquery.h"
#include "mainwindow.h"
#include "models/deadlettermodel.h"
#include "models/eventlogfilter.h"
#include "models/eventlogmodel.h"
#include "models/topicsmodel.h"
#include "simulation/simulationcontroller.h"
#include "uitesting.h"
#include "views/deadlettersview.h"
#include "views/inspectorpanel.h"
#include "views/topicsview.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QFile>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
constexpr qint64 kEarlier = 3'000'000'000; // above 2^31
constexpr qint64 kLater = 4'294'967'297; // above 2^32
constexpr qint64 kFar = 2'147'483'648; // 2^31, on a partition the Topics dock does not count
constexpr int kPartition = 40'000; // above 2^15
constexpr qint64 kFarPartition = 2'000'000'000;

QString location(const QAbstractItemModel& log, int row)
{
    return log.index(row, static_cast<int>(EventLogModel::Column::Location)).data().toString();
}
}

class TestImportedOffsets : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        recordRunsInto(m_dir.filePath(QStringLiteral("runs")), "tst_importedoffsets");
        chooseWorkbenchLayout(); // the Topics and Dead Letters docks
    }

    void wideOffsetsAndPartitionsAreShownExactly()
    {
        // Our own JSON Lines: published, delivered (instance 3, second try), committed, a second message
        // dead-lettered, and a third on a partition far beyond the counted ones.
        const QString orders = QStringLiteral(R"("topic":"orders","partition":%1)").arg(kPartition);
        const QString lines
            = QStringLiteral(
                  R"({"kind":"published","t":1000,"id":"o1","type":"OrderPlaced","key":"k1",%1,"offset":%2,"data":{"n":1}})"
                  "\n"
                  R"({"kind":"delivered","t":2000,"eventId":"o1","consumer":"billing#3","group":"billing",%1,"offset":%2,"attempt":2})"
                  "\n"
                  R"({"kind":"committed","t":3000,"service":"billing","group":"billing",%1,"offset":%3})"
                  "\n"
                  R"({"kind":"published","t":4000,"id":"o2","type":"OrderPlaced","key":"k2",%1,"offset":%4,"data":{"n":2}})"
                  "\n"
                  R"({"kind":"dead-lettered","t":5000,"eventId":"o2","group":"billing",%1,"offset":%4,"attempt":7,"detail":"poison"})"
                  "\n")
                  .arg(orders)
                  .arg(kEarlier)
                  .arg(kEarlier + 1)
                  .arg(kLater)
            + QStringLiteral(
                R"({"kind":"published","t":6000,"id":"o3","type":"OrderPlaced","topic":"orders","partition":%1,"offset":%2,"data":{}})"
                "\n")
                  .arg(kFarPartition)
                  .arg(kFar);
        QFile file(m_dir.filePath(QStringLiteral("kafka.jsonl")));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(lines.toUtf8()) > 0 && file.flush());

        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        window.importEventLog(file.fileName());
        auto* controller = window.findChild<SimulationController*>();
        QTRY_VERIFY_WITH_TIMEOUT(controller->isReviewing() && controller->status().finished, 30000);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.details.join(u'\n')));

        // The event log: every record, in order, with its partition and offset as stored.
        auto* view = window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        const QAbstractItemModel& log = *view->model();
        QTRY_COMPARE_WITH_TIMEOUT(log.rowCount(), 6, 10000);
        const QString at = QStringLiteral("orders[%1]@%2").arg(kPartition);
        QCOMPARE(location(log, 0), at.arg(kEarlier));
        QCOMPARE(location(log, 1), at.arg(kEarlier));
        QCOMPARE(log.index(1, static_cast<int>(EventLogModel::Column::Consumer)).data().toString(),
            QStringLiteral("billing#3"));
        QCOMPARE(location(log, 2), at.arg(kEarlier + 1));
        QCOMPARE(location(log, 3), at.arg(kLater));
        QCOMPARE(location(log, 4), at.arg(kLater));
        QCOMPARE(location(log, 5), QStringLiteral("orders[%1]@%2").arg(kFarPartition).arg(kFar));

        // The Inspector: the delivery's message, read from the file, and its try.
        view->setCurrentIndex(log.index(1, 0));
        QTRY_VERIFY_WITH_TIMEOUT(window.inspector()->text().contains(QString::number(kEarlier)), 10000);
        QVERIFY(window.inspector()->text().contains(QString::number(kPartition)));
        QVERIFY(window.inspector()->text().contains(QStringLiteral("try 2")));

        // The bus: the end, the committed offset and the lag on the partition; the far one uncounted.
        const BusState bus = askBus(*controller);
        QCOMPARE(bus.topics.size(), std::size_t { 1 });
        QCOMPARE(bus.topics[0].ends.size(), std::size_t { kPartition + 1 });
        QCOMPARE(bus.topics[0].ends[kPartition], kLater + 1);
        QCOMPARE(bus.groups.size(), std::size_t { 1 });
        QCOMPARE(bus.groups[0].partitions.size(), std::size_t { kPartition + 1 });
        QCOMPARE(bus.groups[0].partitions[kPartition].committed, kEarlier + 1);
        QCOMPARE(bus.groups[0].partitions[kPartition].lag, kLater - kEarlier);
        QCOMPARE(bus.deadLetters.size(), std::size_t { 1 });
        QCOMPARE(bus.deadLetters[0].partition, kPartition);
        QCOMPARE(bus.deadLetters[0].offset, kLater);
        QCOMPARE(bus.deadLetters[0].attempts, 7);

        // The docks that show them.
        window.findChild<QDockWidget*>(QStringLiteral("topicsDock"))->raise();
        TopicsModel* topics = window.topicsView()->model();
        QTRY_COMPARE_WITH_TIMEOUT(
            topics->committed(QStringLiteral("orders"), QStringLiteral("billing"), kPartition), kEarlier + 1, 10000);
        QCOMPARE(topics->lag(QStringLiteral("orders"), QStringLiteral("billing"), kPartition), kLater - kEarlier);
        window.findChild<QDockWidget*>(QStringLiteral("deadLettersDock"))->raise();
        DeadLetterModel* letters = window.deadLettersView()->model();
        QTRY_COMPARE_WITH_TIMEOUT(letters->rowCount(), 1, 10000);
        QCOMPARE(letters->index(0, DeadLetterModel::Offset).data().toString(),
            QStringLiteral("[%1]@%2").arg(kPartition).arg(kLater));
        QCOMPARE(letters->index(0, DeadLetterModel::Attempts).data().toInt(), 7);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.details.join(u'\n')));
    }
};

QTEST_MAIN(TestImportedOffsets)
#include "tst_importedoffsets.moc"
