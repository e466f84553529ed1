// Every shipped lesson's checks hold on seeds 1-50 and on the lesson's own seed, with no fault and
// with each fault its steps inject; a variant meant to break checks breaks exactly those, on every
// seed. A lesson whose checks fail on another seed would teach the student that the simulator is
// wrong (issue 18, item 5). CMake runs one lesson per test (tst_lessonseeds_ID), so they run in parallel.

#include "check/deliverychecker.h"
#include "faults/faultinjector.h"
#include "faults/injectionspec.h"
#include "lessons/checkjudge.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QTest>
#include <map>
#include <set>

using namespace eventloom;

namespace {

constexpr std::uint64_t kFirstSeed = 1;
constexpr std::uint64_t kLastSeed = 50;
constexpr std::uint64_t kStepLimit = 50'000'000;

/// The step injections that show a lesson is real by breaking checks: the checks each must fail, on
/// every seed (every other check must still pass). Keyed by lesson id and injection spec.
const std::map<std::pair<QString, QString>, std::set<QString>>& meantToBreak()
{
    static const std::map<std::pair<QString, QString>, std::set<QString>> variants {
        { { QStringLiteral("04-ordering-partitions"), QStringLiteral("idempotent-producer,service=order,on=false") },
            { QStringLiteral("shipping-in-order") } },
        // An outage longer than the business deadline: sagas give up (and are compensated, none stuck).
        { { QStringLiteral("07-saga-orchestration"), QStringLiteral("crash@1s,service=payment,for=15s") }, { QStringLiteral("none-given-up") } },
        // Payment charges, then crashes before publishing PaymentCharged: with no coordinator, that saga is stuck.
        { { QStringLiteral("08-saga-choreography"), QStringLiteral("crash,service=payment,point=between-writes") },
            { QStringLiteral("every-saga-ends"), QStringLiteral("no-stock-held") } },
        { { QStringLiteral("15-dual-write-outbox"), QStringLiteral("idempotency,service=fulfilment,on=false") }, { QStringLiteral("picked-once") } },
        { { QStringLiteral("17-eventual-consistency-ui"), QStringLiteral("slow,service=order-status-view,factor=5") },
            { QStringLiteral("read-your-writes") } },
    };
    return variants;
}

struct Outcome {
    std::set<QString> failed;
    QString details; ///< the failed checks' details, for the message
};

Outcome runOnce(const Scenario& scenario, std::uint64_t seed, const std::optional<InjectionSpec>& fault)
{
    auto sim = ScenarioBuilder::build(scenario, seed);
    if (fault)
        FaultInjector::schedule(*fault, *sim);
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
    // The bus's own promises (no lost event, offsets never go back) hold whatever a lesson injects.
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

        // No fault, then each fault a step injects (each once, in step order).
        std::vector<QString> variants { QString() };
        if (scenario.lesson)
            for (const LessonStep& step : scenario.lesson->steps)
                if (!step.inject.isEmpty() && std::find(variants.begin(), variants.end(), step.inject) == variants.end())
                    variants.push_back(step.inject);

        std::vector<std::uint64_t> seeds;
        for (std::uint64_t s = kFirstSeed; s <= kLastSeed; ++s)
            seeds.push_back(s);
        if (scenario.seed < kFirstSeed || scenario.seed > kLastSeed)
            seeds.push_back(scenario.seed);

        QStringList problems;
        for (const QString& variant : variants) {
            std::optional<InjectionSpec> fault;
            if (!variant.isEmpty()) {
                QString error;
                fault = InjectionSpec::parse(variant, error);
                QVERIFY2(fault, qPrintable(variant + QStringLiteral(": ") + error));
            }
            const auto meant = meantToBreak().find({ scenario.id, variant });
            const std::set<QString> expected = meant == meantToBreak().end() ? std::set<QString> {} : meant->second;
            for (const QString& id : expected)
                QVERIFY2(std::any_of(scenario.checks.begin(), scenario.checks.end(), [&](const ScenarioCheck& c) { return c.id == id; }),
                    qPrintable(QStringLiteral("%1 has no check %2").arg(scenario.id, id)));
            for (const std::uint64_t seed : seeds) {
                const Outcome out = runOnce(scenario, seed, fault);
                if (out.failed != expected)
                    problems << QStringLiteral("seed %1%2: failed %3, expected to fail %4%5")
                                    .arg(seed)
                                    .arg(variant.isEmpty() ? QString() : QStringLiteral(" with --inject ") + variant, describe(out.failed),
                                        describe(expected), out.details);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(scenario.id + QStringLiteral(":\n  ") + problems.join(QStringLiteral("\n  "))));
    }
};

QTEST_GUILESS_MAIN(TestLessonSeeds)
#include "tst_lessonseeds.moc"
