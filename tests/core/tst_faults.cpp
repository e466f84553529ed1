// Each fault kind, retries and dead letters, ordering, breakpoints and interactive injections:
// the effect is visible in the trace and in the counters, and the delivery checker agrees.

#include "testservices.h"

#include "check/deliverychecker.h"
#include "faults/faultengine.h"
#include "faults/faultinjector.h"

#include <QTest>
#include <thread>

using namespace eventloom;
using namespace eventloom::test;

namespace {
struct Rig {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    Sink* sink = nullptr;
    std::uint16_t sinkService = 0;
};

/// A producer publishing `events` Ticks (one every `gap`, `keys` keys) to "ticks", and one sink group.
std::unique_ptr<Rig> rig(int events, SubscriptionPolicy policy = {}, SimTime gap = kMillisecond,
    SimTime processing = 2 * kMillisecond, int partitions = 2, int keys = 4, std::uint64_t seed = 42,
    bool versioned = false, std::uint16_t instances = 1)
{
    auto r = std::make_unique<Rig>();
    r->sim = std::make_unique<Simulation>(seed);
    r->sim->addTopic("ticks", partitions, 500);
    r->sim->addService(
        "producer", std::make_unique<Producer>("ticks", events, gap, keys, versioned), LatencyModel::fixed(0));
    auto sink = std::make_unique<Sink>();
    r->sink = sink.get();
    r->sinkService = r->sim->addService("sink", std::move(sink), LatencyModel::fixed(processing), instances);
    r->sim->subscribe(r->sinkService, "ticks", "sink", 1, 0, StartFrom::Earliest, policy);
    r->sim->addObserver(&r->trace);
    return r;
}

InjectionSpec spec(const char* text)
{
    QString error;
    const auto parsed = InjectionSpec::parse(QLatin1String(text), error);
    if (!parsed)
        qFatal("%s", qPrintable(error));
    return *parsed;
}

void inject(Rig& r, const char* text)
{
    const QString problem = FaultInjector::schedule(spec(text), *r.sim);
    if (!problem.isEmpty())
        qFatal("%s", qPrintable(problem));
}

DeliveryChecker::Report checked(const Rig& r)
{
    return DeliveryChecker::check(r.trace.records, r.sim->log());
}
}

class TestFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dropSkipsDeliveriesAndExplainsThem()
    {
        auto r = rig(100);
        inject(*r, "drop,topic=ticks,count=5");
        r->sim->runToQuiescence();
        QCOMPARE(r->trace.of(TraceKind::Dropped).size(), std::size_t(5));
        QCOMPARE(r->sim->counters().dropped, 5u);
        QCOMPARE(r->sink->handled.size(), std::size_t(95));
        const auto report = checked(*r);
        QCOMPARE(report.lost.count, 0u); // every drop is explained
        QCOMPARE(report.nonMonotonicOffsets.count, 0u);
    }
    void duplicateDeliversExtraCopies()
    {
        auto r = rig(50);
        inject(*r, "duplicate,topic=ticks,count=3,copies=2");
        r->sim->runToQuiescence();
        QCOMPARE(r->trace.of(TraceKind::Duplicated).size(), std::size_t(3));
        QCOMPARE(r->sim->counters().duplicateDeliveries, 6u);
        int tripled = 0;
        for (const auto& [seq, n] : r->sink->handled)
            tripled += n == 3 ? 1 : 0;
        QCOMPARE(tripled, 3);
        QCOMPARE(checked(*r).duplicateDeliveries.count, 3u);
        QCOMPARE(r->sim->counters().redeliveries, 0u); // copies are not crash redeliveries
    }
    void delayHoldsTheDeliveryForLatencyPlusJitter()
    {
        auto r = rig(40);
        inject(*r, "delay,topic=ticks,count=4,latency=50ms,jitter=10ms");
        r->sim->runToQuiescence();
        const auto delayed = r->trace.of(TraceKind::Delayed);
        QCOMPARE(delayed.size(), std::size_t(4));
        QCOMPARE(r->sim->counters().delayed, 4u);
        for (const TraceRecord& d : delayed) {
            QVERIFY(d.aux >= 50 * kMillisecond && d.aux <= 60 * kMillisecond);
            bool seen = false;
            for (const TraceRecord& x : r->trace.of(TraceKind::Delivered))
                if (x.message == d.message && x.group == d.group) {
                    QCOMPARE(x.t, d.t + d.aux);
                    seen = true;
                }
            QVERIFY(seen);
        }
        QCOMPARE(r->sink->handled.size(), std::size_t(40));
    }
    void reorderBreaksANaiveConsumerAndNotASequenceAwareOne()
    {
        // One partition, two keys, a consumer slower than the producer: a backlog to reorder. The events
        // carry their entityVersion, which the resequencer goes by.
        SubscriptionPolicy sequence;
        sequence.sequenceAware = true;
        std::uint64_t naiveViolations = 0;
        for (const bool aware : { false, true }) {
            auto r = rig(200, aware ? sequence : SubscriptionPolicy {}, kMillisecond, 3 * kMillisecond, 1, 2, 42, true);
            inject(*r, "reorder,topic=ticks,window=3");
            r->sim->runToQuiescence();
            QVERIFY(!r->trace.of(TraceKind::Reordered).empty());
            QCOMPARE(r->sink->handled.size(), std::size_t(200));
            for (const auto& [seq, n] : r->sink->handled)
                QCOMPARE(n, 1);
            const auto report = checked(*r);
            QCOMPARE(report.lost.count, 0u);
            QCOMPARE(report.orderViolations.count, r->sim->counters().orderViolations); // engine and checker agree
            if (aware) {
                QCOMPARE(r->sim->counters().orderViolations, 0u);
                QVERIFY(r->sim->counters().parked > 0);
            } else {
                naiveViolations = r->sim->counters().orderViolations;
            }
        }
        QVERIFY(naiveViolations > 0);
    }
    void slowMultipliesProcessingTime()
    {
        auto r = rig(10);
        inject(*r, "slow,service=sink,factor=5");
        r->sim->runToQuiescence();
        const auto delivered = r->trace.of(TraceKind::Delivered);
        const auto handled = r->trace.of(TraceKind::Handled);
        QVERIFY(!handled.empty());
        for (const TraceRecord& h : handled)
            for (const TraceRecord& d : delivered)
                if (d.message == h.message && d.group == h.group)
                    QCOMPARE(h.t - d.t, 10 * kMillisecond);
    }
    void poisonIsRetriedWithBackoffThenDeadLetteredAndCanBeRepublished()
    {
        SubscriptionPolicy policy;
        policy.onFailure = OnFailure::DeadLetter;
        policy.retries = 2;
        policy.backoff = 10 * kMillisecond;
        auto r = rig(20, policy);
        inject(*r, "poison@5ms,topic=ticks,count=1");
        r->sim->runToQuiescence();
        QCOMPARE(r->trace.of(TraceKind::Poisoned).size(), std::size_t(1));
        const auto retried = r->trace.of(TraceKind::Retried);
        QCOMPARE(retried.size(), std::size_t(2));
        QCOMPARE(retried[0].aux, 10 * kMillisecond);
        QCOMPARE(retried[1].aux, 20 * kMillisecond); // exponential backoff
        QCOMPARE(r->sim->counters().deadLettered, 1u);
        const auto& letters = r->sim->deadLetters();
        QCOMPARE(letters.size(), std::size_t(1));
        QCOMPARE(r->sim->log().text(letters[0].reason), std::string_view("poison record: the handler threw"));
        const Event& copy = r->sim->log().at(letters[0].copy);
        QCOMPARE(r->sim->log().text(r->sim->bus().topic(copy.topic).name), std::string_view("ticks.dlq"));
        QCOMPARE(copy.causation, letters[0].message);
        QCOMPARE(checked(*r).lost.count, 0u); // a dead letter explains it
        QVERIFY(!r->sink->handled.count(letters[0].message));

        // Republished (edited), the message goes through: the poison was in the original.
        QJsonObject edited { { QStringLiteral("n"), 999 } };
        const std::uint32_t again = r->sim->republishDeadLetter(0, &edited);
        QVERIFY(again != kNoMessage);
        r->sim->runToQuiescence();
        QCOMPARE(r->trace.of(TraceKind::Republished).size(), std::size_t(1));
        QCOMPARE(r->sink->handled[again], 1);
        QCOMPARE(r->sim->log().field(r->sim->log().at(again), r->sim->log().atoms().find("n")).i, 999);
    }
    void aFailureWithoutAPolicyBlocksItsPartitionAndOnlyThat()
    {
        // Two instances, one partition each: the poison message's partition stops behind it, for good;
        // the other partition is read to its end.
        SubscriptionPolicy policy; // no retry policy: onFailure is Block
        policy.maxBackoff = 200 * kMillisecond;
        auto r = rig(40, policy, kMillisecond, 2 * kMillisecond, 2, 4, 42, false, 2);
        inject(*r, "poison@5ms,topic=ticks,count=1");
        r->sim->runUntil(5 * kSecond);
        QVERIFY(r->sim->nextTime() >= 0); // a blocked consumer is not quiet: it keeps reading the record again
        const auto poisoned = r->trace.of(TraceKind::Poisoned);
        QCOMPARE(poisoned.size(), std::size_t(1));
        const Event& poison = r->sim->log().at(poisoned[0].message);
        const ConsumerGroup& group = r->sim->bus().group(0);
        const PartitionCursor& stuck = group.partitions[static_cast<std::size_t>(poison.partition)];
        QCOMPARE(stuck.blockedAt, poison.offset);
        QCOMPARE(stuck.committed, poison.offset);
        const auto& topic = r->sim->bus().topic(0);
        const auto stuckSize = static_cast<std::int64_t>(topic.logs[static_cast<std::size_t>(poison.partition)].size());
        QVERIFY(stuckSize > poison.offset + 1); // records behind it, never handled
        QCOMPARE(r->sim->bus().lag(0, poison.partition), stuckSize - poison.offset);
        for (std::int64_t o = poison.offset; o < stuckSize; ++o)
            QVERIFY(!r->sink->handled.count(
                topic.logs[static_cast<std::size_t>(poison.partition)][static_cast<std::size_t>(o)]));
        const std::int32_t other = 1 - poison.partition;
        QCOMPARE(r->sim->bus().lag(0, other), 0);
        QCOMPARE(group.partitions[static_cast<std::size_t>(other)].blockedAt, -1);

        // Retried again and again, each attempt one more, the backoff doubling up to maxBackoff.
        const auto retried = r->trace.of(TraceKind::Retried);
        QVERIFY(retried.size() > 20);
        for (std::size_t i = 0; i < retried.size(); ++i) {
            QCOMPARE(retried[i].message, poison.seq);
            QCOMPARE(retried[i].attempt, static_cast<std::uint16_t>(i + 1));
            QCOMPARE(retried[i].aux, i == 0 ? 100 * kMillisecond : 200 * kMillisecond);
        }
        QCOMPARE(r->sim->counters().deadLettered, 0u);
        const auto report = checked(*r);
        QCOMPARE(report.lost.count, 0u); // blocked is not lost: it is still there to be handled
        QCOMPARE(report.unfinished.count, static_cast<std::uint64_t>(stuckSize - poison.offset));
    }
    void skipMovesPastAFailureAndTheCheckerCallsItLost()
    {
        SubscriptionPolicy policy;
        policy.onFailure = OnFailure::Skip;
        auto r = rig(20, policy);
        inject(*r, "poison,topic=ticks,count=1");
        r->sim->runToQuiescence();
        QCOMPARE(r->sim->counters().failed, 1u);
        QCOMPARE(r->sim->counters().deadLettered, 0u);
        QCOMPARE(r->trace.of(TraceKind::Retried).size(), std::size_t(0));
        QCOMPARE(r->sim->bus().group(0).skipped, 1u);
        QCOMPARE(checked(*r).lost.count, 1u);
        QCOMPARE(r->sink->handled.size(), std::size_t(19));
    }
    void aBlockedConsumerThatCrashesReadsTheSameRecordAgain()
    {
        auto r = rig(10, {}, kMillisecond, 2 * kMillisecond, 1, 4);
        inject(*r, "poison@3ms,topic=ticks,count=1");
        inject(*r, "crash@1s,service=sink,for=100ms");
        r->sim->runUntil(3 * kSecond);
        const std::uint32_t poison = r->trace.of(TraceKind::Poisoned)[0].message;
        const std::int64_t offset = r->sim->log().at(poison).offset;
        // After the restart the group resumes from its committed offset: the poison message, again.
        bool readAgain = false;
        std::uint16_t lastAttempt = 0;
        for (const TraceRecord& h : r->trace.of(TraceKind::Handled)) {
            if (h.message != poison)
                continue;
            QCOMPARE(h.outcome, HandleOutcome::Failed);
            QVERIFY(h.attempt > lastAttempt); // the attempt count survives the crash
            lastAttempt = h.attempt;
            readAgain = readAgain || h.t > 1100 * kMillisecond;
        }
        QVERIFY(readAgain);
        bool redelivered = false;
        for (const TraceRecord& d : r->trace.of(TraceKind::Redelivered))
            redelivered = redelivered || (d.message == poison && d.t >= 1100 * kMillisecond);
        QVERIFY(redelivered); // read again from the committed offset, not a retry
        QCOMPARE(r->sim->bus().group(0).partitions[0].committed, offset);
        QCOMPARE(r->sim->bus().group(0).partitions[0].blockedAt, offset);
        QCOMPARE(r->sink->handled.size(), static_cast<std::size_t>(offset));
    }
    void anOffsetResetPastABlockedRecordUnblocksThePartition()
    {
        // What an operator does for a plain consumer stuck on a poison record: move the group's offset past it.
        auto r = rig(40, {}, 100 * kMillisecond, 2 * kMillisecond, 1, 4);
        inject(*r, "poison@5ms,topic=ticks,count=1");
        inject(*r, "reset-offset@1s,group=sink,to=latest");
        r->sim->runToQuiescence();
        QVERIFY(r->sim->idle());
        QCOMPARE(r->sim->bus().group(0).partitions[0].blockedAt, -1);
        QCOMPARE(r->sim->bus().lag(0, 0), 0);
        QVERIFY(r->sink->handled.size() > 25); // what came after the reset
        QCOMPARE(checked(*r).lost.count, 0u); // skipped on purpose, not lost
    }
    void aRunWithNothingLeftButABlockedConsumerStopsAfterTheStallHorizon()
    {
        auto r = rig(20);
        inject(*r, "poison@5ms,topic=ticks,count=1");
        r->sim->runToQuiescence();
        QVERIFY(!r->sim->idle()); // not quiet: the consumer would retry without end
        QVERIFY(r->sim->stalled());
        const SimTime maxBackoff = SubscriptionPolicy {}.maxBackoff;
        QVERIFY(r->sim->now() >= Simulation::kStallHorizon);
        QVERIFY(r->sim->now() <= Simulation::kStallHorizon + 2 * maxBackoff);
        QCOMPARE(r->sim->bus().blockedWaits(), std::size_t(1));
    }
    void aBlockedRunIsDeterministic()
    {
        std::vector<std::uint64_t> prints;
        for (const OnFailure onFailure : { OnFailure::Block, OnFailure::Block, OnFailure::Skip }) {
            SubscriptionPolicy policy;
            policy.onFailure = onFailure;
            auto r = rig(30, policy, kMillisecond, 2 * kMillisecond, 2, 4, 7);
            inject(*r, "poison@5ms,topic=ticks,count=2");
            r->sim->runUntil(10 * kSecond);
            prints.push_back(r->sim->fingerprint());
        }
        QCOMPARE(prints[0], prints[1]);
        QVERIFY(prints[0] != prints[2]);
    }
    void deploySchemaBreaksAStrictOldConsumerNotATolerantOne()
    {
        // Tick has no declared schema: it is read by version alone (SchemaRegistry), and an upcaster,
        // which turns old events into new ones, does not help a reader older than the event.
        for (const bool tolerant : { false, true }) {
            SubscriptionPolicy policy;
            policy.onFailure = OnFailure::DeadLetter;
            policy.retries = 1;
            policy.backoff = kMillisecond;
            policy.schemaVersion = 1;
            policy.upcaster = true;
            policy.tolerant = tolerant;
            auto r = rig(30, policy);
            inject(*r, "deploy-schema@10ms,service=producer,type=Tick,version=2,count=3");
            r->sim->runToQuiescence();
            int v2 = 0;
            for (const Event& e : r->sim->log().events())
                v2 += e.version == 2 && r->sim->log().text(e.type) == "Tick"
                        && r->sim->log().text(r->sim->bus().topic(e.topic).name) == "ticks"
                    ? 1
                    : 0;
            QCOMPARE(v2, 3);
            QCOMPARE(r->sim->counters().deadLettered, tolerant ? 0u : 3u);
            if (!tolerant)
                QCOMPARE(r->sim->log().text(r->sim->deadLetters()[0].reason),
                    std::string_view("unknown schema version 2 of Tick"));
        }
    }
    void breakpointsPauseAndTheCallerDecides()
    {
        auto r = rig(6, {}, kMillisecond, kMillisecond, 1, 6);
        r->sim->faults().setBreakpoint(r->sinkService);
        int decided = 0;
        while (true) {
            if (!r->sim->step()) {
                if (!r->sim->paused())
                    break;
                const auto pending = r->sim->faults().pending();
                QCOMPARE(pending.size(), std::size_t(1)); // one partition: one delivery at a time
                const auto choice = decided == 0 ? FaultEngine::Choice::Drop
                    : decided == 1               ? FaultEngine::Choice::Duplicate
                    : decided == 2               ? FaultEngine::Choice::Delay
                                                 : FaultEngine::Choice::Deliver;
                QVERIFY(r->sim->faults().resolve(pending[0].id, choice, 1, 30 * kMillisecond));
                ++decided;
            }
        }
        QCOMPARE(decided, 6);
        QCOMPARE(r->sim->counters().dropped, 1u);
        QCOMPARE(r->sim->counters().duplicateDeliveries, 1u);
        QCOMPARE(r->sim->counters().delayed, 1u);
        QCOMPARE(r->sink->handled.size(), std::size_t(5));
        for (const TraceRecord& d : r->trace.of(TraceKind::Dropped))
            QCOMPARE(r->sim->log().text(d.detail), std::string_view("breakpoint"));
    }
    void aCrashWhilePausedForgetsTheHeldDelivery()
    {
        auto r = rig(3, {}, kMillisecond, kMillisecond, 1, 3);
        r->sim->faults().setBreakpoint(kNoIndex);
        while (r->sim->step()) { }
        QVERIFY(r->sim->paused());
        r->sim->crashService(r->sinkService, 5 * kMillisecond);
        r->sim->faults().clearBreakpoints();
        QVERIFY(r->sim->step()); // the held delivery went with the consumer: the run goes on
        r->sim->runToQuiescence();
        QCOMPARE(r->sink->handled.size(), std::size_t(3));
    }
    void interactiveInjectionsAreTracedWithTheirTimeAndReplay()
    {
        auto live = rig(300, {}, kMillisecond, 2 * kMillisecond, 2, 4, 7);
        live->sim->runUntil(40 * kMillisecond);
        // Another thread asks, as the GUI would.
        std::thread gui([&] {
            QCOMPARE(live->sim->injectionQueue().enqueue(QStringLiteral("duplicate,topic=ticks,probability=0.3")),
                QString());
            QVERIFY(!live->sim->injectionQueue().enqueue(QStringLiteral("explode")).isEmpty());
        });
        gui.join();
        live->sim->runUntil(120 * kMillisecond);
        QCOMPARE(live->sim->injectionQueue().enqueue(QStringLiteral("crash,service=ghost")),
            QString()); // parses; refused by the engine
        QCOMPARE(live->sim->injectionQueue().enqueue(QStringLiteral("crash,service=sink,for=20ms")), QString());
        live->sim->runToQuiescence();
        QCOMPARE(live->sim->injectionQueue().takeRefusals(),
            QStringList { QStringLiteral("crash,service=ghost: unknown service 'ghost'") });
        const auto injections = live->trace.of(TraceKind::Injection);
        QCOMPARE(injections.size(), std::size_t(2));
        QVERIFY(injections[0].t > 40 * kMillisecond);
        QVERIFY(live->sim->counters().duplicateDeliveries > 0);
        QCOMPARE(live->sim->counters().crashes, 1u);

        auto replay = rig(300, {}, kMillisecond, 2 * kMillisecond, 2, 4, 7);
        for (const TraceRecord& i : injections) {
            const QString text = QString::fromStdString(std::string(live->sim->log().text(i.detail)));
            QVERIFY(text.contains(QStringLiteral("@%1us").arg(i.t)));
            QString error;
            QCOMPARE(FaultInjector::schedule(*InjectionSpec::parse(text, error), *replay->sim), QString());
        }
        replay->sim->runToQuiescence();
        QCOMPARE(replay->sim->fingerprint(), live->sim->fingerprint());
    }
    void aRunWithoutFaultsIsUnchangedByTheMachinery()
    {
        auto plain = rig(100);
        plain->sim->runToQuiescence();
        auto armed = rig(100);
        armed->sim->faults(); // the engine exists, with no rule and no breakpoint
        armed->sim->runToQuiescence();
        QCOMPARE(armed->sim->fingerprint(), plain->sim->fingerprint());
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
