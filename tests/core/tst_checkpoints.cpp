// Time travel (issue 9): a fork of a simulation goes on exactly as the original would, and a seek to
// any time through the checkpoints equals a fresh simulation of the same scenario stopped at that time
// — the same fingerprint, counters, trace, and every panel's state (CheckState: counters, services'
// state, read models, topics and groups; each service's own state()). For every shipped scenario.

#include "../sweep.h"
#include "testservices.h"

#include "base/mix64.h"
#include "faults/faultinjector.h"
#include "faults/injectionspec.h"
#include "lessons/checkstate.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/checkpoints.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QTest>
#include <algorithm>
#include <atomic>
#include <thread>

using namespace eventloom;
using namespace eventloom::test;

namespace {
constexpr std::uint64_t kLimit = 5'000'000; ///< items: every shipped scenario ends well before

Scenario load(const QString& id)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(id));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    return *loaded.scenario;
}

/// Runs to the scenario's end: its `until`, or until nothing is left to do.
void runToEnd(Simulation& sim, const Scenario& s)
{
    if (s.until > 0)
        sim.runUntil(s.until);
    else
        sim.runToQuiescence(kLimit);
}

/// Steps to the scenario's end, letting the checkpointer take what is due between steps.
void runWithCheckpoints(Simulation& sim, const Scenario& s, Checkpointer& checkpoints)
{
    sim.runUntil(0); // started: what the services schedule at the start is in the scheduler
    for (std::uint64_t n = 0; n < kLimit; ++n) {
        if ((s.until > 0 && sim.nextTime() > s.until) || !sim.step())
            break;
        checkpoints.checkpoint(sim);
    }
    if (s.until > 0)
        sim.runUntil(s.until);
}

