// reset-offset: a consumer group's committed offset moved to the earliest offset, the latest, or the first
// published at or after a time; what the group reads again (or skips), what idempotency makes of a replay,
// what bad specs say, and that a run with a reset records and replays exactly.

#include "injectiontext.h"
#include "recordtesting.h"
#include "testservices.h"

#include "check/deliverychecker.h"
#include "faults/faultengine.h"
#include "faults/faultinjector.h"
#include "record/runfile.h"
#include "record/runreplay.h"

#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
struct Rig {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    Sink* sink = nullptr;
    std::uint16_t group = 0;
};

/// `events` Ticks to "ticks" (one every millisecond, the first at 1 ms), handled by group "sink".
std::unique_ptr<Rig> rig(int events, int partitions, SimTime processing, SimTime commitDelay = 0)
{
    auto r = std::make_unique<Rig>();
    r->sim = std::make_unique<Simulation>(7);
    r->sim->addTopic("ticks", partitions, 500);
    r->sim->addService(
        "producer", std::make_unique<Producer>("ticks", events, kMillisecond, 4), LatencyModel::fixed(0));
    auto sink = std::make_unique<Sink>();
    r->sink = sink.get();
    const std::uint16_t service = r->sim->addService("sink", std::move(sink), LatencyModel::fixed(processing));
    r->group = r->sim->subscribe(service, "ticks", "sink", 1, commitDelay);
    r->sim->addObserver(&r->trace);
    return r;
}

void inject(Simulation& sim, const QString& text)
{
    QString error;
    const auto spec = InjectionSpec::parse(text, error);
    if (!spec)
        qFatal("%s", qPrintable(error));
    if (const QString problem = FaultInjector::schedule(*spec, sim); !problem.isEmpty())
        qFatal("%s", qPrintable(problem));
}

QString at(SimTime t)
{
    return QString::number(t) + QStringLiteral("us");
}

std::int64_t endOffset(const Simulation& sim, std::uint16_t topic, std::int32_t partition)
{
    return static_cast<std::int64_t>(sim.bus().topic(topic).logs[static_cast<std::size_t>(partition)].size());
}

/// Records of `kind` after time `t` for group `group`.
std::vector<TraceRecord> after(const TraceCollector& trace, TraceKind kind, SimTime t, std::uint16_t group)
{
    std::vector<TraceRecord> out;
    for (const TraceRecord& r : trace.records)
        if (r.kind == kind && r.t >= t && r.group == group)
            out.push_back(r);
    return out;
}
}

