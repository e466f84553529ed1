// Where disorder comes from and how a consumer repairs it (lesson 04): a producer that retries without
// idempotence writes an entity's events into the partition's log out of order, an idempotent one keeps
// them in order; a resequencer (`ordering: sequence`) restores each entity's version order, never commits
// past what it holds, and stops waiting for a version that never comes after its parkTimeout.

#include "recordtesting.h"
#include "testservices.h"

#include "check/deliverychecker.h"
#include "faults/faultinjector.h"
#include "record/runfile.h"
#include "record/runlogloader.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
struct Rig {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    std::uint16_t producer = 0;
    std::uint16_t sink = 0;
};

/// `events` versioned Ticks on one partition (one every millisecond, `keys` keys), read by one sink group.
std::unique_ptr<Rig> rig(int events, int keys, SubscriptionPolicy policy = {}, SimTime processing = 2 * kMillisecond)
{
    auto r = std::make_unique<Rig>();
    r->sim = std::make_unique<Simulation>(7);
    r->sim->addTopic("ticks", 1, 500);
    r->producer = r->sim->addService(
        "producer", std::make_unique<Producer>("ticks", events, kMillisecond, keys, true), LatencyModel::fixed(0));
    r->sink = r->sim->addService("sink", std::make_unique<Sink>(), LatencyModel::fixed(processing));
    r->sim->subscribe(r->sink, "ticks", "sink", 1, 0, StartFrom::Earliest, policy);
    r->sim->addObserver(&r->trace);
    return r;
}

void inject(Simulation& sim, const QString& text)
{
    QString error;
    const auto spec = InjectionSpec::parse(text, error);
    QVERIFY2(spec, qPrintable(error));
    const QString problem = FaultInjector::schedule(*spec, sim);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

std::int64_t versionOf(const Simulation& sim, std::uint32_t seq)
{
    const Value v = sim.log().field(sim.log().at(seq), sim.log().atoms().find("entityVersion"));
    return v.type == Value::Type::Int ? v.i : 0;
}

/// Pairs of one key's events that the partition's log holds out of their version order.
int disorderInTheLog(const Simulation& sim)
{
    int pairs = 0;
    const Topic& topic = sim.bus().topic(0);
    for (const auto& log : topic.logs) {
        std::map<Atom, std::int64_t> highest;
        for (std::size_t offset = 0; offset < log.size(); ++offset) {
            const Event& e = sim.log().at(log[offset]);
            std::int64_t& seen = highest[e.key];
            if (versionOf(sim, e.seq) < seen)
                ++pairs;
            seen = std::max(seen, versionOf(sim, e.seq));
        }
    }
    return pairs;
}

std::unique_ptr<Simulation> lesson(const QStringList& overrides, TraceCollector* trace = nullptr)
{
    const auto loaded
        = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("04-ordering-partitions")), overrides);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    auto sim = ScenarioBuilder::build(*loaded.scenario);
    if (trace)
        sim->addObserver(trace);
    sim->runToQuiescence();
    return sim;
}

const QString kPlainProducer = QStringLiteral(
    R"(injections=["producer-retry,service=order,topic=orders.events,probability=0.1,latency=100ms", "idempotent-producer,service=order,on=false"])");
}