QString json(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

/// The first line where two texts differ, for a readable failure.
QString firstDifference(const QString& a, const QString& b)
{
    const QStringList x = a.split(u'\n'), y = b.split(u'\n');
    for (qsizetype i = 0; i < std::min(x.size(), y.size()); ++i)
        if (x[i] != y[i])
            return QStringLiteral("line %1: '%2' vs '%3'").arg(i + 1).arg(x[i], y[i]);
    return QStringLiteral("lengths %1 vs %2").arg(x.size()).arg(y.size());
}

/// A trace record with what it refers to resolved (the message's id and type, the detail's text), so
/// two runs' records compare by meaning as well as by value.
QString describe(const TraceRecord& r, const Simulation& sim)
{
    const EventLog& log = sim.log();
    QString message;
    if (r.message != kNoMessage && r.message < log.size()) {
        const Event& e = log.at(r.message);
        message = QString::fromStdString(
            EventLog::formatId(e) + ' ' + std::string(log.text(e.type)) + ' ' + std::string(log.text(e.key)));
    }
    return QStringLiteral("%1 k%2 o%3 p%4 a%5 m%6 [%7] s%8 i%9 g%10 t%11 p%12 @%13 x%14 d'%15' sub'%16' saga%17")
        .arg(r.t)
        .arg(int(r.kind))
        .arg(int(r.outcome))
        .arg(int(r.phase))
        .arg(r.attempt)
        .arg(r.message)
        .arg(message)
        .arg(r.service)
        .arg(r.instance)
        .arg(r.group)
        .arg(r.topic)
        .arg(r.partition)
        .arg(r.offset)
        .arg(r.aux)
        .arg(QString::fromStdString(std::string(log.text(r.detail))),
            QString::fromStdString(std::string(log.text(r.subject))))
        .arg(r.saga);
}

/// Collects the trace as text, resolved against the simulation that wrote it.
class TextTrace : public TraceObserver {
public:
    void onTrace(const TraceRecord& record, const Simulation& sim) override { lines.push_back(describe(record, sim)); }
    std::vector<QString> lines;
};

/// Everything a panel shows, as one text: the observable state, each service's own state, the clock.
QString panels(const Simulation& sim)
{
    QJsonObject services;
    for (std::uint16_t i = 0; i < sim.serviceCount(); ++i)
        services.insert(QString::fromStdString(std::string(sim.serviceName(i))), sim.service(i).state());
    QJsonObject all { { QStringLiteral("checkState"), CheckState::of(sim) }, { QStringLiteral("services"), services },
        { QStringLiteral("now"), static_cast<qint64>(sim.now()) },
        { QStringLiteral("fingerprint"), QString::number(sim.fingerprint(), 16) },
        { QStringLiteral("records"), static_cast<qint64>(sim.counters().records) },
        { QStringLiteral("messages"), static_cast<qint64>(sim.log().size()) },
        { QStringLiteral("deadLetters"), static_cast<qint64>(sim.deadLetters().size()) } };
    return json(all);
}

/// `count` deterministic times in [0, end]: half pseudo-random, half the exact times of trace records
/// (so items scheduled exactly at t are covered).
std::vector<SimTime> times(std::uint64_t salt, SimTime end, const std::vector<SimTime>& recordTimes, int count)
{
    std::vector<SimTime> out;
    for (int i = 0; i < count; ++i) {
        const std::uint64_t r = mix64(salt * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(i));
        if (i % 2 == 0 || recordTimes.empty())
            out.push_back(end <= 0 ? 0 : static_cast<SimTime>(r % static_cast<std::uint64_t>(end + 1)));
        else
            out.push_back(recordTimes[r % recordTimes.size()]);
    }
    return out;
}

InjectionSpec spec(const QString& text)
{
    QString error;
    const auto parsed = InjectionSpec::parse(text, error);
    if (!parsed)
        qFatal("%s: %s", qPrintable(text), qPrintable(error));
    return *parsed;
}

/// A reference run of the scenario: its end time and the times of its records.
struct Reference {
    SimTime end = 0;
    std::uint64_t fingerprint = 0;
    std::vector<SimTime> recordTimes;
};

Reference reference(const Scenario& s)
{
    class Times : public TraceObserver {
    public:
        void onTrace(const TraceRecord& record, const Simulation&) override { times.push_back(record.t); }
        std::vector<SimTime> times;
    } times;
    auto sim = ScenarioBuilder::build(s);
    sim->addObserver(&times);
    runToEnd(*sim, s);
    sim->removeObserver(&times);
    return { sim->now(), sim->fingerprint(), std::move(times.times) };
}

// Fork and seek times per scenario. Under the sanitizers one: the suite looks there for memory errors in forking
// and seeking, which the first fork and seeks already take (tests/sweep.h).
constexpr int kForks = sweep::size(4, 1);

void addScenarios()
{
    QTest::addColumn<QString>("id");
    for (const ShippedScenarios::Lesson& lesson : ShippedScenarios::lessons())
        QTest::newRow(qPrintable(lesson.id)) << lesson.id;
}
}

class TestCheckpoints : public QObject {
    Q_OBJECT
private Q_SLOTS:
    /// (a) A fork at t, run to the end beside the original: the same trace after t, fingerprint and counters.
    void aForkGoesOnExactlyAsTheOriginal_data() { addScenarios(); }
    void aForkGoesOnExactlyAsTheOriginal()
    {
        QFETCH(QString, id);
        const Scenario s = load(id);
        const Reference ref = reference(s);
        QVERIFY(ref.recordTimes.size() > 10);
        for (const SimTime t : times(qHash(id), ref.end, ref.recordTimes, kForks)) {
            auto original = ScenarioBuilder::build(s);
            original->runUntil(t);
            std::unique_ptr<Simulation> fork = original->fork();
            QVERIFY2(fork, "every shipped scenario can be forked");
            QCOMPARE(fork->now(), original->now());
            QCOMPARE(fork->fingerprint(), original->fingerprint());
            QCOMPARE(panels(*fork), panels(*original));
            TextTrace a, b;
            original->addObserver(&a);
            fork->addObserver(&b);
            runToEnd(*original, s);
            runToEnd(*fork, s);
            // A scenario's `until` may lie past its last trace record (13's leaves room for a blocked consumer).
            QVERIFY2(!a.lines.empty() || t >= ref.recordTimes.back(),
                qPrintable(QStringLiteral("nothing ran after t=%1").arg(t)));
            QCOMPARE(b.lines.size(), a.lines.size());
            // The first line that differs, compared once: a QCOMPARE per line costs more than the runs.
            const auto differ = std::mismatch(a.lines.begin(), a.lines.end(), b.lines.begin());
            if (differ.first != a.lines.end())
                QCOMPARE(*differ.second, *differ.first);
            QCOMPARE(fork->fingerprint(), original->fingerprint());
            QCOMPARE(original->fingerprint(), ref.fingerprint); // the fork did not disturb the original
            const QString left = panels(*original), right = panels(*fork);
            QVERIFY2(left == right, qPrintable(firstDifference(left, right)));
            original->finish();
            fork->finish();
            QCOMPARE(panels(*fork), panels(*original));
        }
    }

