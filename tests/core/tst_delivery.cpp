#include "testservices.h"

#include <QTest>
#include <map>
#include <set>

using namespace eventloom;
using namespace eventloom::test;

namespace {
struct Setup {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    Sink* sinks[3] = {};
    std::uint16_t sinkService[3] = {};
};

// One producer, a 4-partition topic, three groups (instances 1, 2 and 3).
std::unique_ptr<Setup> makeSetup(int events, SimTime processing = 2 * kMillisecond, SimTime commitDelay = 0)
{
    auto s = std::make_unique<Setup>();
    s->sim = std::make_unique<Simulation>(42);
    s->sim->addTopic("ticks", 4, 500);
    s->sim->addService(
        "producer", std::make_unique<Producer>("ticks", events, kMillisecond, 16), LatencyModel::fixed(0));
    for (int g = 0; g < 3; ++g) {
        auto sink = std::make_unique<Sink>();
        s->sinks[g] = sink.get();
        const std::string name = "sink" + std::to_string(g);
        s->sinkService[g] = s->sim->addService(
            name, std::move(sink), LatencyModel::fixed(processing), static_cast<std::uint16_t>(g + 1));
        s->sim->subscribe(s->sinkService[g], "ticks", name, 1, commitDelay);
    }
    s->sim->addObserver(&s->trace);
    return s;
}

// Per (group, partition): the offsets handled, in handling order.
std::map<std::pair<int, int>, std::vector<std::int64_t>> handledOffsets(const TraceCollector& trace)
{
    std::map<std::pair<int, int>, std::vector<std::int64_t>> out;
    for (const TraceRecord& r : trace.of(TraceKind::Handled))
        out[{ r.group, r.partition }].push_back(r.offset);
    return out;
}
}

