// What the window's fault controls need from the engine: a rule named with `id=` replaces the earlier
// one of that name (a slider moved), `idempotency` turns a service's inbox off and on, and a `fail`
// window (`for=` without `count=`) declines everything for a while. All of them replay exactly.

#include "check/deliverychecker.h"
#include "faults/faultinjector.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "testservices.h"

#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
InjectionSpec spec(const QString& text)
{
    QString error;
    const auto parsed = InjectionSpec::parse(text, error);
    if (!parsed)
        qFatal("%s", qPrintable(error));
    return *parsed;
}

struct Run {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    std::size_t published(std::string_view type, SimTime from, SimTime to) const
    {
        std::size_t n = 0;
        for (const TraceRecord& r : trace.records)
            n += r.kind == TraceKind::Published && r.t >= from && r.t < to
                && sim->log().text(sim->log().at(r.message).type) == type;
        return n;
    }
    std::vector<QString> injections() const
    {
        std::vector<QString> out;
        for (const TraceRecord& r : trace.of(TraceKind::Injection))
            out.push_back(QString::fromStdString(std::string(sim->log().text(r.detail))));
        return out;
    }
};

Scenario load(const char* id, const QStringList& overrides = {})
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QLatin1String(id)), overrides);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    return *loaded.scenario;
}

/// Builds `scenario`; `interactive` are (time, spec) pairs enqueued as the window does, when the run reaches that time.
std::unique_ptr<Run> run(const Scenario& scenario, const std::vector<std::pair<SimTime, QString>>& interactive = {})
{
    auto r = std::make_unique<Run>();
    r->sim = ScenarioBuilder::build(scenario);
    r->sim->addObserver(&r->trace);
    for (const auto& [t, text] : interactive) {
        r->sim->runUntil(t);
        if (const QString error = r->sim->injectionQueue().enqueue(text); !error.isEmpty())
            qFatal("%s", qPrintable(error));
    }
    r->sim->runToQuiescence();
    if (const QStringList refused = r->sim->injectionQueue().takeRefusals(); !refused.isEmpty())
        qFatal("%s", qPrintable(refused.join(u'\n')));
    return r;
}

/// The same scenario again, with the injections as the first run traced them: the window's recording replayed.
std::unique_ptr<Run> replay(const Scenario& scenario, const Run& live)
{
    Scenario merged = scenario;
    merged.injections.clear(); // the scenario's own injections are traced too: take them all from the trace
    for (const QString& text : live.injections())
        merged.injections.push_back(spec(text));
    return run(merged);
}
}

