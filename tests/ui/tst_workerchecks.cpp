// The window's worker judges a scenario's checks as `eventloom-cli run` does: its `always` checks sampled at
// the same simulated times whatever drives the run (run-until at odd times, single steps, play flat out,
// a look into the past, "Continue from Here"), so the verdicts and details at the end are the CLI's.

#include "lessons/checkjudge.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"
#include "simulation/simulationworker.h"
#include "simulation/tracebuffer.h"
#include "uitesting.h"

#include <QFileInfo>
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

/// The verdicts `eventloom-cli run` gives (RunCommand: CheckJudge::run, Simulation::finish, CheckJudge::finish).
std::vector<CheckJudge::Verdict> cliVerdicts(const Scenario& scenario)
{
    auto sim = ScenarioBuilder::build(scenario, kSeed);
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
};
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
        const auto find = [](const std::vector<CheckJudge::Verdict>& verdicts) {
            for (const CheckJudge::Verdict& v : verdicts)
                if (v.id == QLatin1String("analytics-keeps-up"))
                    return v;
            qFatal("no analytics-keeps-up check");
        };
        const auto keepsUp = [&](const CheckVerdicts& verdicts) { return find(verdicts.verdicts); };
        const CheckJudge::Verdict atEnd = find(cli);
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
};

QTEST_MAIN(TestWorkerChecks)
#include "tst_workerchecks.moc"