class TestOrdering : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRetryWithoutIdempotenceWritesTheLogOutOfOrder()
    {
        auto r = rig(20, 1);
        r->sim->mutableBus().setIdempotentProducer(r->producer, false);
        inject(*r->sim, QStringLiteral("producer-retry@5ms,service=producer,topic=ticks,count=1,latency=10ms"));
        r->sim->runToQuiescence();
        const auto retried = r->trace.of(TraceKind::ProduceRetried);
        QCOMPARE(retried.size(), std::size_t(1));
        QCOMPARE(retried.front().aux, 10 * kMillisecond);
        QCOMPARE(r->sim->counters().produceRetries, 1u);
        const Event& late = r->sim->log().at(retried.front().message);
        // Appended after the backoff, behind the ten records sent meanwhile: every consumer reads it there.
        QCOMPARE(late.publishTime, retried.front().t + 10 * kMillisecond);
        const std::int64_t overtaken
            = late.offset - (versionOf(*r->sim, late.seq) - 1); // sent after it, written before
        QVERIFY2(overtaken >= 5, qPrintable(QString::number(overtaken)));
        QCOMPARE(disorderInTheLog(*r->sim), 1);
        // A consumer that trusts the log handles the late event after later versions: one violation
        // (the first time it goes backwards), which the engine and the checker count alike.
        QCOMPARE(r->sim->counters().orderViolations, 1u);
        QCOMPARE(r->sim->bus().group(0).orderViolations, 1u);
        QCOMPARE(DeliveryChecker::check(r->trace.records, r->sim->log()).orderViolations.count, 1u);
    }

    void anIdempotentProducerKeepsTheOrderItSent()
    {
        auto r = rig(20, 1);
        QVERIFY(r->sim->bus().idempotentProducer(r->producer)); // Kafka's default
        inject(*r->sim, QStringLiteral("producer-retry@5ms,service=producer,topic=ticks,count=1,latency=10ms"));
        r->sim->runToQuiescence();
        const auto retried = r->trace.of(TraceKind::ProduceRetried);
        QCOMPARE(retried.size(), std::size_t(1));
        QCOMPARE(disorderInTheLog(*r->sim), 0);
        QCOMPARE(r->sim->counters().orderViolations, 0u);
        // What was sent during the retry waited for it: nothing was appended in between.
        const SimTime landed = retried.front().t + 10 * kMillisecond;
        for (const TraceRecord& p : r->trace.of(TraceKind::Published))
            QVERIFY(p.t <= retried.front().t || p.t >= landed);
        QCOMPARE(r->sim->bus().topic(0).logs[0].size(), std::size_t(20));
    }

    void theLessonsRetriesAreDeterministicAndReplay()
    {
        TraceCollector first;
        const auto a = lesson({ kPlainProducer }, &first);
        const auto b = lesson({ kPlainProducer });
        QCOMPARE(a->fingerprint(), b->fingerprint());
        QVERIFY(a->counters().produceRetries > 0);
        QVERIFY(disorderInTheLog(*a) > 0);
        // Replayed from the injections as the trace recorded them (how a run file replays them).
        QStringList recorded;
        for (const TraceRecord& r : first.of(TraceKind::Injection))
            recorded << QString::fromUtf8(a->log().text(r.detail));
        QCOMPARE(recorded.size(), 2);
        QJsonArray specs;
        for (const QString& spec : recorded)
            specs.append(spec);
        const auto replayed = lesson(
            { QStringLiteral("injections=") + QString::fromUtf8(QJsonDocument(specs).toJson(QJsonDocument::Compact)) });
        QCOMPARE(replayed->fingerprint(), a->fingerprint());
        // Another seed draws other retries.
        const auto other = lesson({ kPlainProducer, QStringLiteral("seed=5") });
        QVERIFY(other->fingerprint() != a->fingerprint());
    }

    void theLessonsNaiveConsumerBreaksAndTheResequencerHolds()
    {
        const auto group = [](const Simulation& sim, std::string_view name) -> const ConsumerGroup& {
            for (std::uint16_t g = 0; g < sim.bus().groupCount(); ++g)
                if (sim.log().text(sim.bus().group(g).name) == name)
                    return sim.bus().group(g);
            qFatal("no group");
        };
        // As shipped: retries, an idempotent producer, no disorder anywhere.
        const auto shipped = lesson({});
        QVERIFY(shipped->counters().produceRetries > 0);
        QCOMPARE(disorderInTheLog(*shipped), 0);
        QCOMPARE(shipped->counters().orderViolations, 0u);
        QCOMPARE(group(*shipped, "audit").parked, 0u);
        // The warned variant: shipping breaks (its check, groups.shipping.orderViolations == 0, fails), audit holds.
        TraceCollector trace;
        const auto plain = lesson({ kPlainProducer }, &trace);
        QVERIFY(disorderInTheLog(*plain) > 0);
        QVERIFY(group(*plain, "shipping").orderViolations > 0);
        QCOMPARE(group(*plain, "audit").orderViolations, 0u);
        QVERIFY(group(*plain, "audit").parked > 0);
        QCOMPARE(group(*plain, "audit").gapsSkipped, 0u);
        const auto report = DeliveryChecker::check(trace.records, plain->log());
        QCOMPARE(report.orderViolations.count, plain->counters().orderViolations);
        QCOMPARE(report.lost.count, 0u);
        // audit-in-order can fail too: a naive audit breaks like shipping.
        const auto bothNaive
            = lesson({ kPlainProducer, QStringLiteral("services.audit.subscriptions.0.ordering=naive") });
        QVERIFY(group(*bothNaive, "audit").orderViolations > 0);
        // The service-level field is the default of its subscriptions.
        const auto shippingAware = lesson(
            { kPlainProducer, QStringLiteral(R"(services.shipping.subscriptions.0={"topic": "orders.events"})"),
                QStringLiteral("services.shipping.ordering=sequence") });
        QCOMPARE(shippingAware->counters().orderViolations, 0u);
    }

    void theResequencerNeverCommitsPastWhatItHolds()
    {
        SubscriptionPolicy sequence;
        sequence.sequenceAware = true;
        auto r = rig(30, 2, sequence);
        r->sim->mutableBus().setIdempotentProducer(r->producer, false);
        inject(*r->sim, QStringLiteral("producer-retry,service=producer,topic=ticks,probability=0.3,latency=8ms"));
        r->sim->runToQuiescence();
        QVERIFY(disorderInTheLog(*r->sim) > 0);
        QCOMPARE(r->sim->counters().orderViolations, 0u);
        const auto parked = r->trace.of(TraceKind::Parked);
        QVERIFY(!parked.empty());
        std::map<std::uint32_t, SimTime> handledAt;
        for (const TraceRecord& h : r->trace.of(TraceKind::Handled))
            handledAt.emplace(h.message, h.t);
        for (const TraceRecord& p : parked) {
            QVERIFY(handledAt.count(p.message));
            // Between parking and handling, the committed offset stays at or below the parked one.
            for (const TraceRecord& c : r->trace.of(TraceKind::Committed))
                if (c.t >= p.t && c.t < handledAt[p.message])
                    QVERIFY2(c.offset <= p.offset,
                        qPrintable(QStringLiteral("committed %1 past parked %2").arg(c.offset).arg(p.offset)));
        }
        QCOMPARE(r->sim->bus().lag(0, 0), 0);
        QCOMPARE(r->sim->counters().gapsSkipped, 0u);
    }

    void aLostPredecessorIsWaitedForOnlyParkTimeout()
    {
        SubscriptionPolicy sequence;
        sequence.sequenceAware = true;
        sequence.parkTimeout = 50 * kMillisecond;
        auto r = rig(6, 1, sequence);
        // The first version never reaches the group (a drop stands for a predecessor that was never written).
        inject(*r->sim, QStringLiteral("drop,topic=ticks,count=1"));
        r->sim->runToQuiescence();
        const auto gaps = r->trace.of(TraceKind::GapSkipped);
        QCOMPARE(gaps.size(), std::size_t(1));
        QCOMPARE(gaps.front().aux, 1); // the version that never came
        QCOMPARE(versionOf(*r->sim, gaps.front().message), 2);
        const auto parked = r->trace.of(TraceKind::Parked);
        QVERIFY(!parked.empty());
        QCOMPARE(gaps.front().t, parked.front().t + 50 * kMillisecond);
        // Then versions 2 to 6 are handled, in order, and nothing is left parked or uncommitted.
        std::vector<std::int64_t> versions;
        for (const TraceRecord& h : r->trace.of(TraceKind::Handled))
            versions.push_back(versionOf(*r->sim, h.message));
        QCOMPARE(versions, (std::vector<std::int64_t> { 2, 3, 4, 5, 6 }));
        QCOMPARE(r->sim->counters().gapsSkipped, 1u);
        QVERIFY(r->sim->bus().group(0).partitions[0].parked.empty());
        QCOMPARE(r->sim->bus().lag(0, 0), 0);
    }

    void aCrashForgetsWhatWasParkedAndReadsItAgain()
    {
        SubscriptionPolicy sequence;
        sequence.sequenceAware = true;
        auto r = rig(40, 2, sequence, 3 * kMillisecond);
        r->sim->mutableBus().setIdempotentProducer(r->producer, false);
        inject(*r->sim, QStringLiteral("producer-retry,service=producer,topic=ticks,probability=0.3,latency=8ms"));
        inject(*r->sim, QStringLiteral("crash@30ms,service=sink,for=20ms"));
        r->sim->runToQuiescence();
        QVERIFY(!r->trace.of(TraceKind::Parked).empty());
        const auto report = DeliveryChecker::check(r->trace.records, r->sim->log());
        QCOMPARE(report.lost.count, 0u);
        QCOMPARE(report.orderViolations.count, 0u);
        QCOMPARE(r->sim->bus().lag(0, 0), 0);
    }

    void aRunStoppedDuringARetryLoadsBackAligned()
    {
        // Stopped while a produce request waits for its retry: that event was never recorded (nor
        // published). Reviewing the file must still find every recorded event under its own seq.
        Scenario s = loadShipped(QStringLiteral("04-ordering-partitions"), { kPlainProducer });
        TraceCollector trace;
        {
            auto probe = ScenarioBuilder::build(s);
            probe->addObserver(&trace);
            probe->runToQuiescence();
        }
        const auto retried = trace.of(TraceKind::ProduceRetried);
        QVERIFY(!retried.empty());
        s.until = retried.front().t + 50 * kMillisecond; // the backoff is 100ms
        auto sim = ScenarioBuilder::build(s);
        runScenario(*sim, s.until);
        QVERIFY(sim->log().at(retried.front().message).offset < 0); // still waiting
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("retry.sqlite"));
        QCOMPARE(recordScenario(s, path), sim->fingerprint());
        RunFile run;
        QString error;
        QVERIFY2(run.open(path, error), qPrintable(error));
        EventLog log;
        const auto topicIndex
            = [&](std::string_view name) { return sim->bus().findTopic(sim->log().atoms().find(name)); };
        const auto loaded = RunLogLoader::load(run, log, topicIndex, false);
        QVERIFY2(loaded.ok, qPrintable(loaded.error));
        QCOMPARE(log.size(), sim->log().size());
        for (std::uint32_t seq = 0; seq < log.size(); ++seq) {
            if (seq == retried.front().message)
                continue; // a stand-in
            QCOMPARE(log.text(log.at(seq).type), sim->log().text(sim->log().at(seq).type));
            QCOMPARE(log.at(seq).offset, sim->log().at(seq).offset);
        }
    }

    void theNewInjectionsAreValidated()
    {
        QString error;
        QVERIFY(!InjectionSpec::parse(QStringLiteral("producer-retry,topic=orders.events"), error));
        QCOMPARE(error, QStringLiteral("'producer-retry' needs service=NAME"));
        QVERIFY(!InjectionSpec::parse(QStringLiteral("idempotent-producer,service=order"), error));
        QCOMPARE(error, QStringLiteral("'idempotent-producer' needs on=true or on=false"));
        const auto bad = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("04-ordering-partitions")),
            { QStringLiteral(R"(injections=["producer-retry,service=order,topic=order.events"])") });
        QVERIFY(!bad.ok());
        QVERIFY2(bad.errors.front().toString().contains(QLatin1String("unknown topic 'order.events'")),
            qPrintable(bad.errors.front().toString()));
        const auto parkTimeout
            = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("04-ordering-partitions")),
                { QStringLiteral("services.audit.subscriptions.0.parkTimeout=0s") });
        QVERIFY(!parkTimeout.ok());
        QVERIFY2(parkTimeout.errors.front().toString().contains(QLatin1String("parkTimeout: must be longer than 0")),
            qPrintable(parkTimeout.errors.front().toString()));
    }
};

QTEST_GUILESS_MAIN(TestOrdering)
#include "tst_ordering.moc"
