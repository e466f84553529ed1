// The window's worker judges a scenario's checks as `eventloom-cli run` does: its `always` checks sampled at
// the same simulated times whatever drives the run (run-until at odd times, single steps, play flat out,
// a look into the past, "Continue from Here"), so the verdicts and details at the end are the CLI's; and at the
// edges: an injection that lands on a sample's time, a run played on past its end, a paced play.

#include "faults/faultinjector.h"
#include "lessons/checkjudge.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"
#include "simulation/simulationworker.h"
#include "simulation/tracebuffer.h"
#include "uitesting.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
constexpr std::uint64_t kSeed = 7;

Scenario loaded(const QString& id, const QStringList& sets)
{
    const auto result = ScenarioLoader::loadFile(ShippedScenarios::resolve(id), sets);
    if (!result.ok())
        qFatal("%s", qPrintable(result.errors.front().toString()));
    return *result.scenario;
}

/// 01 with 40 orders (about 2.2 s) and checks that tell how a sample was taken: `inventory-up` fails only if a
/// sample falls on the wrong side of a short crash, `clock`'s first failure shows the clock a sample read,
/// `one-instance` fails only if the last state is sampled, `ends-at` shows the clock at the end.
Scenario withEdgeChecks(QStringList sets)
{
    QFile file(ShippedScenarios::resolve(QStringLiteral("01-pubsub-fanout")));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read 01");
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    json.remove(QStringLiteral("lesson"));
    QJsonArray checks;
    for (const auto& [id, when, expect] : { std::tuple { "inventory-up", "always", "services.inventory.up == true" },
             std::tuple { "clock", "always", "simTimeUs < 1000000" },
             std::tuple { "one-instance", "always", "services.analytics.instances == 1" },
             std::tuple { "ends-at", "end", "simTimeUs < 1" } })
        checks.append(
            QJsonObject { { QStringLiteral("id"), QLatin1String(id) }, { QStringLiteral("title"), QLatin1String(id) },
                { QStringLiteral("when"), QLatin1String(when) }, { QStringLiteral("expect"), QLatin1String(expect) } });
    json.insert(QStringLiteral("checks"), checks);
    sets << QStringLiteral("workload.orders=40");
    const auto result = ScenarioLoader::loadText(QJsonDocument(json).toJson(), QStringLiteral("edges.json"), sets);
    if (!result.ok())
        qFatal("%s", qPrintable(result.errors.front().toString()));
    return *result.scenario;
}

/// The verdicts `eventloom-cli run` gives (RunCommand: CheckJudge::run, Simulation::finish, CheckJudge::finish),
/// with `--inject` for each of `injections`.
std::vector<CheckJudge::Verdict> cliVerdicts(const Scenario& scenario, const QStringList& injections = {})
{
    auto sim = ScenarioBuilder::build(scenario, kSeed);
    for (const QString& text : injections)
        if (const auto spec = InjectionSpec::parse(text); !spec || !FaultInjector::schedule(*spec, *sim).isEmpty())
            qFatal("cannot inject %s", qPrintable(text));
    CheckJudge judge(scenario.checks);
    if (!judge.run(*sim, scenario.until, 50'000'000))
        qFatal("the run did not end");
    sim->finish();
    return judge.finish(*sim);
}

QString describe(const std::vector<CheckJudge::Verdict>& verdicts)
{
    QStringList lines;
    for (const CheckJudge::Verdict& v : verdicts)
        lines << QStringLiteral("%1 %2 %3").arg(v.id, v.passed ? QStringLiteral("✓") : QStringLiteral("✗"), v.detail);
    return lines.join(u'\n');
}

/// A worker on this thread: its signals arrive at once, its run moves only when told (or played).
struct Driven {
    explicit Driven(const Scenario& scenario)
        : buffer(std::make_shared<TraceBuffer>())
        , worker(buffer)
    {
        QObject::connect(
            &worker, &RunSource::judged, [this](const CheckVerdicts& verdicts, std::uint64_t) { last = verdicts; });
        QObject::connect(
            &worker, &SimulationWorker::injected, [this](const QString& spec, std::uint64_t) { injections << spec; });
        worker.load(scenario, kSeed, generation);
    }
    CheckVerdicts judge()
    {
        last = {};
        worker.judge(generation);
        return last;
    }
    std::shared_ptr<TraceBuffer> buffer;
    SimulationWorker worker;
    std::uint64_t generation = 1;
    CheckVerdicts last;
    QStringList injections; ///< as the worker traced them, with the time each took effect
};

