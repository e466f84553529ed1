// Lesson 16: the saga coordinator crashes. It rebuilds its sagas from its saga log alone, what arrives
// while it is down waits in the bus, an unanswered command is sent again and answered idempotently, and
// without a durable log the crash leaves orders half done.

#include "lessonlab.h"
#include "sagas/sagacoordinator.h"
#include "services/ecommerce/paymentservice.h"

#include <QJsonArray>
#include <QTest>
#include <map>
#include <set>

using namespace eventloom;
using namespace eventloom::test;

namespace {

const QString kLesson = QStringLiteral("16-saga-coordinator-crash");
const QString kForgetful = QStringLiteral("sagas.order-fulfilment.durableLog=false");

struct Crash {
    SimTime at = 0;
    SimTime downFor = 0;
};

std::unique_ptr<Simulation> build(const QStringList& sets = {})
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(kLesson), sets);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    return ScenarioBuilder::build(*loaded.scenario);
}

/// The coordinator's crash, as the scenario injects it.
Crash coordinatorCrash()
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(kLesson), {});
    for (const InjectionSpec& spec : loaded.scenario->injections)
        if (spec.kind == InjectionSpec::Kind::Crash && spec.service == QLatin1String("order-saga"))
            return { spec.at, spec.duration.value_or(kSecond) };
    qFatal("the lesson crashes no coordinator");
}

const SagaCoordinator& coordinator(const Simulation& sim)
{
    return dynamic_cast<const SagaCoordinator&>(sim.service(sim.findService("order-saga")));
}

QJsonObject json(const SagaInstance& i, const Simulation& sim)
{
    return i.toJson(coordinator(sim).definition(), sim.log());
}

} // namespace

class TestCoordinatorCrash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theRestartedCoordinatorRebuildsEverySagaFromItsLog()
    {
        const Crash crash = coordinatorCrash();
        auto sim = build();
        sim->runUntil(crash.at + crash.downFor / 2); // down
        const SagaCoordinator& c = coordinator(*sim);
        // What the saga log says at the crash: the fold of every stream.
        std::map<Atom, QJsonObject> logged;
        std::set<Atom> unfinished;
        for (std::size_t i = 0; i < c.store().streams().size(); ++i) {
            const Atom id = c.store().streams()[i];
            const SagaInstance folded = c.instanceAt(id, crash.at, sim->log());
            logged[id] = json(folded, *sim);
            if (!folded.finished())
                unfinished.insert(id);
        }
        QVERIFY(!logged.empty());
        QVERIFY2(!unfinished.empty(), "no saga was in flight at the crash");
        sim->runUntil(crash.at + crash.downFor); // the restart
        QCOMPARE(c.store().streams().size(), logged.size());
        for (const auto& [id, before] : logged) {
            const SagaInstance* now = c.instance(id);
            QVERIFY(now);
            if (!unfinished.contains(id)) {
                QCOMPARE(json(*now, *sim), before); // a finished saga is exactly its fold
                continue;
            }
            // A saga in flight picks up where its log left it: same step, its command sent again.
            QCOMPARE(now->step, before.value(QLatin1String("step")).toInt());
            QCOMPARE(now->completed, before.value(QLatin1String("completed")).toInt());
            QCOMPARE(now->attempt, before.value(QLatin1String("attempt")).toInt() + 1);
        }
        sim->runToQuiescence();
        for (const Atom id : unfinished) // …and finishes or compensates
            QVERIFY(c.instance(id)->status == SagaInstance::Status::Completed
                || c.instance(id)->status == SagaInstance::Status::Compensated);
    }

    void withoutADurableLogTheCrashForgetsEverySaga()
    {
        // The same restart with nothing stored: the coordinator keeps nothing of what it held in memory.
        const Crash crash = coordinatorCrash();
        auto sim = build({ kForgetful });
        sim->runUntil(crash.at + crash.downFor / 2);
        QVERIFY(coordinator(*sim).store().streams().size() > 0);
        sim->runUntil(crash.at + crash.downFor);
        QCOMPARE(coordinator(*sim).store().streams().size(), std::size_t(0));
        QCOMPARE(coordinator(*sim).state().value(QLatin1String("instances")).toInt(), 0);
    }

    void whatArrivesWhileItIsDownWaitsInTheBus()
    {
        const Crash crash = coordinatorCrash();
        auto sim = build();
        sim->runUntil(crash.at + crash.downFor - 1);
        const double lag = Lab::number(CheckState::of(*sim), QStringLiteral("groups['order-saga'].lag"));
        QVERIFY2(lag > 0, "nothing waited for the coordinator");
        sim->runToQuiescence();
        QCOMPARE(Lab::number(CheckState::of(*sim), QStringLiteral("groups['order-saga'].lag")), 0.0);
        QCOMPARE(sim->counters().sagas.completed + sim->counters().sagas.compensated, sim->counters().sagas.started);
    }

    void aResentCommandIsAnsweredAsBeforeAndDoesNothingTwice()
    {
        Lab lab(kLesson);
        const LabRun& run = lab.run();
        const Crash crash = coordinatorCrash();
        const SimTime restart = crash.at + crash.downFor;
        // The commands the restarted coordinator sent again, and their answers.
        int resent = 0;
        for (const Row& row : run.rows)
            if (row.kind == QLatin1String("command") && row.t == restart)
                ++resent;
        QVERIFY2(resent > 0, "the restart sent no command again");
        const QJsonObject& s = run.state;
        // Every participant did each order's work once: the money held and the shipments booked are
        // exactly the completed orders', and the checker found no duplicate effect.
        QCOMPARE(Lab::number(s, QStringLiteral("payment.balanceCents")),
            Lab::number(s, QStringLiteral("order.completedCents")));
        QCOMPARE(Lab::number(s, QStringLiteral("payment.charges - payment.refunds")),
            Lab::number(s, QStringLiteral("order.reachedStatus.completed")));
        QCOMPARE(Lab::number(s, QStringLiteral("shipping.active")),
            Lab::number(s, QStringLiteral("order.reachedStatus.completed")));
        QCOMPARE(Lab::number(s, QStringLiteral("duplicateEffects")), 0.0);
    }

    void theLessonsChecksPassAndTheForgetfulVariantBreaksThem_data()
    {
        QTest::addColumn<QStringList>("sets");
        QTest::addColumn<QStringList>("failing");
        QTest::newRow("durable saga log") << QStringList() << QStringList();
        QTest::newRow("saga log in memory")
            << QStringList { kForgetful }
            << QStringList { QStringLiteral("every-saga-ends"), QStringLiteral("none-half-done") };
    }
    void theLessonsChecksPassAndTheForgetfulVariantBreaksThem()
    {
        QFETCH(QStringList, sets);
        QFETCH(QStringList, failing);
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(kLesson), sets);
        QVERIFY(loaded.ok());
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        CheckJudge judge(loaded.scenario->checks);
        QVERIFY(judge.run(*sim, loaded.scenario->until, 50'000'000));
        sim->finish();
        QStringList failed;
        for (const CheckJudge::Verdict& v : judge.finish(*sim))
            if (!v.passed)
                failed << v.id;
        for (const QString& id : failing)
            QVERIFY2(failed.contains(id), qPrintable(id + QStringLiteral(" passed")));
        if (failing.isEmpty())
            QCOMPARE(failed, QStringList());
    }
};

QTEST_GUILESS_MAIN(TestCoordinatorCrash)
#include "tst_coordinatorcrash.moc"
