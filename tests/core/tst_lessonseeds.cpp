// Every shipped lesson's checks hold on seeds 1-50 and on the lesson's own seed, as shipped and with
// each fault its steps inject; each variant the lesson declares (lesson.variants) fails exactly the
// checks it names, on every seed: the design a lesson warns about really breaks them, and the one it
// recommends really passes (issue 19, item 13). A lesson whose checks fail on another seed would teach the student that
// the simulator is wrong (issue 18, item 5). CMake runs one lesson per test (tst_lessonseeds_ID), so they run in
// parallel.

#include "../sweep.h"
#include "check/deliverychecker.h"
#include "faults/faultinjector.h"
#include "faults/injectionspec.h"
#include "lessons/checkjudge.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QTest>
#include <set>

using namespace eventloom;

namespace {

constexpr std::uint64_t kFirstSeed = 1;
// The release build proves seeds 1-50; under the sanitizers, 1-4 take every variant's code paths (tests/sweep.h).
constexpr std::uint64_t kLastSeed = sweep::size<std::uint64_t>(50, 4);
constexpr std::uint64_t kStepLimit = 50'000'000;

/// One way of running a lesson: overrides, injections and the checks it must fail on every seed.
struct Run {
    QString name; ///< for messages
    QStringList set;
    QStringList inject;
    std::set<QString> fails;
};

std::set<QString> toSet(const QStringList& ids)
{
    return { ids.begin(), ids.end() };
}

/// The scenario as shipped, each variant its lesson declares, and each injection a step offers that no
/// variant already runs alone (expected to fail what the scenario as shipped fails).
std::vector<Run> runsOf(const Lesson& lesson)
{
    std::vector<Run> runs { { QStringLiteral("as shipped"), {}, {}, {} } };
    for (const LessonVariant& v : lesson.variants) {
        if (v.asShipped())
            runs.front().fails = toSet(v.fails);
        else
            runs.push_back({ QStringLiteral("variant ") + v.id, v.set, v.inject, toSet(v.fails) });
    }
    for (const LessonStep& step : lesson.steps) {
        if (!step.inject)
            continue;
        const QString inject = step.inject->text();
        const bool covered = std::any_of(runs.begin(), runs.end(),
            [&](const Run& r) { return r.set.isEmpty() && r.inject == QStringList { inject }; });
        if (!covered)
            runs.push_back({ QStringLiteral("--inject ") + inject, {}, { inject }, runs.front().fails });
    }
    return runs;
}

struct Outcome {
    std::set<QString> failed;
    QString details; ///< the failed checks' details, for the message
};

Outcome runOnce(const Scenario& scenario, std::uint64_t seed, const std::vector<InjectionSpec>& faults)
{
    auto sim = ScenarioBuilder::build(scenario, seed);
    for (const InjectionSpec& fault : faults)
        FaultInjector::schedule(fault, *sim);
    DeliveryChecker checker;
    sim->addObserver(&checker);
    CheckJudge judge(scenario.checks);
    const bool quiet = judge.run(*sim, scenario.until, kStepLimit);
    sim->finish();
    Outcome out;
    auto fail = [&](const QString& id, const QString& detail) {
        out.failed.insert(id);
        out.details += QStringLiteral("\n    %1 — %2").arg(id, detail);
    };
    if (!quiet)
        fail(QStringLiteral("(quiescence)"), QStringLiteral("did not go quiet within %1 steps").arg(kStepLimit));
    for (const CheckJudge::Verdict& v : judge.finish(*sim))
        if (!v.passed)
            fail(v.id, v.detail);
    // The bus's own promises (no lost event, offsets never go back): broken only where a variant says so.
    for (const DeliveryChecker::Check& c : DeliveryChecker::checks(checker.report(), *sim, QString()))
        if (c.guarantee && !c.passed)
            fail(c.name, c.detail);
    return out;
}

QString describe(const std::set<QString>& ids)
{
    return ids.empty() ? QStringLiteral("none") : QStringList(ids.begin(), ids.end()).join(QStringLiteral(", "));
}

} // namespace

class TestLessonSeeds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checksHoldOnEverySeed_data()
    {
        QTest::addColumn<QString>("path");
        for (const ShippedScenarios::Lesson& lesson : ShippedScenarios::lessons())
            QTest::newRow(qPrintable(lesson.id)) << lesson.path;
    }

    void checksHoldOnEverySeed()
    {
        QFETCH(QString, path);
        const auto loaded = ScenarioLoader::loadFile(path);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.errors.front().toString()));
        const Scenario& scenario = *loaded.scenario;
        QVERIFY2(!scenario.checks.empty(), "a lesson is graded by its checks");

        QVERIFY2(scenario.lesson, "a shipped scenario has a lesson");

        std::vector<std::uint64_t> seeds;
        for (std::uint64_t s = kFirstSeed; s <= kLastSeed; ++s)
            seeds.push_back(s);
        if (scenario.seed < kFirstSeed || scenario.seed > kLastSeed)
            seeds.push_back(scenario.seed);

        QStringList problems;
        for (const Run& run : runsOf(*scenario.lesson)) {
            const auto variant = ScenarioLoader::loadFile(path, run.set);
            QVERIFY2(variant.ok(),
                qPrintable(
                    run.name + QStringLiteral(": ") + (variant.ok() ? QString() : variant.errors.front().toString())));
            std::vector<InjectionSpec> faults;
            for (const QString& spec : run.inject) {
                QString error;
                const auto fault = InjectionSpec::parse(spec, error);
                QVERIFY2(fault, qPrintable(spec + QStringLiteral(": ") + error));
                const QString problem = ScenarioLoader::checkInjection(*fault, *variant.scenario);
                QVERIFY2(problem.isEmpty(),
                    qPrintable(run.name + QStringLiteral(", ") + spec + QStringLiteral(": ") + problem));
                faults.push_back(*fault);
            }
            for (const std::uint64_t seed : seeds) {
                const Outcome out = runOnce(*variant.scenario, seed, faults);
                if (out.failed != run.fails)
                    problems << QStringLiteral("seed %1, %2: failed %3, expected to fail %4%5")
                                    .arg(seed)
                                    .arg(run.name, describe(out.failed), describe(run.fails), out.details);
            }
        }
        QVERIFY2(problems.isEmpty(),
            qPrintable(scenario.id + QStringLiteral(":\n  ") + problems.join(QStringLiteral("\n  "))));
    }
};

QTEST_GUILESS_MAIN(TestLessonSeeds)
#include "tst_lessonseeds.moc"
