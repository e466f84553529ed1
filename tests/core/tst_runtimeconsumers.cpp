// Consumers at run time: `attach` (from the earliest offset the backlog, from the latest only new records,
// early for a service waiting for its `attachAt`, or again after a detach from its committed offsets),
// `detach` (no more deliveries, committed offsets kept) and `scale` (instances join and leave, partitions
// reassigned, nothing lost). A scenario's and the CLI's specs are checked (FILE:LINE:COL), and a run with
// them replays to the same fingerprint from the injections it traced.

#include "testservices.h"

#include "faults/faultinjector.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QTest>
#include <map>
#include <numeric>

using namespace eventloom;
using namespace eventloom::test;

namespace {
constexpr int kEvents = 60;
constexpr std::int32_t kPartitions = 4;

struct Rig {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    Sink* sink = nullptr;
    std::uint16_t service = 0;
};

/// kEvents Ticks on "ticks" (4 partitions), one a millisecond; a sink taking `processing` per record, with
/// `instances` instances, subscribed from the start — or, with `attachAt` >= 0, then (from `start`).
std::unique_ptr<Rig> rig(
    SimTime attachAt = -1, StartFrom start = StartFrom::Earliest, std::uint16_t instances = 1, SimTime processing = 300)
{
    auto r = std::make_unique<Rig>();
    r->sim = std::make_unique<Simulation>(11);
    r->sim->addTopic("ticks", kPartitions, 100);
    r->sim->addService(
        "producer", std::make_unique<Producer>("ticks", kEvents, kMillisecond, 8), LatencyModel::fixed(0));
    auto sink = std::make_unique<Sink>();
    r->sink = sink.get();
    r->service = r->sim->addService("sink", std::move(sink), LatencyModel::fixed(processing), instances);
    if (attachAt >= 0)
        r->sim->subscribeAt(attachAt, r->service, "ticks", "sink", 1, 0, start);
    else
        r->sim->subscribe(r->service, "ticks", "sink");
    r->sim->addObserver(&r->trace);
    return r;
}

InjectionSpec spec(const char* text)
{
    QString error;
    const auto parsed = InjectionSpec::parse(QString::fromLatin1(text), error);
    if (!parsed)
        qFatal("%s: %s", text, qPrintable(error));
    return *parsed;
}

/// Applies `text` now, as the engine applies a due injection; fails the test with the refusal.
void apply(Simulation& sim, const char* text)
{
    const QString problem = FaultInjector::applyNow(spec(text), sim);
    if (!problem.isEmpty())
        qFatal("%s", qPrintable(problem));
}

std::vector<std::int64_t> ends(const Simulation& sim)
{
    std::vector<std::int64_t> out;
    for (const auto& log : sim.bus().topic(0).logs)
        out.push_back(static_cast<std::int64_t>(log.size()));
    return out;
}

/// Partition → owning instance, from the last Rebalanced record of each partition.
std::map<std::int32_t, std::int64_t> owners(const TraceCollector& trace)
{
    std::map<std::int32_t, std::int64_t> out;
    for (const TraceRecord& r : trace.of(TraceKind::Rebalanced))
        out[r.partition] = r.aux;
    return out;
}
}