/// The rows of the edge cases: the CLI's run with no limit, and with one.
void edgeRows()
{
    QTest::addColumn<QStringList>("sets");
    QTest::newRow("until nothing is left") << QStringList();
    QTest::newRow("until 1.5s") << QStringList { QStringLiteral("until=1500ms") };
}

CheckJudge::Verdict find(const std::vector<CheckJudge::Verdict>& verdicts, const QString& id)
{
    for (const CheckJudge::Verdict& v : verdicts)
        if (v.id == id)
            return v;
    qFatal("no check %s", qPrintable(id));
}
}

class TestWorkerChecks : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_runs;

private Q_SLOTS:
    void initTestCase() { recordRunsInto(m_runs.path(), "tst_workerchecks"); }
    void cleanupTestCase() { QSettings().clear(); }

    void theWorkerJudgesAsTheCli_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("sets");
        for (const QString& path : ShippedScenarios::paths())
            QTest::newRow(qPrintable(QFileInfo(path).completeBaseName()))
                << QFileInfo(path).completeBaseName() << QStringList();
        QTest::newRow("02 sync + slow email") << QStringLiteral("02-request-response-vs-events")
                                              << QStringList { QStringLiteral("interaction=sync"),
                                                     QStringLiteral("services.notification.latency=200ms") };
    }

    void theWorkerJudgesAsTheCli()
    {
        QFETCH(QString, id);
        QFETCH(QStringList, sets);
        const Scenario scenario = loaded(id, sets);
        const std::vector<CheckJudge::Verdict> cli = cliVerdicts(scenario);
        const QString expected = describe(cli);

        // Run-until at odd times (not multiples of the sample period), as a learner's clicks on the axis would.
        Driven odd(scenario);
        SimTime t = 0;
        for (int i = 0; !odd.judge().ended; ++i) {
            t += 37 * kMillisecond + 113 * (i % 7) + (i % 3) * 250 * kMillisecond;
            odd.worker.runTo(t);
            QVERIFY2(i < 1'000'000, "the run never ended");
        }
        QCOMPARE(describe(odd.last.verdicts), expected);

        // Single steps and run-until in uneven chunks, a look into the past, and back to the present.
        Driven mixed(scenario);
        for (int i = 0; i < 300; ++i)
            mixed.worker.stepOnce();
        mixed.worker.runTo(1'234'567);
        mixed.worker.seek(600 * kMillisecond, mixed.generation);
        mixed.judge();
        for (int i = 0; i < 50; ++i)
            mixed.worker.stepOnce();
        mixed.worker.runTo(kMaxSimTime);
        QVERIFY(mixed.judge().ended);
        QCOMPARE(describe(mixed.last.verdicts), expected);

        // Played flat out, the window taking what the worker hands over as it goes.
        Driven played(scenario);
        played.worker.setSpeed(std::numeric_limits<double>::infinity());
        played.worker.play();
        QTRY_VERIFY_WITH_TIMEOUT((played.buffer->take(), played.judge().ended), 120000);
        QCOMPARE(describe(played.last.verdicts), expected);
    }

    // A failure found at a sample belongs to the moments after it: the past before it does not show it,
    // the past after it does, and "Continue from Here" finds it again at the same time.
    void thePastShowsTheFailuresFoundBeforeIt()
    {
        const Scenario scenario = loaded(QStringLiteral("12-slow-consumer-backpressure"), {});
        const std::vector<CheckJudge::Verdict> cli = cliVerdicts(scenario);
        const QString id = QStringLiteral("analytics-keeps-up");
        const auto keepsUp = [&](const CheckVerdicts& verdicts) { return find(verdicts.verdicts, id); };
        const CheckJudge::Verdict atEnd = find(cli, id);
        QVERIFY2(!atEnd.passed && atEnd.detail.startsWith(QLatin1String("at ")), qPrintable(atEnd.detail));

        Driven driven(scenario);
        driven.worker.runTo(kMaxSimTime);
        QCOMPARE(keepsUp(driven.judge()).detail, atEnd.detail);
        driven.worker.seek(1 * kSecond, driven.generation);
        QVERIFY2(keepsUp(driven.judge()).passed, qPrintable(keepsUp(driven.last).detail)); // lag about 85 then
        driven.worker.seek(8 * kSecond, driven.generation);
        QCOMPARE(keepsUp(driven.judge()).detail, atEnd.detail);

        driven.generation = 2;
        driven.worker.continueFrom(1 * kSecond, driven.generation);
        QVERIFY(keepsUp(driven.judge()).passed);
        driven.worker.runTo(kMaxSimTime);
        QCOMPARE(describe(driven.judge().verdicts), describe(cli));
    }

    // (a) An injection that takes effect on a multiple of the sample period: the CLI (`--inject` at that time)
    // samples before it, so a 30 ms crash there is never seen; the window's injection, typed just before the
    // mark or earlier for it, is sampled alike.
    void anInjectionOnASampleMark_data() { edgeRows(); }
    void anInjectionOnASampleMark()
    {
        QFETCH(QStringList, sets);
        const Scenario scenario = withEdgeChecks(sets);
        for (const auto& [typedAt, spec] : { std::pair { kSecond - 1, "crash,service=inventory,for=30ms" },
                 std::pair { 500 * kMillisecond, "crash@1s,service=inventory,for=30ms" } }) {
            Driven driven(scenario);
            driven.worker.runTo(typedAt);
            driven.worker.inject(*InjectionSpec::parse(QLatin1String(spec)));
            QCOMPARE(driven.injections.size(), 1);
            QVERIFY2(
                driven.injections[0].startsWith(QLatin1String("crash@1000000us")), qPrintable(driven.injections[0]));
            driven.worker.runTo(kMaxSimTime);
            QVERIFY(driven.judge().ended);
            const std::vector<CheckJudge::Verdict> cli = cliVerdicts(scenario, driven.injections);
            QVERIFY2(
                find(cli, QStringLiteral("inventory-up")).passed, "the CLI samples a mark before what happens on it");
            QCOMPARE(describe(driven.last.verdicts), describe(cli));
        }
    }

    // (b) A run played on past its end: an injection after the end moves it on, and its new end is judged as
    // the CLI judges one run that has the injection (`one-instance` fails only at that end's sample). A bounded
    // run goes no further than its `until`, in the window as in the CLI.
    void aRunPlayedOnPastItsEnd_data() { edgeRows(); }
    void aRunPlayedOnPastItsEnd()
    {
        QFETCH(QStringList, sets);
        const Scenario scenario = withEdgeChecks(sets);
        Driven driven(scenario);
        driven.worker.runTo(kMaxSimTime);
        QVERIFY(driven.judge().ended);
        driven.worker.inject(*InjectionSpec::parse(QStringLiteral("scale,service=analytics,instances=2")));
        driven.worker.runTo(kMaxSimTime);
        QVERIFY(driven.judge().ended);
        const std::vector<CheckJudge::Verdict> cli = cliVerdicts(scenario, driven.injections);
        QCOMPARE(describe(driven.last.verdicts), describe(cli));
        const CheckJudge::Verdict scaled = find(cli, QStringLiteral("one-instance"));
        QCOMPARE(scaled.passed, scenario.until > 0); // past `until`, the injection never takes effect
        QVERIFY2(scaled.passed || scaled.detail.startsWith(QLatin1String("at ")), qPrintable(scaled.detail));
    }

    // (c) Played paced: between steps the worker moves the clock with the wall clock (runUntil), yet a sample
    // reads the clock where the CLI's run has it (`clock` says which value it read), and the run ends where
    // the CLI's does (`ends-at`).
    void aPacedPlay_data() { edgeRows(); }
    void aPacedPlay()
    {
        QFETCH(QStringList, sets);
        const Scenario scenario = withEdgeChecks(sets);
        Driven driven(scenario);
        driven.worker.setSpeed(8.0);
        driven.worker.play();
        QTRY_VERIFY_WITH_TIMEOUT((driven.buffer->take(), driven.judge().ended), 60000);
        QCOMPARE(describe(driven.last.verdicts), describe(cliVerdicts(scenario)));
    }
};

QTEST_MAIN(TestWorkerChecks)
#include "tst_workerchecks.moc"