class TestFaultControls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRuleWithTheIdOfAnEarlierOneReplacesIt()
    {
        const Scenario s = load("01-pubsub-fanout");
        auto base = run(s);
        // Drop everything from 0.5 s, then "move the slider" to nothing at 1 s: drops stop there.
        auto r = run(s,
            { { 500 * kMillisecond, QStringLiteral("drop,probability=1,id=ui-drop") },
                { kSecond, QStringLiteral("drop,probability=0,id=ui-drop") } });
        const auto dropped = r->trace.of(TraceKind::Dropped);
        QVERIFY(!dropped.empty());
        for (const TraceRecord& d : dropped)
            QVERIFY(d.t >= 500 * kMillisecond && d.t <= kSecond);
        QCOMPARE(r->sim->counters().deliveries + r->sim->counters().dropped, base->sim->counters().deliveries);
        QCOMPARE(replay(s, *r)->sim->fingerprint(), r->sim->fingerprint());

        // Replacing changes the amount: copies=1, then copies=3 under the same id.
        auto d = run(s,
            { { 0, QStringLiteral("duplicate,probability=0.5,id=ui-dup") },
                { kSecond, QStringLiteral("duplicate,probability=0.5,copies=3,id=ui-dup") } });
        const auto duplicated = d->trace.of(TraceKind::Duplicated);
        QVERIFY(!duplicated.empty());
        bool before = false, after = false;
        for (const TraceRecord& x : duplicated) {
            const QString reason = QString::fromStdString(std::string(d->sim->log().text(x.detail)));
            if (x.t < kSecond) {
                before = true;
                QVERIFY2(!reason.contains(QLatin1String("copies=3")), qPrintable(reason));
            } else {
                after = true;
                QVERIFY2(reason.contains(QLatin1String("copies=3")), qPrintable(reason)); // only the new rule acts
            }
        }
        QVERIFY(before && after);
        QCOMPARE(replay(s, *d)->sim->fingerprint(), d->sim->fingerprint());
    }
    void idempotencyOffMakesRepeatsTakeEffectAgain()
    {
        // 03 with both inboxes on has no double effects; turning them off from the window brings them back.
        const Scenario safe = load("03-duplicates-idempotency",
            { QStringLiteral("services.payment.idempotent=true"),
                QStringLiteral("services.notification.idempotent=true") });
        auto on = run(safe);
        QCOMPARE(on->sim->counters().duplicateEffects, 0u);
        QVERIFY(on->sim->counters().duplicateDeliveries > 0);
        auto off = run(safe,
            { { 0, QStringLiteral("idempotency,service=payment,on=false") },
                { 0, QStringLiteral("idempotency,service=notification,on=false") } });
        QVERIFY(off->sim->counters().duplicateEffects > 0);
        QVERIFY(DeliveryChecker::check(off->trace.records, off->sim->log()).duplicateEffects.count > 0);
        QCOMPARE(
            off->sim->service(off->sim->findService("payment")).state().value(QLatin1String("idempotent")).toBool(),
            false);
        QCOMPARE(replay(safe, *off)->sim->fingerprint(), off->sim->fingerprint());

        // And the other way: 03 as shipped (naive), with the inboxes switched on at once.
        const Scenario naive = load("03-duplicates-idempotency");
        QVERIFY(run(naive)->sim->counters().duplicateEffects > 0);
        auto fixed = run(naive,
            { { 0, QStringLiteral("idempotency,service=payment,on=true") },
                { 0, QStringLiteral("idempotency,service=notification,on=true") } });
        QCOMPARE(fixed->sim->counters().duplicateEffects, 0u);
    }
    void idempotencyIsRefusedWhereThereIsNoInbox()
    {
        const Scenario s = load("07-saga-orchestration");
        QVERIFY(
            ScenarioLoader::checkInjection(spec(QStringLiteral("idempotency,service=payment,on=false")), s).isEmpty());
        QVERIFY(!ScenarioLoader::checkInjection(spec(QStringLiteral("idempotency,service=order-saga,on=false")), s)
                     .isEmpty());
        QVERIFY(
            !ScenarioLoader::checkInjection(spec(QStringLiteral("idempotency,service=ghost,on=false")), s).isEmpty());
        auto sim = ScenarioBuilder::build(s);
        QVERIFY(FaultInjector::check(spec(QStringLiteral("idempotency,service=payment,on=false")), *sim).isEmpty());
        QVERIFY(FaultInjector::check(spec(QStringLiteral("idempotency,service=order-saga,on=false")), *sim)
                    .contains(QLatin1String("no idempotent")));
    }
    void aFailWindowDeclinesEverythingForItsDuration()
    {
        const Scenario s = load("07-saga-orchestration");
        auto base = run(s);
        auto r = run(s, { { 3 * kSecond, QStringLiteral("fail-payment,for=1s") } });
        // Orders keep coming at 10 a second: about ten are declined in the window, none after it.
        const std::size_t inWindow = r->published("PaymentFailed", 3 * kSecond, 4 * kSecond);
        QVERIFY2(inWindow >= base->published("PaymentFailed", 3 * kSecond, 4 * kSecond) + 5,
            qPrintable(QString::number(inWindow)));
        QCOMPARE(r->published("PaymentCharged", 3 * kSecond + 50 * kMillisecond, 4 * kSecond), std::size_t(0));
        QVERIFY(r->published("PaymentCharged", 5 * kSecond, 100 * kSecond)
            > 0); // the window ended and took its failures back
        QCOMPARE(r->published("PaymentFailed", 5 * kSecond, 100 * kSecond),
            base->published("PaymentFailed", 5 * kSecond, 100 * kSecond));
        QVERIFY(r->sim->counters().sagas.compensated > base->sim->counters().sagas.compensated);
        QCOMPARE(replay(s, *r)->sim->fingerprint(), r->sim->fingerprint());
    }
};

QTEST_GUILESS_MAIN(TestFaultControls)
#include "tst_faultcontrols.moc"
