// The delivery checker: hand-made traces with each anomaly, then 200 seeded runs of the shop with
// crash, duplicate and delay faults and idempotent consumers, where nothing may be lost or doubled.

#include "base/randomstream.h"
#include "check/deliverychecker.h"
#include "faults/faultinjector.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QTest>

using namespace eventloom;

namespace {
/// A tiny hand-written trace: one topic (0), one partition, one group (0); events keyed "a" or "b".
struct Trace {
    EventLog log;
    std::vector<TraceRecord> records;
    SimTime t = 0;

    TraceRecord make(TraceKind kind, std::uint32_t message = kNoMessage, std::int64_t offset = -1)
    {
        TraceRecord r;
        r.t = ++t;
        r.kind = kind;
        r.message = message;
        r.topic = 0;
        r.partition = 0;
        r.group = 0;
        r.service = 0;
        r.offset = offset;
        return r;
    }
    Trace() { records.push_back(make(TraceKind::Rebalanced, kNoMessage, 0)); }
    std::uint32_t publish(const char* key)
    {
        Event e;
        e.key = log.atoms().intern(key);
        e.type = log.atoms().intern("Tick");
        e.topic = 0;
        e.partition = 0;
        e.offset = static_cast<std::int64_t>(log.size());
        const std::uint32_t seq = log.append(e, {}, 1).seq;
        records.push_back(make(TraceKind::Published, seq, e.offset));
        return seq;
    }
    void deliver(std::uint32_t seq) { records.push_back(make(TraceKind::Delivered, seq, log.at(seq).offset)); }
    void handle(std::uint32_t seq, HandleOutcome outcome = HandleOutcome::Ok)
    {
        TraceRecord r = make(TraceKind::Handled, seq, log.at(seq).offset);
        r.outcome = outcome;
        records.push_back(r);
    }
    void commit(std::int64_t next) { records.push_back(make(TraceKind::Committed, kNoMessage, next)); }
    void add(TraceKind kind, std::uint32_t seq) { records.push_back(make(kind, seq, log.at(seq).offset)); }
    DeliveryChecker::Report check() const { return DeliveryChecker::check(records, log); }
};

bool clean(const DeliveryChecker::Report& r)
{
    return r.lost.count == 0 && r.duplicateDeliveries.count == 0 && r.duplicateEffects.count == 0
        && r.nonMonotonicOffsets.count == 0 && r.orderViolations.count == 0;
}
}