class TestOffsetReset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void earliestReplaysEveryRecordFromOffsetZero()
    {
        auto r = rig(40, 2, kMillisecond);
        r->sim->runToQuiescence();
        QCOMPARE(r->sink->handled.size(), std::size_t(40));
        const SimTime t = r->sim->now() + kMillisecond;
        inject(*r->sim, QStringLiteral("reset-offset@%1,group=sink,to=earliest").arg(at(t)));
        r->sim->runToQuiescence();

        const auto resets = r->trace.of(TraceKind::OffsetReset);
        QCOMPARE(resets.size(), std::size_t(2)); // one per partition
        for (std::int32_t p = 0; p < 2; ++p) {
            QCOMPARE(resets[static_cast<std::size_t>(p)].partition, p);
            QCOMPARE(resets[static_cast<std::size_t>(p)].offset, std::int64_t(0));
            QCOMPARE(resets[static_cast<std::size_t>(p)].aux, endOffset(*r->sim, 0, p)); // committed before: everything
            // Exactly the partition's records again, in offset order from 0.
            std::vector<std::int64_t> offsets;
            for (const TraceRecord& d : after(r->trace, TraceKind::Delivered, t, r->group))
                if (d.partition == p)
                    offsets.push_back(d.offset);
            QCOMPARE(static_cast<std::int64_t>(offsets.size()), endOffset(*r->sim, 0, p));
            for (std::size_t i = 0; i < offsets.size(); ++i)
                QCOMPARE(offsets[i], static_cast<std::int64_t>(i));
            QCOMPARE(r->sim->bus().group(r->group).partitions[static_cast<std::size_t>(p)].committed,
                endOffset(*r->sim, 0, p));
        }
        for (const auto& [seq, times] : r->sink->handled)
            QCOMPARE(times, 2);
        // The injection is traced with its spec, and the checker sees an asked-for replay, not broken guarantees.
        QCOMPARE(r->trace.of(TraceKind::Injection).size(), std::size_t(1));
        const auto report = DeliveryChecker::check(r->trace.records, r->sim->log());
        QCOMPARE(report.lost.count, 0u);
        QCOMPARE(report.nonMonotonicOffsets.count, 0u);
        QCOMPARE(report.duplicateDeliveries.count, 0u);
        QCOMPARE(report.orderViolations.count, 0u);
    }

    void toTimePicksTheFirstOffsetPublishedAtOrAfterIt_data()
    {
        QTest::addColumn<SimTime>("to");
        QTest::addColumn<std::int64_t>("expected");
        // Tick i is published at (i + 1) ms on the only partition.
        QTest::newRow("exactly at a publish") << SimTime(10 * kMillisecond) << std::int64_t(9);
        QTest::newRow("between two") << SimTime(10 * kMillisecond + 500) << std::int64_t(10);
        QTest::newRow("before the first") << SimTime(0) << std::int64_t(0);
        QTest::newRow("after the last") << SimTime(kSecond) << std::int64_t(20);
    }
    void toTimePicksTheFirstOffsetPublishedAtOrAfterIt()
    {
        QFETCH(SimTime, to);
        QFETCH(std::int64_t, expected);
        auto r = rig(20, 1, kMillisecond);
        r->sim->runToQuiescence();
        const SimTime t = r->sim->now() + kMillisecond;
        inject(*r->sim, QStringLiteral("reset-offset@%1,group=sink,topic=ticks,partition=0,to=%2").arg(at(t), at(to)));
        r->sim->runToQuiescence();
        const auto resets = r->trace.of(TraceKind::OffsetReset);
        QCOMPARE(resets.size(), std::size_t(1));
        QCOMPARE(resets.front().offset, expected);
        // The record there was published at or after `to`, the one before it before `to`.
        const auto& log = r->sim->bus().topic(0).logs[0];
        if (expected < static_cast<std::int64_t>(log.size()))
            QVERIFY(r->sim->log().at(log[static_cast<std::size_t>(expected)]).publishTime >= to);
        if (expected > 0)
            QVERIFY(r->sim->log().at(log[static_cast<std::size_t>(expected - 1)]).publishTime < to);
        const auto replayed = after(r->trace, TraceKind::Delivered, t, r->group);
        QCOMPARE(static_cast<std::int64_t>(replayed.size()), 20 - expected);
        if (!replayed.empty())
            QCOMPARE(replayed.front().offset, expected);
    }

    void latestSkipsToTheEndWithNoLag()
    {
        // A slow consumer (10 ms a record, one published every ms) falls far behind.
        auto r = rig(100, 2, 10 * kMillisecond);
        const SimTime t = 30 * kMillisecond + 300; // between two publishes
        inject(*r->sim, QStringLiteral("reset-offset@%1,group=sink,to=latest").arg(at(t)));
        r->sim->runUntil(t - 1);
        QVERIFY(r->sim->bus().lag(r->group, 0) + r->sim->bus().lag(r->group, 1) > 10);
        r->sim->runUntil(t); // the reset takes effect at t
        std::array<std::int64_t, 2> ends {};
        for (std::int32_t p = 0; p < 2; ++p) {
            ends[static_cast<std::size_t>(p)] = endOffset(*r->sim, 0, p);
            QCOMPARE(r->sim->bus().lag(r->group, p), std::int64_t(0));
        }
        r->sim->runToQuiescence();
        // Nothing before the end is handled after the reset, not even the record that was being processed.
        const auto handled = after(r->trace, TraceKind::Handled, t, r->group);
        QVERIFY(!handled.empty());
        for (const TraceRecord& h : handled)
            QVERIFY2(h.offset >= ends[static_cast<std::size_t>(h.partition)], qPrintable(QString::number(h.offset)));
        QVERIFY(r->sink->handled.size() < 100); // skipped
        const auto report = DeliveryChecker::check(r->trace.records, r->sim->log());
        QCOMPARE(report.lost.count, 0u); // the skip is explained by the reset
        QCOMPARE(report.nonMonotonicOffsets.count, 0u);
        QCOMPARE(r->sim->bus().lag(r->group, 0) + r->sim->bus().lag(r->group, 1), std::int64_t(0));
    }

    void commitsInFlightAtTheResetDoNotLandAfterIt()
    {
        // With a commit delay, commits of records handled before the reset are still due when it happens;
        // they must not move the committed offset back up past the replay.
        auto r = rig(60, 1, kMillisecond, 5 * kMillisecond);
        const SimTime t = 40 * kMillisecond + 300;
        inject(*r->sim, QStringLiteral("reset-offset@%1,group=sink,to=earliest").arg(at(t)));
        r->sim->runToQuiescence();
        std::int64_t last = 0;
        for (const TraceRecord& c : after(r->trace, TraceKind::Committed, t, r->group)) {
            QVERIFY2(c.offset > last, qPrintable(QStringLiteral("committed %1 after %2").arg(c.offset).arg(last)));
            QCOMPARE(c.offset, last + 1); // one record at a time, from the start again
            last = c.offset;
        }
        QCOMPARE(last, std::int64_t(60));
        // Deterministic: the same run gives the same fingerprint.
        auto again = rig(60, 1, kMillisecond, 5 * kMillisecond);
        inject(*again->sim, QStringLiteral("reset-offset@%1,group=sink,to=earliest").arg(at(t)));
        again->sim->runToQuiescence();
        QCOMPARE(again->sim->fingerprint(), r->sim->fingerprint());
    }

    void aDeliveryHeldAtABreakpointGoesWithTheReset()
    {
        auto r = rig(10, 1, kMillisecond);
        inject(*r->sim, QStringLiteral("break,service=sink"));
        r->sim->runUntil(5 * kMillisecond);
        QVERIFY(r->sim->paused());
        QCOMPARE(r->sim->faultEngine()->pending().size(), std::size_t(1));
        QCOMPARE(r->sim->faultEngine()->pending().front().offset, std::int64_t(0));
        // Done while the run waits: applied at the pause, as the window does it.
        const QString timed = injectiontext::timedNow(QStringLiteral("reset-offset,group=sink,to=latest"), *r->sim);
        QVERIFY2(timed.endsWith(QStringLiteral(",paused=true")), qPrintable(timed));
        QCOMPARE(r->sim->injectionQueue().enqueue(timed), QString());
        QVERIFY(r->sim->step());
        QVERIFY(!r->sim->paused()); // the held delivery went with the reset: nothing waits
        QCOMPARE(
            r->sim->injectionQueue().enqueue(injectiontext::timedNow(QStringLiteral("unbreak"), *r->sim)), QString());
        const std::int64_t reset = r->trace.of(TraceKind::OffsetReset).front().offset;
        QVERIFY(reset > 0);
        r->sim->runToQuiescence();
        for (const TraceRecord& h : r->trace.of(TraceKind::Handled))
            QVERIFY2(h.offset >= reset, qPrintable(QString::number(h.offset)));
        QCOMPARE(static_cast<std::int64_t>(r->trace.of(TraceKind::Handled).size()), 10 - reset);
        QCOMPARE(r->sim->bus().lag(r->group, 0), std::int64_t(0));
        const auto report = DeliveryChecker::check(r->trace.records, r->sim->log());
        QCOMPARE(report.lost.count, 0u);
        QCOMPARE(report.nonMonotonicOffsets.count, 0u);
    }

    void idempotencyDecidesWhetherAReplayRepeatsEffects_data()
    {
        QTest::addColumn<bool>("idempotent");
        QTest::newRow("non-idempotent notification") << false;
        QTest::newRow("idempotent notification") << true;
    }
    void idempotencyDecidesWhetherAReplayRepeatsEffects()
    {
        QFETCH(bool, idempotent);
        const Scenario scenario = loadShipped(QStringLiteral("03-duplicates-idempotency"),
            { QStringLiteral("services.notification.idempotent=")
                + (idempotent ? QStringLiteral("true") : QStringLiteral("false")) });
        auto sim = ScenarioBuilder::build(scenario);
        TraceCollector trace;
        sim->addObserver(&trace);
        sim->runToQuiescence(50'000'000);
        const std::uint16_t notification = sim->findService("notification");
        const auto emailsSent
            = [&] { return sim->service(notification).state().value(QLatin1String("emailsSent")).toInteger(); };
        const qint64 before = emailsSent();
        QVERIFY(before > 0);

        const SimTime t = sim->now() + kMillisecond;
        inject(*sim, QStringLiteral("reset-offset@%1,group=notification,to=earliest").arg(at(t)));
        sim->runToQuiescence(50'000'000);

        // Every record of orders.events is handled again; the emails are those for completed and cancelled orders.
        const std::uint16_t orders = sim->bus().findTopic(sim->log().atoms().find("orders.events"));
        std::int64_t records = 0;
        qint64 emailing = 0;
        for (std::int32_t p = 0; p < sim->bus().topic(orders).partitionCount(); ++p)
            for (const std::uint32_t seq : sim->bus().topic(orders).logs[static_cast<std::size_t>(p)]) {
                ++records;
                const std::string_view type = sim->log().text(sim->log().at(seq).type);
                emailing += type == "OrderCompleted" || type == "OrderCancelled";
            }
        QVERIFY(emailing > 0);
        std::int64_t handled = 0, suppressed = 0;
        for (const TraceRecord& h : trace.records)
            if (h.kind == TraceKind::Handled && h.t >= t && h.service == notification) {
                ++handled;
                suppressed += h.outcome == HandleOutcome::SkippedDuplicate;
            }
        QCOMPARE(handled, records);
        std::int64_t repeated = 0;
        for (const TraceRecord& e : trace.records)
            repeated += e.kind == TraceKind::DuplicateEffect && e.t >= t && e.service == notification;
        if (idempotent) {
            QCOMPARE(suppressed, records); // the inbox knows them all
            QCOMPARE(repeated, std::int64_t(0));
            QCOMPARE(emailsSent(), before);
        } else {
            QCOMPARE(suppressed, std::int64_t(0));
            QCOMPARE(repeated, std::int64_t(emailing)); // a second email for every order that got one
            QCOMPARE(emailsSent(), before + emailing);
        }
    }

    void badSpecsSayWhatIsWrong_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("error");
        QTest::newRow("no group") << QStringLiteral("reset-offset,to=earliest")
                                  << QStringLiteral("'reset-offset' needs group=NAME and to=earliest|latest|TIME");
        QTest::newRow("no to") << QStringLiteral("reset-offset,group=payment")
                               << QStringLiteral("'reset-offset' needs group=NAME and to=earliest|latest|TIME");
        QTest::newRow("bad to")
            << QStringLiteral("reset-offset,group=payment,to=yesterday")
            << QStringLiteral(
                   "bad value 'yesterday' for to; expected earliest, latest or a time (a DURATION such as 5s)");
        QTest::newRow("bad partition") << QStringLiteral("reset-offset,group=payment,partition=-1,to=latest")
                                       << QStringLiteral("bad value '-1' for partition; expected an integer >= 0");
    }
    void badSpecsSayWhatIsWrong()
    {
        QFETCH(QString, spec);
        QFETCH(QString, error);
        QString problem;
        QVERIFY(!InjectionSpec::parse(spec, problem));
        QVERIFY2(problem.startsWith(error), qPrintable(problem));
    }

    void scenarioFilesPointAtABadReset_data()
    {
        QTest::addColumn<QString>("injection");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown group") << QStringLiteral("reset-offset@2s,group=notifcation,to=earliest")
                                       << QStringLiteral(
                                              "unknown consumer group 'notifcation' (did you mean 'notification'?)");
        QTest::newRow("topic it does not read")
            << QStringLiteral("reset-offset@2s,group=notification,topic=payments.events,to=earliest")
            << QStringLiteral("group 'notification' does not read topic 'payments.events' (it reads orders.events)");
        QTest::newRow("no such partition")
            << QStringLiteral("reset-offset@2s,group=notification,partition=9,to=latest")
            << QStringLiteral("topic 'orders.events' has 3 partition(s); there is no partition 9");
        QTest::newRow("partition of which topic")
            << QStringLiteral("reset-offset@2s,group=payment,partition=0,to=latest")
            << QStringLiteral("group 'payment' reads several topics");
        QTest::newRow("bad to") << QStringLiteral("reset-offset@2s,group=payment,to=soon")
                                << QStringLiteral("bad value 'soon' for to");
    }
    void scenarioFilesPointAtABadReset()
    {
        QFETCH(QString, injection);
        QFETCH(QString, error);
        QByteArray text = readAll(ShippedScenarios::resolve(QStringLiteral("03-duplicates-idempotency")));
        const QByteArray anchor = "\"injections\": [";
        const qsizetype i = text.indexOf(anchor);
        QVERIFY(i > 0);
        text.insert(i + anchor.size(), "\n    \"" + injection.toUtf8() + "\",");
        const auto r = ScenarioLoader::loadText(text, QStringLiteral("bad.json"));
        QVERIFY(!r.ok());
        QCOMPARE(r.errors.size(), std::size_t(1));
        const QString message = r.errors.front().toString();
        // FILE:LINE:COL, on the line of the injection
        const int line = static_cast<int>(text.left(i + anchor.size() + 2).count('\n')) + 1;
        QVERIFY2(message.startsWith(QStringLiteral("bad.json:%1:").arg(line)), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("injections[0]")), qPrintable(message));
        QVERIFY2(message.contains(error), qPrintable(message));
    }

    void aGroupTheRunDoesNotHaveIsRefused()
    {
        auto r = rig(5, 1, kMillisecond);
        QString error;
        const auto spec = InjectionSpec::parse(QStringLiteral("reset-offset,group=sinc,to=earliest"), error);
        QVERIFY(spec);
        QCOMPARE(FaultInjector::check(*spec, *r->sim),
            QStringLiteral("reset-offset,group=sinc,to=earliest: unknown consumer group 'sinc' (the groups: sink)"));
        const auto partition
            = InjectionSpec::parse(QStringLiteral("reset-offset,group=sink,partition=3,to=latest"), error);
        QCOMPARE(FaultInjector::check(*partition, *r->sim),
            QStringLiteral("reset-offset,group=sink,partition=3,to=latest: topic 'ticks' has 1 partition(s); there is "
                           "no partition 3"));
    }

    void aRunWithAResetByHandRecordsAndReplaysExactly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("reset.sqlite"));
        const Scenario scenario = loadShipped(QStringLiteral("03-duplicates-idempotency"));
        auto sim = ScenarioBuilder::build(scenario);
        RunRecorder recorder;
        QString error;
        QVERIFY2(recorder.open(path, runInfo(scenario, *sim, 0), error), qPrintable(error));
        sim->addObserver(&recorder);
        sim->runUntil(3 * kSecond);
        // As the window asks for it: through the injection queue, at the run's current time.
        for (const char* text : { "reset-offset,group=notification,to=earliest",
                 "reset-offset,group=payment,topic=orders.events,to=1500ms" }) {
            const QString timed = injectiontext::timedNow(QLatin1String(text), *sim);
            QVERIFY(sim->injectionQueue().enqueue(timed).isEmpty());
            recorder.declareInjection(timed, sim->now() + 1);
            sim->runUntil(sim->now() + 500 * kMillisecond);
        }
        sim->runToQuiescence(50'000'000);
        QVERIFY(recorder.finish(*sim));
        QVERIFY(sim->counters().records > 0);

        RunFile run;
        QVERIFY2(run.open(path, error), qPrintable(error));
        QCOMPARE(run.injections().size(), std::size_t(2));
        const RunReplay::Result replayed = RunReplay::replay(run, true);
        QVERIFY2(replayed.ok, qPrintable(replayed.error));
        QVERIFY(replayed.verified);
        QVERIFY2(
            replayed.matches, qPrintable(replayed.recordedRecord + QStringLiteral(" / ") + replayed.replayedRecord));
        // and the resets are in the recorded trace
        TraceCollector again;
        auto fresh = ScenarioBuilder::build(scenario);
        fresh->addObserver(&again);
        fresh->runToQuiescence(50'000'000);
        QVERIFY(again.of(TraceKind::OffsetReset).empty()); // without them, none
        QCOMPARE(replayed.replayedFingerprint, replayed.recordedFingerprint);
        QVERIFY(sim->fingerprint() != fresh->fingerprint()); // the resets changed the run
    }
};

QTEST_GUILESS_MAIN(TestOffsetReset)
#include "tst_offsetreset.moc"
