#include "base/randomstream.h"
#include "base/scheduler.h"

#include <QTest>
#include <iterator>
#include <set>

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
    void aCancelledItemNeverRuns()
    {
        Scheduler s;
        const std::uint64_t first = s.push(10, ItemKind::Timer, 1);
        const std::uint64_t middle = s.push(20, ItemKind::Timer, 2);
        s.push(30, ItemKind::Timer, 3);
        s.cancel(middle);
        QCOMPARE(s.nextTime(), SimTime(10));
        // Cancelling the first item uncovers the next one at once: nextTime() and empty() never see a dead one.
        s.cancel(first);
        QCOMPARE(s.nextTime(), SimTime(30));
        QCOMPARE(s.nextSeq(), middle + 1);
        s.cancel(first); // twice: nothing more
        s.cancel(1000); // never issued: nothing
        QCOMPARE(s.pop().a, 3u);
        QVERIFY(s.empty());
        // The last item cancelled: the scheduler is empty, so a run ends at its last real event.
        const std::uint64_t only = s.push(40, ItemKind::Timer, 4);
        s.cancel(only);
        QVERIFY(s.empty());
    }
    void cancellingKeepsTheOrderOfTheRest()
    {
        Scheduler s;
        std::vector<std::uint64_t> seqs;
        for (std::uint64_t i = 0; i < 500; ++i)
            seqs.push_back(s.push(static_cast<SimTime>((i * 7919) % 101), ItemKind::Timer, i));
        for (std::uint64_t i = 0; i < 500; i += 3)
            s.cancel(seqs[i]);
        SimTime last = -1;
        std::uint64_t lastSeq = 0;
        int popped = 0;
        while (!s.empty()) {
            const ScheduledItem item = s.pop();
            QVERIFY2(item.a % 3 != 0, "a cancelled item ran");
            QVERIFY(item.time > last || (item.time == last && item.seq > lastSeq));
            last = item.time;
            lastSeq = item.seq;
            ++popped;
        }
        QCOMPARE(popped, 500 - 167);
    }
    void popsAsASortedRecomputation()
    {
        // Pushes, pops and cancels interleaved at random: every pop is the least (time, seq) of the
        // items pushed and neither popped nor cancelled, as a sorted set recomputes it.
        Scheduler s;
        std::set<std::pair<SimTime, std::uint64_t>> pending;
        RandomStream random(22);
        for (int step = 0; step < 20000; ++step) {
            const auto action = random.uniformInt(0, 9);
            if (action < 5 || pending.empty()) {
                const SimTime t = random.uniformInt(0, 50) + (step / 100);
                const std::uint64_t seq = s.push(t, ItemKind::Timer, static_cast<std::uint64_t>(step));
                pending.insert({ t, seq });
            } else if (action < 9) {
                const ScheduledItem item = s.pop();
                QCOMPARE(std::make_pair(item.time, item.seq), *pending.begin());
                pending.erase(pending.begin());
            } else {
                auto victim = pending.begin();
                std::advance(victim, random.uniformInt(0, static_cast<std::int64_t>(pending.size()) - 1));
                s.cancel(victim->second);
                pending.erase(victim);
            }
            QCOMPARE(s.empty(), pending.empty());
            if (!pending.empty()) {
                QCOMPARE(s.nextTime(), pending.begin()->first);
                QCOMPARE(s.nextSeq(), pending.begin()->second);
            }
        }
        while (!s.empty()) {
            const ScheduledItem item = s.pop();
            QCOMPARE(std::make_pair(item.time, item.seq), *pending.begin());
            pending.erase(pending.begin());
        }
        QVERIFY(pending.empty());
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