class TestDeliveryChecker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aCleanTracePasses()
    {
        Trace t;
        for (const char* key : { "a", "b", "a" }) {
            const auto seq = t.publish(key);
            t.deliver(seq);
            t.handle(seq);
            t.commit(t.log.at(seq).offset + 1);
        }
        QVERIFY(clean(t.check()));
    }
    void aCommittedButUnhandledEventIsLost()
    {
        Trace t;
        const auto a = t.publish("a");
        const auto b = t.publish("b");
        t.deliver(a);
        t.handle(a);
        t.deliver(b);
        t.handle(b, HandleOutcome::Failed); // skipped without a retry policy
        t.commit(2);
        const auto report = t.check();
        QCOMPARE(report.lost.count, 1u);
        QCOMPARE(report.lost.first[0].message, b);
        QCOMPARE(report.lost.first[0].kind, TraceKind::Published);
        // Its position is that of its `published` record (after the rebalance and a's), for the window's link.
        QCOMPARE(report.lost.positions, std::vector<std::uint64_t> { 2 });
        QCOMPARE(t.records[2].message, b);
    }
    void dropsAndDeadLettersExplainMissingHandling()
    {
        Trace t;
        const auto a = t.publish("a");
        const auto b = t.publish("b");
        t.add(TraceKind::Dropped, a);
        t.deliver(b);
        t.handle(b, HandleOutcome::Failed);
        t.add(TraceKind::DeadLettered, b);
        t.commit(2);
        QCOMPARE(t.check().lost.count, 0u);
    }
    void notYetCommittedIsNotLost()
    {
        Trace t;
        t.publish("a"); // still in flight when the run stopped
        QCOMPARE(t.check().lost.count, 0u);
    }
    void duplicateDeliveriesAndEffectsAreReported()
    {
        Trace t;
        const auto a = t.publish("a");
        t.deliver(a);
        t.handle(a);
        t.deliver(a);
        t.handle(a);
        t.add(TraceKind::DuplicateEffect, a);
        t.commit(1);
        const auto report = t.check();
        QCOMPARE(report.duplicateDeliveries.count, 1u);
        QCOMPARE(report.duplicateDeliveries.first[0].kind, TraceKind::Delivered);
        QCOMPARE(report.duplicateEffects.count, 1u);
        QCOMPARE(report.lost.count, 0u);
        // Each finding points at its record: the second delivery (5th record) and the effect (7th).
        QCOMPARE(report.duplicateDeliveries.positions, std::vector<std::uint64_t> { 4 });
        QCOMPARE(report.duplicateEffects.positions, std::vector<std::uint64_t> { 6 });
        QCOMPARE(t.records[6].kind, TraceKind::DuplicateEffect);
    }
    void aCommitGoingBackIsNonMonotonic()
    {
        Trace t;
        const auto a = t.publish("a");
        const auto b = t.publish("a");
        t.deliver(a);
        t.handle(a);
        t.deliver(b);
        t.handle(b);
        t.commit(2);
        t.commit(1);
        const auto report = t.check();
        QCOMPARE(report.nonMonotonicOffsets.count, 1u);
        QCOMPARE(report.nonMonotonicOffsets.first[0].offset, 1);
    }
    void anOlderEventForAKeyHandledAfterANewerOneIsAnOrderViolation()
    {
        Trace t;
        const auto a1 = t.publish("a");
        const auto b1 = t.publish("b");
        const auto a2 = t.publish("a");
        for (const auto seq : { a2, b1, a1 }) { // a2 overtakes a1; b is alone
            t.deliver(seq);
            t.handle(seq);
        }
        t.commit(3);
        const auto report = t.check();
        QCOMPARE(report.orderViolations.count, 1u);
        QCOMPARE(report.orderViolations.first[0].message, a1);
        QCOMPARE(report.lost.count, 0u);
    }
    void idempotentShopLosesAndDoublesNothingUnderCrashDuplicateAndDelay()
    {
        // 200 seeds of the shop with every consumer idempotent and random faults of the three kinds.
        const auto loaded
            = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("03-duplicates-idempotency")),
                { QStringLiteral("services.payment.idempotent=true"),
                    QStringLiteral("services.notification.idempotent=true"), QStringLiteral("workload.orders=40"),
                    QStringLiteral("injections=[]") });
        QVERIFY(loaded.ok());
        const char* services[] = { "order", "inventory", "payment", "shipping", "notification", "analytics" };
        const char* topics[] = { "orders.events", "inventory.events", "payments.events", "shipping.events" };
        std::uint64_t redeliveries = 0, duplicates = 0, delays = 0;
        for (std::uint64_t seed = 1; seed <= 200; ++seed) {
            auto sim = ScenarioBuilder::build(*loaded.scenario, seed);
            RandomStream pick = RandomStream::derive(seed, "test:faults");
            const auto at
                = [&]() -> QString { return QString::number(pick.uniformInt(0, 1500)) + QStringLiteral("ms"); };
            QStringList specs {
                QStringLiteral("crash@%1,service=%2,for=%3ms")
                    .arg(at(), QLatin1String(services[pick.uniformInt(0, 5)]))
                    .arg(pick.uniformInt(10, 400)),
                QStringLiteral("duplicate@%1,topic=%2,probability=0.2,copies=%3")
                    .arg(at(), QLatin1String(topics[pick.uniformInt(0, 3)]))
                    .arg(pick.uniformInt(1, 2)),
                QStringLiteral("delay@%1,topic=%2,probability=0.3,latency=%3ms,jitter=20ms")
                    .arg(at(), QLatin1String(topics[pick.uniformInt(0, 3)]))
                    .arg(pick.uniformInt(1, 80)),
            };
            for (const QString& text : specs) {
                QString error;
                QCOMPARE(FaultInjector::schedule(*InjectionSpec::parse(text, error), *sim), QString());
            }
            DeliveryChecker checker;
            sim->addObserver(&checker);
            sim->runToQuiescence();
            const auto report = checker.report();
            if (report.lost.count || report.duplicateEffects.count || report.nonMonotonicOffsets.count)
                qFatal("seed %llu: lost %llu, duplicate effects %llu, non-monotonic %llu",
                    static_cast<unsigned long long>(seed), static_cast<unsigned long long>(report.lost.count),
                    static_cast<unsigned long long>(report.duplicateEffects.count),
                    static_cast<unsigned long long>(report.nonMonotonicOffsets.count));
            redeliveries += sim->counters().redeliveries;
            duplicates += sim->counters().duplicateDeliveries;
            delays += sim->counters().delayed;
        }
        // The faults really happened.
        QVERIFY(redeliveries > 0);
        QVERIFY(duplicates > 0);
        QVERIFY(delays > 0);
    }
};

QTEST_GUILESS_MAIN(TestDeliveryChecker)
#include "tst_deliverychecker.moc"