class TestDelivery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyGroupHandlesEveryEventExactlyOnceInPartitionOrder()
    {
        auto s = makeSetup(500);
        s->sim->runToQuiescence();
        QCOMPARE(s->sim->counters().events, 500u);
        for (Sink* sink : s->sinks) {
            QCOMPARE(sink->handled.size(), std::size_t(500));
            for (const auto& [seq, count] : sink->handled)
                QCOMPARE(count, 1);
        }
        QCOMPARE(s->sim->counters().deliveries, 1500u);
        QCOMPARE(s->sim->counters().redeliveries, 0u);
        for (const auto& [where, offsets] : handledOffsets(s->trace))
            for (std::size_t i = 0; i < offsets.size(); ++i)
                QCOMPARE(offsets[i], static_cast<std::int64_t>(i)); // 0, 1, 2, ... in order, no gaps
        // Everything committed: no lag left.
        for (std::uint16_t g = 0; g < s->sim->bus().groupCount(); ++g)
            for (int p = 0; p < 4; ++p)
                QCOMPARE(s->sim->bus().lag(g, p), 0);
    }

    void observersSeeTheInitialAssignment()
    {
        // Observers are attached after the simulation is built: the first rebalance still reaches them.
        auto s = makeSetup(1);
        s->sim->step();
        const auto rebalanced = s->trace.of(TraceKind::Rebalanced);
        QCOMPARE(rebalanced.size(), std::size_t(12)); // 3 groups x 4 partitions
        for (const TraceRecord& r : rebalanced) {
            QCOMPARE(r.t, SimTime(0));
            QVERIFY(r.aux >= 0); // every partition got an owner
        }
    }

    void keyedEventsStayOnTheirPartition()
    {
        auto s = makeSetup(64);
        s->sim->runToQuiescence();
        std::map<Atom, std::set<std::int32_t>> partitionsOfKey;
        for (const Event& e : s->sim->log().events())
            if (e.kind == Event::Kind::Event)
                partitionsOfKey[e.key].insert(e.partition);
        QCOMPARE(partitionsOfKey.size(), std::size_t(16));
        for (const auto& [key, partitions] : partitionsOfKey)
            QCOMPARE(partitions.size(), std::size_t(1));
    }

    void partitionsAreSplitAcrossInstances()
    {
        auto s = makeSetup(200);
        s->sim->runToQuiescence();
        // Group 1 has 2 instances over 4 partitions: range assignment gives {0,1} and {2,3}.
        // Group 2 has 3 instances: {0,1}, {2}, {3}.
        std::map<std::pair<int, int>, std::set<int>> instancesOf; // (group, partition) → instances
        for (const TraceRecord& r : s->trace.of(TraceKind::Handled))
            instancesOf[{ r.group, r.partition }].insert(r.instance);
        const int expected[3][4] = { { 0, 0, 0, 0 }, { 0, 0, 1, 1 }, { 0, 0, 1, 2 } };
        for (int g = 0; g < 3; ++g)
            for (int p = 0; p < 4; ++p) {
                const std::set<int> only { expected[g][p] };
                QCOMPARE(instancesOf[std::make_pair(g, p)], only);
            }
    }

    void rebalanceLosesNothing()
    {
        auto s = makeSetup(400);
        s->sim->runUntil(100 * kMillisecond);
        s->sim->addInstance(s->sinkService[0]); // group 0: 1 → 2 instances
        s->sim->runUntil(200 * kMillisecond);
        QVERIFY(s->sim->removeInstance(s->sinkService[2])); // group 2: 3 → 2 instances
        s->sim->runUntil(300 * kMillisecond);
        s->sim->addInstance(s->sinkService[2]);
        s->sim->runToQuiescence();
        QVERIFY(s->sim->counters().rebalances > 0);
        for (Sink* sink : s->sinks) {
            QCOMPARE(sink->handled.size(), std::size_t(400)); // every event handled at least once
            for (const auto& [seq, count] : sink->handled)
                QVERIFY(count >= 1);
        }
        // After a rebalance, handling continues from where the group was: per partition, offsets
        // are handled in order (a repeat is allowed, a gap is not).
        for (const auto& [where, offsets] : handledOffsets(s->trace)) {
            std::int64_t high = -1;
            for (const std::int64_t o : offsets) {
                QVERIFY2(o <= high + 1, "no offset skipped");
                high = std::max(high, o);
            }
        }
        // The new instance really took partitions.
        bool secondInstanceWorked = false;
        for (const TraceRecord& r : s->trace.of(TraceKind::Handled))
            secondInstanceWorked |= r.group == 0 && r.instance == 1;
        QVERIFY(secondInstanceWorked);
    }

    void crashBetweenHandlingAndCommitRedelivers()
    {
        // Commits land 5 ms after handling; a crash in that window loses the commit, not the effect.
        auto s = makeSetup(20, 2 * kMillisecond, 5 * kMillisecond);
        Sink* sink = s->sinks[0];
        const std::uint16_t service = s->sinkService[0];
        // Run until group 0 has handled something it has not committed yet.
        std::uint32_t victim = kNoMessage;
        while (s->sim->step()) {
            const auto handled = s->trace.of(TraceKind::Handled);
            if (!handled.empty() && handled.back().group == 0) {
                victim = handled.back().message;
                break;
            }
        }
        QVERIFY(victim != kNoMessage);
        QCOMPARE(sink->handled[victim], 1);
        s->sim->crashService(service, 10 * kMillisecond);
        QVERIFY(!s->sim->serviceUp(service));
        s->sim->runToQuiescence();
        QVERIFY(s->sim->serviceUp(service));

        QCOMPARE(sink->handled[victim], 2); // the effect happened twice: at-least-once
        QVERIFY(s->sim->counters().redeliveries >= 1);
        bool redeliveredVictim = false;
        for (const TraceRecord& r : s->trace.of(TraceKind::Delivered))
            redeliveredVictim |= r.group == 0 && r.message == victim && r.attempt == 2;
        QVERIFY(redeliveredVictim);
        QCOMPARE(s->trace.of(TraceKind::Crashed).size(), std::size_t(1));
        QCOMPARE(s->trace.of(TraceKind::Restarted).size(), std::size_t(1));
        // The other groups were not affected, and everyone got everything in the end.
        QCOMPARE(s->sinks[1]->handled.size(), std::size_t(20));
        QCOMPARE(sink->handled.size(), std::size_t(20));
    }

    void aCrashedServiceGetsNothingUntilItRestarts()
    {
        auto s = makeSetup(300);
        const std::uint16_t service = s->sinkService[2]; // three instances
        s->sim->scheduleCrash(100 * kMillisecond, service, 80 * kMillisecond);
        s->sim->runToQuiescence();
        SimTime crashedAt = -1;
        SimTime restartedAt = -1;
        for (const TraceRecord& r : s->trace.records) {
            if (r.kind == TraceKind::Crashed)
                crashedAt = r.t;
            if (r.kind == TraceKind::Restarted)
                restartedAt = r.t;
            if (r.service == service && (r.kind == TraceKind::Delivered || r.kind == TraceKind::Handled))
                QVERIFY2(crashedAt < 0 || restartedAt >= 0, "no delivery or handling while the service is down");
        }
        QCOMPARE(crashedAt, 100 * kMillisecond);
        QCOMPARE(restartedAt, 180 * kMillisecond);
        QCOMPARE(s->sinks[2]->handled.size(), std::size_t(300)); // it caught up after the restart
        QVERIFY(s->sim->bus().lag(2, 0) == 0);
    }

    void slowConsumerBuildsLagWhileOthersKeepUp()
    {
        Simulation sim(1);
        sim.addTopic("ticks", 1, 0);
        sim.addService("producer", std::make_unique<Producer>("ticks", 100, kMillisecond, 4), LatencyModel::fixed(0));
        const auto fast = sim.addService("fast", std::make_unique<Sink>(), LatencyModel::fixed(100));
        const auto slow = sim.addService("slow", std::make_unique<Sink>(), LatencyModel::fixed(10 * kMillisecond));
        const auto fastGroup = sim.subscribe(fast, "ticks", "fast");
        const auto slowGroup = sim.subscribe(slow, "ticks", "slow");
        sim.runUntil(100 * kMillisecond + 500);
        QCOMPARE(sim.bus().lag(fastGroup, 0), 0);
        QVERIFY2(sim.bus().lag(slowGroup, 0) > 50, "a consumer 10x slower than the producer falls behind");
        sim.runToQuiescence();
        QCOMPARE(sim.bus().lag(slowGroup, 0), 0);
    }

    void handlerMayReadItsMessageAfterPublishing()
    {
        // Regression (found under ASan): publishing grows the log, so the message a handler
        // was given must not be a reference into the log's storage.
        class Echo : public Service {
        public:
            HandleResult handle(ServiceContext& ctx, const Event& message) override
            {
                const std::uint32_t seq = message.seq;
                const Atom type = message.type;
                for (int i = 0; i < 200; ++i)
                    ctx.publish(ctx.intern("echoes"), ctx.intern("Echo"), 0, ctx.payload());
                intact = intact && message.seq == seq && message.type == type;
                return {};
            }
            bool intact = true;
        };
        Simulation sim(3);
        sim.addTopic("ticks", 1, 0);
        sim.addTopic("echoes", 1, 0);
        sim.addService("producer", std::make_unique<Producer>("ticks", 20, kMillisecond, 1), LatencyModel::fixed(0));
        auto echo = std::make_unique<Echo>();
        Echo* probe = echo.get();
        sim.subscribe(sim.addService("echo", std::move(echo), LatencyModel::fixed(10)), "ticks", "echo");
        sim.runToQuiescence();
        QCOMPARE(sim.counters().events, 20u + 20u * 200u);
        QVERIFY(probe->intact);
    }

    void commandsWaitForACrashedService()
    {
        Simulation sim(5);
        class Sender : public Service {
        public:
            void start(ServiceContext& ctx) override { ctx.scheduleTimer(kMillisecond, 0); }
            HandleResult handle(ServiceContext&, const Event&) override { return {}; }
            void timer(ServiceContext& ctx, std::uint64_t) override
            {
                ctx.send(ctx.intern("target"), ctx.intern("DoIt"), ctx.intern("k"), ctx.payload());
            }
        };
        auto sink = std::make_unique<Sink>();
        Sink* target = sink.get();
        sim.addService("sender", std::make_unique<Sender>(), LatencyModel::fixed(0));
        const auto t = sim.addService("target", std::move(sink), LatencyModel::fixed(kMillisecond));
        sim.scheduleCrash(0, t, 50 * kMillisecond);
        sim.runUntil(40 * kMillisecond);
        QCOMPARE(target->handled.size(), std::size_t(0));
        sim.runToQuiescence();
        QCOMPARE(target->handled.size(), std::size_t(1));
        QVERIFY(sim.now() >= 50 * kMillisecond);
    }
};

QTEST_GUILESS_MAIN(TestDelivery)
#include "tst_delivery.moc"
