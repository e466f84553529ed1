// Delivery breakpoints replay: setting and clearing them (break, unbreak) and deciding on each held
// delivery (resolve) are injections, traced where they happened. Whatever is done while the run waits at
// a breakpoint is marked paused=true and applied at that pause, in its order — so re-running the scenario
// with the traced specs, or replaying the recorded run file, reproduces a hand-chosen delivery order.

#include "injectiontext.h"
#include "recordtesting.h"
#include "testservices.h"

#include "faults/faultengine.h"
#include "faults/faultinjector.h"
#include "record/runfile.h"
#include "record/runreplay.h"
#include "sim/checkpoints.h"

#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
QString text(const Simulation& sim, Atom atom)
{
    const std::string_view s = sim.log().text(atom);
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// A live run driven as the window drives it (SimulationWorker::inject), optionally recorded.
struct Live {
    explicit Live(std::unique_ptr<Simulation> s)
        : sim(std::move(s))
    {
    }
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    QStringList asked; ///< every spec as the window declared it, in order
    RunRecorder* recorder = nullptr;

    /// Timed now (at a pause: paused=true), queued, and — at a pause — applied at once.
    void ask(const QString& spec)
    {
        const QString timed = injectiontext::timedNow(spec, *sim);
        QString error;
        const auto parsed = InjectionSpec::parse(timed, error);
        if (!parsed)
            qFatal("%s: %s", qPrintable(timed), qPrintable(error));
        if (const QString problem = sim->injectionQueue().enqueue(timed); !problem.isEmpty())
            qFatal("%s", qPrintable(problem));
        asked << timed;
        if (recorder)
            recorder->declareInjection(timed, parsed->at);
        if (parsed->atPause)
            sim->step();
    }
    QString resolve(const FaultEngine::PendingDelivery& p, const QString& choice) const
    {
        const ConsumerGroup& g = sim->bus().group(p.group);
        return QStringLiteral("resolve,topic=%1,group=%2,partition=%3,offset=%4,choice=%5")
            .arg(text(*sim, sim->bus().topic(g.topic).name), text(*sim, g.name))
            .arg(p.partition)
            .arg(p.offset)
            .arg(choice);
    }
    std::vector<FaultEngine::PendingDelivery> pending() const { return sim->faults().pending(); }
    std::vector<TraceRecord> injections() const { return trace.of(TraceKind::Injection); }
};

/// The first record at or after `from` about delivery (group, partition, offset) of one of `kinds`.
std::ptrdiff_t find(const std::vector<TraceRecord>& records, std::size_t from, const FaultEngine::PendingDelivery& p)
{
    for (std::size_t i = from; i < records.size(); ++i) {
        const TraceRecord& r = records[i];
        if (r.group == p.group && r.partition == p.partition && r.offset == p.offset
            && (r.kind == TraceKind::Delivered || r.kind == TraceKind::Dropped || r.kind == TraceKind::Duplicated
                || r.kind == TraceKind::Delayed))
            return static_cast<std::ptrdiff_t>(i);
    }
    return -1;
}

bool sameRecords(
    const Simulation& a, const std::vector<TraceRecord>& x, const Simulation& b, const std::vector<TraceRecord>& y)
{
    if (x.size() != y.size())
        return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const TraceRecord& r = x[i];
        const TraceRecord& s = y[i];
        if (r.t != s.t || r.kind != s.kind || r.outcome != s.outcome || r.message != s.message || r.service != s.service
            || r.instance != s.instance || r.group != s.group || r.partition != s.partition || r.offset != s.offset
            || r.aux != s.aux || text(a, r.detail) != text(b, s.detail))
            return false;
    }
    return true;
}

constexpr const char* kFanout = "01-pubsub-fanout";
}

