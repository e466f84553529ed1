#include "sim/scheduler.h"

#include <QTest>

using namespace eventloom;

class TestScheduler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void earlierTimeFirst()
    {
        Scheduler s;
        s.push(30, ItemKind::Timer, 3);
        s.push(10, ItemKind::Timer, 1);
        s.push(20, ItemKind::Timer, 2);
        QCOMPARE(s.pop().a, 1u);
        QCOMPARE(s.pop().a, 2u);
        QCOMPARE(s.pop().a, 3u);
        QVERIFY(s.empty());
    }
    void equalTimesRunInSchedulingOrder()
    {
        // The total order's tie-break: many items at one instant come out exactly in push order,
        // however the heap is shaped by items at other times.
        Scheduler s;
        for (std::uint64_t i = 0; i < 1000; ++i) {
            s.push(5, ItemKind::Timer, i);
            s.push(static_cast<SimTime>(1000 - i), ItemKind::Timer, 100000 + i);
        }
        std::uint64_t expectedAtFive = 0;
        SimTime last = -1;
        std::uint64_t lastSeq = 0;
        while (!s.empty()) {
            const ScheduledItem item = s.pop();
            QVERIFY(item.time >= last);
            if (item.time == last)
                QVERIFY(item.seq > lastSeq);
            last = item.time;
            lastSeq = item.seq;
            if (item.time == 5 && item.a < 100000)
                QCOMPARE(item.a, expectedAtFive++);
        }
        QCOMPARE(expectedAtFive, 1000u);
    }
    void nextTimeAndSize()
    {
        Scheduler s;
        s.push(42, ItemKind::Arrival);
        s.push(7, ItemKind::Arrival);
        QCOMPARE(s.size(), std::size_t(2));
        QCOMPARE(s.nextTime(), SimTime(7));
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