class TestRuntimeConsumers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void attachFromTheEarliestOffsetReadsTheBacklog()
    {
        auto r = rig(kMinute); // waits for its attachAt, long after the producer is done
        r->sim->runUntil(30 * kMillisecond);
        QCOMPARE(r->sim->consumerState(r->service), Simulation::ConsumerState::Pending);
        QVERIFY(r->sink->handled.empty());
        apply(*r->sim, "attach,service=sink,from=earliest");
        QCOMPARE(r->sim->consumerState(r->service), Simulation::ConsumerState::Attached);
        r->sim->runToQuiescence();
        QCOMPARE(r->sink->handled.size(), std::size_t(kEvents)); // the backlog and what came after
        for (const auto& [seq, times] : r->sink->handled)
            QCOMPARE(times, 1);
        QCOMPARE(r->sim->bus().groupCount(), std::size_t(1)); // its attachAt came and did nothing
        QCOMPARE(r->trace.of(TraceKind::Injection).size(), std::size_t(1));
    }

    void attachFromTheLatestOffsetReadsOnlyNewRecords()
    {
        auto r = rig(kMinute, StartFrom::Earliest); // the service says earliest; the injection says latest
        r->sim->runUntil(30 * kMillisecond);
        const std::vector<std::int64_t> at = ends(*r->sim);
        const std::int64_t backlog = std::accumulate(at.begin(), at.end(), std::int64_t { 0 });
        QVERIFY(backlog > 10 && backlog < kEvents);
        apply(*r->sim, "attach,service=sink,from=latest");
        r->sim->runToQuiescence();
        QCOMPARE(static_cast<std::int64_t>(r->sink->handled.size()), kEvents - backlog);
        for (const auto& [seq, times] : r->sink->handled) {
            const Event& e = r->sim->log().at(seq);
            QVERIFY2(e.offset >= at[static_cast<std::size_t>(e.partition)], "a record of the backlog was read");
            QCOMPARE(times, 1);
        }
    }

    void withoutFromTheServicesStartFromHolds()
    {
        auto r = rig(kMinute, StartFrom::Latest);
        r->sim->runUntil(30 * kMillisecond);
        const std::vector<std::int64_t> at = ends(*r->sim);
        apply(*r->sim, "attach,service=sink");
        r->sim->runToQuiescence();
        for (const auto& [seq, times] : r->sink->handled)
            QVERIFY(r->sim->log().at(seq).offset >= at[static_cast<std::size_t>(r->sim->log().at(seq).partition)]);
    }

    void detachStopsDeliveriesAndKeepsTheCommittedOffsets()
    {
        auto r = rig();
        r->sim->runUntil(25 * kMillisecond);
        apply(*r->sim, "detach,service=sink");
        QCOMPARE(r->sim->consumerState(r->service), Simulation::ConsumerState::Detached);
        const SimTime detachedAt = r->sim->now();
        const std::size_t handled = r->sink->handled.size();
        std::vector<std::int64_t> committed;
        for (const PartitionCursor& c : r->sim->bus().group(0).partitions)
            committed.push_back(c.committed);
        // Every partition revoked: its owner is -1 now.
        for (const auto& [partition, owner] : owners(r->trace))
            QCOMPARE(owner, std::int64_t(-1));
        r->sim->runUntil(200 * kMillisecond);
        QCOMPARE(r->sink->handled.size(), handled);
        for (const TraceRecord& t : r->trace.of(TraceKind::Delivered))
            QVERIFY(t.t <= detachedAt);
        std::int64_t lag = 0;
        for (std::size_t p = 0; p < committed.size(); ++p) {
            QCOMPARE(r->sim->bus().group(0).partitions[p].committed, committed[p]);
            lag += r->sim->bus().lag(0, static_cast<std::int32_t>(p));
        }
        QCOMPARE(lag, static_cast<std::int64_t>(kEvents - handled)); // the rest waits, unread

        // Attached again without from=: it resumes from its committed offsets — nothing lost, nothing twice.
        apply(*r->sim, "attach,service=sink");
        r->sim->runToQuiescence();
        QCOMPARE(r->sink->handled.size(), std::size_t(kEvents));
        for (const auto& [seq, times] : r->sink->handled)
            QCOMPARE(times, 1);
        QVERIFY(!FaultInjector::check(spec("detach,service=sink"), *r->sim).contains(u"already"));
    }

    void attachedAgainFromTheEarliestOffsetReplays()
    {
        auto r = rig();
        r->sim->runUntil(25 * kMillisecond);
        apply(*r->sim, "detach,service=sink");
        const std::size_t before = r->sink->handled.size();
        apply(*r->sim, "attach,service=sink,from=earliest");
        r->sim->runToQuiescence();
        QCOMPARE(r->sink->handled.size(), std::size_t(kEvents));
        std::size_t twice = 0;
        for (const auto& [seq, times] : r->sink->handled)
            twice += times == 2 ? 1 : 0;
        QCOMPARE(twice, before); // what it had read before the detach, read again
        QCOMPARE(r->trace.of(TraceKind::OffsetReset).size(), std::size_t(kPartitions));
    }

    void scaleUpAndDownReassignsPartitionsAndLosesNothing()
    {
        auto r = rig(-1, StartFrom::Earliest, 1, 2 * kMillisecond); // slower than the producer: a backlog
        r->sim->runUntil(20 * kMillisecond);
        for (const auto& [partition, owner] : owners(r->trace))
            QCOMPARE(owner, std::int64_t(0));
        apply(*r->sim, "scale,service=sink,instances=4");
        QCOMPARE(r->sim->instanceCount(r->service), std::uint16_t(4));
        QCOMPARE(r->trace.of(TraceKind::InstanceAdded).size(), std::size_t(3));
        std::map<std::int32_t, std::int64_t> expected { { 0, 0 }, { 1, 1 }, { 2, 2 }, { 3, 3 } };
        QCOMPARE(owners(r->trace), expected); // the range assignor: one partition each
        const auto generation = r->sim->bus().group(0).generation;
        r->sim->runUntil(40 * kMillisecond);
        apply(*r->sim, "scale,service=sink,instances=2");
        QCOMPARE(r->sim->bus().group(0).generation, generation + 1); // one rebalance for two instances leaving
        const auto removed = r->trace.of(TraceKind::InstanceRemoved);
        QCOMPARE(removed.size(), std::size_t(2));
        QCOMPARE(removed[0].instance, std::uint16_t(3));
        QCOMPARE(removed[1].instance, std::uint16_t(2));
        expected = { { 0, 0 }, { 1, 0 }, { 2, 1 }, { 3, 1 } };
        QCOMPARE(owners(r->trace), expected);
        r->sim->runToQuiescence();
        // At least once: every record handled; a record being handled when its partition moved may be read
        // again by its new owner, at most once more.
        QCOMPARE(r->sink->handled.size(), std::size_t(kEvents));
        int again = 0;
        for (const auto& [seq, times] : r->sink->handled) {
            QVERIFY(times <= 2);
            again += times - 1;
        }
        QVERIFY(again <= 2 * kPartitions);
        for (const TraceRecord& t : r->trace.of(TraceKind::Delivered))
            if (t.t > 40 * kMillisecond)
                QVERIFY2(t.instance < 2, "an instance that left still got a delivery");
    }

    void theEngineRefusesWhatDoesNotFit()
    {
        auto r = rig(kMinute);
        r->sim->runUntil(5 * kMillisecond);
        QVERIFY(FaultInjector::check(spec("detach,service=sink"), *r->sim).contains(u"is not attached yet"));
        QVERIFY(FaultInjector::check(spec("attach,service=producer"), *r->sim).contains(u"consumes nothing"));
        QVERIFY(FaultInjector::check(spec("scale,service=ghost,instances=2"), *r->sim).contains(u"unknown service"));
        apply(*r->sim, "attach,service=sink");
        QVERIFY(FaultInjector::check(spec("attach,service=sink"), *r->sim).contains(u"is attached already"));
        apply(*r->sim, "detach,service=sink");
        QVERIFY(FaultInjector::check(spec("detach,service=sink"), *r->sim).contains(u"is detached already"));
    }

    void aScenarioChecksItsAttachesAndDetaches_data()
    {
        QTest::addColumn<QStringList>("injections");
        QTest::addColumn<QString>("error"); // empty: accepted
        const auto row = [](const char* name, QStringList specs, const char* error) {
            QTest::newRow(name) << specs << QString::fromLatin1(error);
        };
        row("attach before attachAt", { QStringLiteral("attach@5s,service=fraud,from=latest") }, "");
        row("attach after attachAt", { QStringLiteral("attach@12s,service=fraud") },
            "service 'fraud' is attached already at 12s (detach it first)");
        row("attach at attachAt", { QStringLiteral("attach@10s,service=fraud") },
            "service 'fraud' is attached already at 10s");
        row("detach before attachAt", { QStringLiteral("detach@5s,service=fraud") },
            "service 'fraud' is not attached yet at 5s (it attaches at 10s)");
        row("detach then attach",
            { QStringLiteral("detach@2s,service=analytics"), QStringLiteral("attach@3s,service=analytics") }, "");
        row("attach an attached one", { QStringLiteral("attach@3s,service=analytics") },
            "service 'analytics' is attached already at 3s");
        row("detach twice",
            { QStringLiteral("detach@2s,service=analytics"), QStringLiteral("detach@3s,service=analytics") },
            "service 'analytics' is detached already at 3s");
        row("early attach, detach, attach",
            { QStringLiteral("attach@2s,service=fraud"), QStringLiteral("detach@4s,service=fraud"),
                QStringLiteral("attach@12s,service=fraud,from=committed") },
            "");
        row("scale", { QStringLiteral("scale@2s,service=analytics,instances=3") }, "");
        row("unknown service", { QStringLiteral("scale@2s,service=analytic,instances=3") },
            "unknown service 'analytic'");
    }
    void aScenarioChecksItsAttachesAndDetaches()
    {
        QFETCH(QStringList, injections);
        QFETCH(QString, error);
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("10-new-consumer")));
        QVERIFY(loaded.ok());
        Scenario scenario = *loaded.scenario;
        QString problem;
        for (const QString& text : injections) {
            problem = ScenarioLoader::checkInjection(spec(qPrintable(text)), scenario);
            scenario.injections.push_back(spec(qPrintable(text)));
        }
        if (error.isEmpty())
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        else
            QVERIFY2(problem.startsWith(error), qPrintable(problem));
    }

    void aScenarioFileNamesTheBadInjectionsPosition()
    {
        const QByteArray text = R"({"id": "mini", "topics": [{"id": "t", "partitions": 2}],
  "services": [
    {"id": "order", "rules": [{"on": "PlaceOrder", "publish": {"topic": "t", "type": "OrderCreated", "data": "$"}}]},
    {"id": "audit", "subscriptions": [{"topic": "t"}]}],
  "workload": {"orders": 5, "rate": 100},
  "injections": ["scale@1s,service=audit,instances=3", "detach@1s,service=order",
                 "attach@2s,service=audit", "scale,service=audit,instances=99"]
})";
        const auto r = ScenarioLoader::loadText(text, QStringLiteral("mini.json"));
        QVERIFY(!r.ok());
        QStringList m;
        for (const Diagnostic& d : r.errors)
            m << d.toString();
        QCOMPARE(m.size(), 3);
        QVERIFY2(m[0].startsWith(QStringLiteral("mini.json:6:56: error: injections[1]: service 'order' consumes "
                                                "nothing (it reads no topic)")),
            qPrintable(m.join(u'\n')));
        QVERIFY2(m[1].startsWith(QStringLiteral("mini.json:7:18: error: injections[2]: service 'audit' is attached "
                                                "already at 2s")),
            qPrintable(m.join(u'\n')));
        QVERIFY2(
            m[2].contains(QStringLiteral("injections[3]: bad value '99' for instances")), qPrintable(m.join(u'\n')));
    }

    /// The window's injections go through the queue and are traced with the time they took effect; a
    /// replay that schedules those texts gives the same fingerprint. A run without them keeps its own.
    void aRunWithThemReplaysFromItsTrace()
    {
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("10-new-consumer")));
        QVERIFY(loaded.ok());
        const Scenario& scenario = *loaded.scenario;
        const SimTime until = 14 * kSecond;
        auto plain = ScenarioBuilder::build(scenario, 7);
        plain->runUntil(until);

        struct Injections : TraceObserver {
            std::vector<QString> texts;
            void onTrace(const TraceRecord& r, const Simulation& sim) override
            {
                if (r.kind == TraceKind::Injection)
                    texts.push_back(QString::fromUtf8(sim.log().text(r.detail)));
            }
        } traced;
        auto live = ScenarioBuilder::build(scenario, 7);
        live->addObserver(&traced);
        const std::pair<SimTime, const char*> plan[] = {
            { 2 * kSecond, "attach,service=fraud,from=latest" },
            { 3 * kSecond, "scale,service=analytics,instances=3" },
            { 5 * kSecond, "detach,service=notification" },
            { 6 * kSecond, "scale,service=analytics,instances=1" },
            { 8 * kSecond, "attach,service=notification" },
        };
        for (const auto& [at, text] : plan) {
            live->runUntil(at);
            live->injectionQueue().enqueue(FaultInjector::timedNow(spec(text), *live));
        }
        live->runUntil(until);
        QCOMPARE(traced.texts.size(), std::size(plan));
        QVERIFY(live->fingerprint() != plain->fingerprint());

        auto replay = ScenarioBuilder::build(scenario, 7);
        for (const QString& text : traced.texts)
            QVERIFY(FaultInjector::schedule(spec(qPrintable(text)), *replay).isEmpty());
        replay->runUntil(until);
        QCOMPARE(replay->fingerprint(), live->fingerprint());
        QCOMPARE(replay->instanceCount(replay->findService("analytics")), std::uint16_t(1));
    }
};

QTEST_GUILESS_MAIN(TestRuntimeConsumers)
#include "tst_runtimeconsumers.moc"