class TestBreakpoints : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void specsParse()
    {
        QString error;
        auto spec = InjectionSpec::parse(QStringLiteral("break"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->kind, InjectionSpec::Kind::Break);
        QVERIFY(spec->service.isEmpty());
        QVERIFY(!spec->atPause);
        spec = InjectionSpec::parse(QStringLiteral("unbreak@2s,service=payment,paused=true"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->kind, InjectionSpec::Kind::Unbreak);
        QCOMPARE(spec->at, 2 * kSecond);
        QVERIFY(spec->atPause);
        spec = InjectionSpec::parse(
            QStringLiteral(
                "resolve@5us,topic=orders.events,group=inventory,partition=2,offset=17,choice=delay,latency=30ms"),
            error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->kind, InjectionSpec::Kind::Resolve);
        QCOMPARE(spec->group, QStringLiteral("inventory"));
        QCOMPARE(spec->partition.value_or(-1), 2);
        QCOMPARE(spec->offset.value_or(-1), std::int64_t(17));
        QCOMPARE(spec->choice, QStringLiteral("delay"));
        QCOMPARE(spec->latency.value_or(0), 30 * kMillisecond);
        QVERIFY(spec->atPause); // a resolve is always done at a pause
        QCOMPARE(InjectionSpec::kindName(spec->kind), QStringLiteral("resolve"));

        QVERIFY(!InjectionSpec::parse(QStringLiteral("resolve,group=g,partition=0,choice=drop"), error));
        QVERIFY2(error.contains(QStringLiteral("offset=N")), qPrintable(error));
        QVERIFY(!InjectionSpec::parse(QStringLiteral("resolve,group=g,partition=0,offset=1,choice=keep"), error));
        QVERIFY2(error.contains(QStringLiteral("'keep' for choice")), qPrintable(error));
        QVERIFY(!InjectionSpec::parse(QStringLiteral("break,paused=maybe"), error));
        QVERIFY(!InjectionSpec::parse(QStringLiteral("resolve,group=g,partition=0,offset=-1,choice=drop"), error));

        QCOMPARE(injectiontext::atPause(QStringLiteral("crash,service=a"), 42),
            QStringLiteral("crash@42us,service=a,paused=true"));
        QCOMPARE(injectiontext::atPause(QStringLiteral("resolve,group=g,partition=0,offset=1,choice=drop"), 42),
            QStringLiteral("resolve@42us,group=g,partition=0,offset=1,choice=drop"));
    }

    void aBreakpointOnOneConsumerHoldsOnlyItsDeliveries()
    {
        Live live { ScenarioBuilder::build(loadShipped(QLatin1String(kFanout))) };
        live.sim->addObserver(&live.trace);
        live.ask(QStringLiteral("break,service=notification"));
        QCOMPARE(live.asked.front(), QStringLiteral("break@1us,service=notification")); // not paused: now + 1 µs
        live.sim->runToQuiescence();
        QVERIFY(live.sim->paused());
        const auto pending = live.pending();
        QCOMPARE(pending.size(), std::size_t(1));
        const ConsumerGroup& held = live.sim->bus().group(pending[0].group);
        QCOMPARE(text(*live.sim, held.name), QStringLiteral("notification"));
        // The other groups got the same event at the same moment; notification did not.
        int others = 0;
        for (const TraceRecord& r : live.trace.of(TraceKind::Delivered)) {
            QVERIFY(r.group != pending[0].group);
            others += r.message == pending[0].message ? 1 : 0;
        }
        QCOMPARE(others, 2);
        QCOMPARE(pending[0].since, live.sim->now());
    }

    void aPausedRunDoesNotMoveUntilDecided()
    {
        Live live { ScenarioBuilder::build(loadShipped(QLatin1String(kFanout))) };
        live.sim->addObserver(&live.trace);
        live.ask(QStringLiteral("break"));
        live.sim->runToQuiescence();
        QVERIFY(live.sim->paused());
        const SimTime t = live.sim->now();
        const std::size_t records = live.trace.records.size();
        QVERIFY(!live.sim->step());
        live.sim->runUntil(t + kSecond);
        QCOMPARE(live.sim->now(), t);
        QCOMPARE(live.trace.records.size(), records);

        // An injection timed before the pause (no paused=true) waits for the run to go on: the clock stays.
        QCOMPARE(live.sim->injectionQueue().enqueue(
                     injectiontext::withTime(QStringLiteral("slow,service=analytics,factor=2"), t + 1)),
            QString());
        live.sim->runUntil(t + kSecond);
        QCOMPARE(live.sim->now(), t);
        QCOMPARE(live.trace.records.size(), records);

        // A resolve for a delivery that is not held is refused: nothing is traced, the run still waits.
        live.ask(QStringLiteral("resolve,topic=orders.events,group=inventory,partition=0,offset=999,choice=deliver"));
        QCOMPARE(live.sim->injectionQueue().takeRefusals().size(), 1);
        QCOMPARE(live.trace.records.size(), records);
        QVERIFY(live.sim->paused());

        live.ask(QStringLiteral("unbreak"));
        for (const auto& p : live.pending())
            live.ask(live.resolve(p, QStringLiteral("deliver")));
        QVERIFY(!live.sim->paused());
        live.sim->runUntil(t + kSecond);
        QVERIFY(live.sim->now() == t + kSecond);
        const auto injections = live.injections();
        QCOMPARE(text(*live.sim, injections.back().detail),
            QStringLiteral("slow@%1us,service=analytics,factor=2").arg(t + 1));
        QCOMPARE(injections.back().t, t + 1); // just after the pause, where it was timed
    }

    void aHandChosenOrderReplaysExactly()
    {
        const Scenario scenario = loadShipped(QLatin1String(kFanout));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("live.sqlite"));
        Live live { ScenarioBuilder::build(scenario) };
        RunRecorder recorder;
        QString error;
        QVERIFY2(recorder.open(path, runInfo(scenario, *live.sim, 0), error), qPrintable(error));
        live.recorder = &recorder;
        live.sim->addObserver(&live.trace);
        live.sim->addObserver(&recorder);

        live.ask(QStringLiteral("break")); // every consumer
        live.sim->runToQuiescence();
        QVERIFY(live.sim->paused());
        // One OrderCreated, three groups: three deliveries wait.
        const auto first = live.pending();
        QCOMPARE(first.size(), std::size_t(3));
        QCOMPARE(first[0].message, first[1].message);
        QCOMPARE(first[1].message, first[2].message);
        const std::size_t before = live.trace.records.size();
        // Deliver the second first, then drop the first, then duplicate the third.
        live.ask(live.resolve(first[1], QStringLiteral("deliver")));
        live.ask(live.resolve(first[0], QStringLiteral("drop")));
        live.ask(live.resolve(first[2], QStringLiteral("duplicate")));
        // The trace shows them in that order, each right after the resolve that decided it.
        const std::ptrdiff_t delivered = find(live.trace.records, before, first[1]);
        const std::ptrdiff_t dropped = find(live.trace.records, before, first[0]);
        const std::ptrdiff_t duplicated = find(live.trace.records, before, first[2]);
        QVERIFY(delivered >= 0 && dropped >= 0 && duplicated >= 0);
        QVERIFY(delivered < dropped);
        QVERIFY(dropped < duplicated);
        QCOMPARE(live.trace.records[static_cast<std::size_t>(delivered)].kind, TraceKind::Delivered);
        QCOMPARE(live.trace.records[static_cast<std::size_t>(dropped)].kind, TraceKind::Dropped);
        QCOMPARE(live.trace.records[static_cast<std::size_t>(duplicated)].kind, TraceKind::Duplicated);
        for (const std::ptrdiff_t at : { delivered, dropped, duplicated }) {
            const TraceRecord& decision = live.trace.records[static_cast<std::size_t>(at - 1)];
            QCOMPARE(decision.kind, TraceKind::Injection);
            QVERIFY(text(*live.sim, decision.detail).startsWith(QStringLiteral("resolve@%1us,").arg(first[0].since)));
        }

        // More pauses: delay and deliver in reverse order; at the second, break on notification only
        // and crash analytics while it waits (its held delivery goes with it).
        int pauses = 1, crashed = 0;
        for (live.sim->runToQuiescence(); live.sim->paused() && pauses < 8; live.sim->runToQuiescence()) {
            ++pauses;
            if (pauses == 2) {
                live.ask(QStringLiteral("unbreak"));
                live.ask(QStringLiteral("break,service=notification"));
                live.ask(QStringLiteral("crash,service=analytics,for=20ms"));
                ++crashed;
            }
            auto pending = live.pending();
            std::reverse(pending.begin(), pending.end());
            for (std::size_t i = 0; i < pending.size(); ++i)
                live.ask(live.resolve(
                    pending[i], i % 2 == 0 ? QStringLiteral("delay,latency=3ms") : QStringLiteral("deliver")));
        }
        QCOMPARE(pauses, 8);
        QCOMPARE(crashed, 1);
        const bool pausedAtEnd = live.sim->paused();
        live.ask(QStringLiteral("unbreak"));
        while (live.sim->paused() || !live.sim->idle()) {
            for (const auto& p : live.pending())
                live.ask(live.resolve(p, QStringLiteral("deliver")));
            live.sim->runToQuiescence();
        }
        live.sim->finish();
        const RunSummary summary = RunSummary::of(scenario.id, *live.sim, 0);
        QVERIFY2(recorder.finish(*live.sim, &summary), qPrintable(recorder.error()));

        // Every spec asked for took effect, in the order asked, at the time it says.
        const auto injections = live.injections();
        QCOMPARE(static_cast<qsizetype>(injections.size()), live.asked.size());
        int resolves = 0, atPause = 0;
        for (std::size_t i = 0; i < injections.size(); ++i) {
            const QString traced = text(*live.sim, injections[i].detail);
            QCOMPARE(traced, live.asked[static_cast<qsizetype>(i)]);
            QVERIFY(traced.contains(QStringLiteral("@%1us").arg(injections[i].t)));
            resolves += traced.startsWith(QStringLiteral("resolve@")) ? 1 : 0;
            atPause += traced.endsWith(QStringLiteral(",paused=true")) ? 1 : 0;
        }
        QVERIFY(resolves >= 10);
        QCOMPARE(
            atPause, pausedAtEnd ? 4 : 3); // unbreak, break and crash at the second pause; the last unbreak if paused
        QVERIFY(live.sim->counters().dropped == 1 && live.sim->counters().duplicateDeliveries == 1);
        QVERIFY(live.sim->counters().delayed >= 3);
        QCOMPARE(live.sim->counters().crashes, 1u);

        // Re-running the scenario with the specs as traced (as `--inject` would) gives the same run.
        auto again = ScenarioBuilder::build(scenario);
        TraceCollector trace;
        again->addObserver(&trace);
        for (const QString& spec : live.asked) {
            const auto parsed = InjectionSpec::parse(spec, error);
            QVERIFY2(parsed, qPrintable(error));
            QCOMPARE(FaultInjector::schedule(*parsed, *again), QString());
        }
        again->runToQuiescence();
        QVERIFY(!again->paused());
        QCOMPARE(again->fingerprint(), live.sim->fingerprint());
        QVERIFY(sameRecords(*live.sim, live.trace.records, *again, trace.records));

        // And so does replaying the recorded run file, record for record.
        RunFile run;
        QVERIFY2(run.open(path, error), qPrintable(error));
        QCOMPARE(static_cast<qsizetype>(run.injections().size()), live.asked.size());
        const RunReplay::Result replay = RunReplay::replay(run, true);
        QVERIFY2(replay.ok, qPrintable(replay.error));
        QVERIFY(replay.verified);
        QVERIFY2(replay.matches,
            qPrintable(QStringLiteral("record %1: %2 / %3")
                           .arg(replay.divergedAt)
                           .arg(replay.recordedRecord, replay.replayedRecord)));
        QCOMPARE(replay.replayedFingerprint, QString::fromStdString(Fingerprint::format(live.sim->fingerprint())));
        QCOMPARE(replay.comparedRecords, static_cast<std::int64_t>(live.trace.records.size()));

        // Another order at the first pause is another run.
        Live other { ScenarioBuilder::build(scenario) };
        other.ask(QStringLiteral("break"));
        other.sim->runToQuiescence();
        const auto held = other.pending();
        QCOMPARE(held.size(), std::size_t(3));
        other.ask(other.resolve(held[0], QStringLiteral("deliver")));
        other.ask(other.resolve(held[1], QStringLiteral("deliver")));
        other.ask(other.resolve(held[2], QStringLiteral("deliver")));
        other.ask(QStringLiteral("unbreak"));
        other.sim->runToQuiescence();
        QVERIFY(other.sim->fingerprint() != live.sim->fingerprint());
    }

    void seekingAcrossPausesDoesWhatWasDoneThere()
    {
        // Time travel (Checkpointer) re-applies what the run took after a checkpoint — the pause
        // actions too, at their pauses: the run at any t is the same run.
        const Scenario scenario = loadShipped(QLatin1String(kFanout));
        Live live { ScenarioBuilder::build(scenario) };
        Checkpointer checkpoints(*live.sim, Checkpointer::Policy { 40, 0 });
        live.ask(QStringLiteral("break"));
        std::vector<SimTime> pauses;
        for (live.sim->runToQuiescence(); live.sim->paused() && pauses.size() < 6; live.sim->runToQuiescence()) {
            pauses.push_back(live.sim->now());
            QVERIFY(checkpoints.take(*live.sim)); // a checkpoint at the pause, before anything is decided
            auto pending = live.pending();
            std::reverse(pending.begin(), pending.end()); // the last held first
            for (std::size_t i = 0; i < pending.size(); ++i) {
                live.ask(live.resolve(pending[i], i == 0 ? QStringLiteral("drop") : QStringLiteral("deliver")));
                checkpoints.checkpoint(*live.sim);
            }
        }
        QCOMPARE(pauses.size(), std::size_t(6));
        QVERIFY(checkpoints.count() >= 7);
        live.ask(QStringLiteral("unbreak"));
        for (const auto& p : live.pending())
            live.ask(live.resolve(p, QStringLiteral("deliver")));
        checkpoints.checkpoint(*live.sim); // it picks up what the run took since the last one
        live.sim->runToQuiescence();
        QVERIFY(!live.sim->paused());
        for (const SimTime t : { pauses[1], pauses[3] + 1, pauses[5] + kMillisecond, live.sim->now() }) {
            auto fresh = ScenarioBuilder::build(scenario);
            for (const QString& spec : live.asked) {
                QString error;
                const auto parsed = InjectionSpec::parse(spec, error);
                QVERIFY2(parsed, qPrintable(error));
                QCOMPARE(FaultInjector::schedule(*parsed, *fresh), QString());
            }
            fresh->runUntil(t);
            const std::unique_ptr<Simulation> seeked = checkpoints.seek(t);
            QVERIFY(seeked);
            QCOMPARE(seeked->now(), fresh->now());
            QCOMPARE(seeked->paused(), fresh->paused());
            QCOMPARE(seeked->counters().dropped, fresh->counters().dropped);
            QCOMPARE(seeked->fingerprint(), fresh->fingerprint());
        }
    }

    void aRunWithoutBreakpointsKeepsItsFingerprint()
    {
        // Pause actions scheduled for pauses that never come change nothing.
        const Scenario scenario = loadShipped(QLatin1String(kFanout));
        auto plain = ScenarioBuilder::build(scenario);
        plain->runToQuiescence();
        auto armed = ScenarioBuilder::build(scenario);
        QString error;
        const auto spec = InjectionSpec::parse(
            QStringLiteral("resolve@2s,topic=orders.events,group=inventory,partition=0,offset=0,choice=drop"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(FaultInjector::schedule(*spec, *armed), QString());
        armed->runToQuiescence();
        QCOMPARE(armed->fingerprint(), plain->fingerprint());
    }
};

QTEST_GUILESS_MAIN(TestBreakpoints)
#include "tst_breakpoints.moc"