    /// (b) seek(t) through the checkpoints equals a fresh simulation run until t.
    void seekEqualsAFreshRunStoppedThere_data() { addScenarios(); }
    void seekEqualsAFreshRunStoppedThere()
    {
        QFETCH(QString, id);
        const Scenario s = load(id);
        const Reference ref = reference(s);
        auto live = ScenarioBuilder::build(s);
        // Small intervals, so seeks start from checkpoints taken in the middle of an instant as well.
        Checkpointer checkpoints(*live, { 97, 0 });
        runWithCheckpoints(*live, s, checkpoints);
        QCOMPARE(live->fingerprint(), ref.fingerprint); // checkpoints do not disturb the run
        QVERIFY(checkpoints.count() > 3);
        std::vector<SimTime> at = times(qHash(id) + 1, ref.end, ref.recordTimes, 2 * kForks);
        at.push_back(0);
        at.push_back(ref.end);
        const std::vector<SimTime> taken = checkpoints.times();
        at.push_back(taken[taken.size() / 2]); // exactly at a checkpoint
        for (const SimTime t : at) {
            std::unique_ptr<Simulation> seeked = checkpoints.seek(t);
            QVERIFY(seeked);
            auto fresh = ScenarioBuilder::build(s);
            fresh->runUntil(t);
            QCOMPARE(seeked->now(), t);
            QCOMPARE(seeked->fingerprint(), fresh->fingerprint());
            QCOMPARE(seeked->counters().records, fresh->counters().records);
            const QString a = panels(*seeked), b = panels(*fresh);
            QVERIFY2(a == b, qPrintable(QStringLiteral("t=%1: ").arg(t) + firstDifference(a, b)));
            for (std::uint16_t i = 0; i < fresh->serviceCount(); ++i)
                QCOMPARE(seeked->service(i).state(), fresh->service(i).state());
            // And both go on alike from there.
            runToEnd(*seeked, s);
            runToEnd(*fresh, s);
            QCOMPARE(seeked->fingerprint(), ref.fingerprint);
        }
        // Seeking twice to the same time gives the same simulation; the checkpoints are untouched.
        const SimTime mid = ref.end / 2;
        QCOMPARE(panels(*checkpoints.seek(mid)), panels(*checkpoints.seek(mid)));
    }

    /// (c) "Continue from here" with an extra injection: the fork diverges, the original does not.
    void aForkWithAnotherInjectionDivergesAndTheOriginalDoesNot_data() { addScenarios(); }
    void aForkWithAnotherInjectionDivergesAndTheOriginalDoesNot()
    {
        QFETCH(QString, id);
        const Scenario s = load(id);
        const Reference ref = reference(s);
        const SimTime t = ref.end / 3;
        auto original = ScenarioBuilder::build(s);
        Checkpointer checkpoints(*original, { 200, 0 });
        runWithCheckpoints(*original, s, checkpoints);
        std::unique_ptr<Simulation> fork = checkpoints.seek(t);
        QVERIFY(fork);
        // Crash the service that handled the most so far: a visible change of course.
        const QString victim = QString::fromStdString(std::string(fork->serviceName(0)));
        QCOMPARE(fork->injectionQueue().enqueue(QStringLiteral("crash,service=%1,for=250ms").arg(victim)), QString());
        TextTrace trace;
        fork->addObserver(&trace);
        runToEnd(*fork, s);
        QVERIFY(fork->injectionQueue().takeRefusals().isEmpty());
        QVERIFY(std::any_of(trace.lines.begin(), trace.lines.end(),
            [](const QString& line) { return line.contains(QLatin1String("d'crash@")); }));
        QVERIFY(fork->counters().crashes > original->counters().crashes);
        QVERIFY(fork->fingerprint() != ref.fingerprint);
        QCOMPARE(original->fingerprint(), ref.fingerprint);
        // Seeking the original run again still gives the original's past.
        auto fresh = ScenarioBuilder::build(s);
        fresh->runUntil(t);
        QCOMPARE(panels(*checkpoints.seek(t)), panels(*fresh));
    }

    /// (d) A run with faults: the scenario's own injections, and injections taken from the queue while
    /// it went (as the window sends them) — forks and seeks still match, the latter against a replay
    /// of the run with the injections as traced.
    void forksAndSeeksOfARunWithInjections_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("interactive"); ///< "TIME_MS spec"
        QTest::newRow("07 fail-payment, crash") << QStringLiteral("07-saga-orchestration")
                                                << QStringList { QStringLiteral("800 fail-payment,count=2"),
                                                       QStringLiteral("1500 crash,service=inventory,for=400ms"),
                                                       QStringLiteral("2600 drop,probability=0.3,id=ui-drop") };
        QTest::newRow("08 duplicate, slow") << QStringLiteral("08-saga-choreography")
                                            << QStringList { QStringLiteral("500 duplicate,probability=0.5,id=ui-dup"),
                                                   QStringLiteral("1200 slow,service=payment,factor=4") };
        QTest::newRow("13 poison") << QStringLiteral("13-poison-message-dead-letter") << QStringList {};
        QTest::newRow("03 idempotency off") << QStringLiteral(
            "03-duplicates-idempotency") << QStringList { QStringLiteral("300 idempotency,service=payment,on=false") };
    }
    void forksAndSeeksOfARunWithInjections()
    {
        QFETCH(QString, id);
        QFETCH(QStringList, interactive);
        const Scenario s = load(id);
        auto live = ScenarioBuilder::build(s);
        TextTrace liveTrace;
        live->addObserver(&liveTrace);
        Checkpointer checkpoints(*live, { 150, 0 });
        live->runUntil(0);
        std::unique_ptr<Simulation> fork; // taken right after the last injection was taken from the queue
        for (const QString& line : interactive) {
            const SimTime at = line.section(u' ', 0, 0).toLongLong() * kMillisecond;
            while (live->nextTime() >= 0 && live->nextTime() <= at && live->step())
                checkpoints.checkpoint(*live);
            QCOMPARE(live->injectionQueue().enqueue(line.section(u' ', 1)), QString());
            live->step(); // takes it from the queue: it waits for its time in the simulation
            checkpoints.checkpoint(*live);
            fork = live->fork();
        }
        runWithCheckpoints(*live, s, checkpoints);
        QVERIFY(live->injectionQueue().takeRefusals().isEmpty());

        // The fork carries the injections the run had taken: run to the end, it is the live run.
        if (fork) {
            runToEnd(*fork, s);
            QCOMPARE(fork->fingerprint(), live->fingerprint());
            QCOMPARE(panels(*fork), panels(*live));
        }

        // The replay: the scenario with every injection as the live run traced it.
        Scenario replay = s;
        replay.injections.clear();
        int traced = 0;
        for (const QString& line : liveTrace.lines) {
            const qsizetype d = line.indexOf(QLatin1String(" d'"));
            if (line.contains(QStringLiteral(" k%1 ").arg(int(TraceKind::Injection))) && d >= 0) {
                const QString text = line.mid(d + 3, line.indexOf(u'\'', d + 3) - d - 3);
                replay.injections.push_back(spec(text));
                ++traced;
            }
        }
        QVERIFY(traced >= interactive.size());
        {
            auto whole = ScenarioBuilder::build(replay);
            runToEnd(*whole, replay);
            QCOMPARE(whole->fingerprint(), live->fingerprint());
        }
        const std::vector<SimTime> recordTimes = [&] {
            std::vector<SimTime> out;
            for (const QString& line : liveTrace.lines)
                out.push_back(line.section(u' ', 0, 0).toLongLong());
            return out;
        }();
        for (const SimTime t : times(qHash(id) + 7, live->now(), recordTimes, 10)) {
            std::unique_ptr<Simulation> seeked = checkpoints.seek(t);
            auto fresh = ScenarioBuilder::build(replay);
            fresh->runUntil(t);
            QVERIFY2(seeked->fingerprint() == fresh->fingerprint(),
                qPrintable(QStringLiteral("t=%1 from a checkpoint at %2: ").arg(t).arg(checkpoints.nearest(t)->now())
                    + firstDifference(panels(*seeked), panels(*fresh))));
            const QString a = panels(*seeked), b = panels(*fresh);
            QVERIFY2(a == b, qPrintable(QStringLiteral("t=%1: ").arg(t) + firstDifference(a, b)));
        }
    }

    /// The scrubber's use: seeks on another thread while the engine's thread runs and takes checkpoints.
    void seeksFromAnotherThreadWhileTheRunGoesOn()
    {
        const Scenario s = load(QStringLiteral("06-event-sourcing-time-travel"));
        const Reference ref = reference(s);
        auto live = ScenarioBuilder::build(s);
        Checkpointer checkpoints(*live, { 150, 0 });
        std::atomic<bool> done { false };
        std::vector<std::pair<SimTime, std::uint64_t>> seen; // (t, fingerprint of seek(t))
        std::thread scrubber([&] {
            for (std::uint64_t i = 0; !done.load() || seen.size() < 3; ++i) {
                const std::vector<SimTime> times = checkpoints.times();
                const SimTime t = times[mix64(i) % times.size()] + static_cast<SimTime>(mix64(i + 1) % kSecond);
                if (const std::unique_ptr<Simulation> sim = checkpoints.seek(t))
                    seen.emplace_back(t, sim->fingerprint());
            }
        });
        runWithCheckpoints(*live, s, checkpoints);
        done = true;
        scrubber.join();
        QCOMPARE(live->fingerprint(), ref.fingerprint);
        QVERIFY(!seen.empty());
        for (std::size_t i = 0; i < seen.size(); i += std::max<std::size_t>(1, seen.size() / 5)) {
            auto fresh = ScenarioBuilder::build(s);
            fresh->runUntil(seen[i].first);
            QCOMPARE(seen[i].second, fresh->fingerprint());
        }
    }

    /// A fork is independent: running, injecting into or destroying one leaves the other as it was.
    void forksAreIndependent()
    {
        const Scenario s = load(QStringLiteral("06-event-sourcing-time-travel"));
        auto original = ScenarioBuilder::build(s);
        original->runUntil(2 * kSecond);
        const QString before = panels(*original);
        {
            std::unique_ptr<Simulation> fork = original->fork();
            QCOMPARE(fork->injectionQueue().enqueue(QStringLiteral("crash,service=order,for=1s")), QString());
            runToEnd(*fork, s);
            QVERIFY(fork->counters().crashes >= 1);
            QCOMPARE(panels(*original), before);
            std::unique_ptr<Simulation> grandchild = fork->fork(); // a fork of a fork
            fork.reset();
            QVERIFY(!grandchild->service(0).state().isEmpty() || grandchild->serviceCount() > 0);
            QVERIFY(!panels(*grandchild).isEmpty()); // reads the fork's log and services after the fork is gone
        }
        std::unique_ptr<Simulation> second = original->fork();
        original.reset();
        runToEnd(*second, s);
        QCOMPARE(second->fingerprint(), reference(s).fingerprint);
    }
};

QTEST_GUILESS_MAIN(TestCheckpoints)
#include "tst_checkpoints.moc"
