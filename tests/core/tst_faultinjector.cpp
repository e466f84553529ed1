#include "testservices.h"

#include "faults/faultinjector.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"

#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
std::unique_ptr<Simulation> shop(const QStringList& overrides = {})
{
    const auto loaded = ScenarioLoader::loadFile(QStringLiteral(EVENTLOOM_TEST_FIXTURES "/shop.json"), overrides);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    return ScenarioBuilder::build(*loaded.scenario);
}

InjectionSpec spec(const char* text)
{
    QString error;
    const auto parsed = InjectionSpec::parse(QLatin1String(text), error);
    if (!parsed)
        qFatal("%s", qPrintable(error));
    return *parsed;
}
}

class TestFaultInjector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void failPaymentFailsTheNextCharges()
    {
        auto sim = shop({ QStringLiteral("services.payment.declineProbability=0"),
            QStringLiteral("services.payment.maxAmountCents=0") });
        TraceCollector trace;
        sim->addObserver(&trace);
        QCOMPARE(FaultInjector::schedule(spec("fail-payment@1s,count=3"), *sim), QString());
        sim->runToQuiescence();
        const auto injections = trace.of(TraceKind::Injection);
        QCOMPARE(injections.size(), std::size_t(1));
        QCOMPARE(injections[0].t, kSecond);
        QCOMPARE(sim->log().text(injections[0].detail), std::string_view("fail-payment@1s,count=3"));
        std::vector<SimTime> failures;
        for (const Event& e : sim->log().events())
            if (sim->log().text(e.type) == "PaymentFailed") {
                QCOMPARE(sim->log().text(sim->log().field(e, sim->log().atoms().find("reason")).s),
                    std::string_view("injected failure"));
                failures.push_back(e.publishTime);
            }
        QCOMPARE(failures.size(), std::size_t(3)); // exactly the next three charges, nothing else declined
        for (const SimTime t : failures)
            QVERIFY(t >= kSecond);
    }
    void crashTakesTheServiceDownForItsDuration()
    {
        auto sim = shop();
        TraceCollector trace;
        sim->addObserver(&trace);
        QCOMPARE(FaultInjector::schedule(spec("crash@1s,service=inventory,for=300ms"), *sim), QString());
        sim->runToQuiescence();
        QCOMPARE(trace.of(TraceKind::Crashed).size(), std::size_t(1));
        QCOMPARE(trace.of(TraceKind::Crashed)[0].t, kSecond);
        QCOMPARE(trace.of(TraceKind::Restarted)[0].t, kSecond + 300 * kMillisecond);
        QCOMPARE(trace.of(TraceKind::Injection)[0].t, kSecond);
    }
    void unsupportedOrUnknownTargetsAreRefused()
    {
        auto sim = shop();
        QVERIFY(FaultInjector::schedule(spec("crash,service=ghost"), *sim)
                    .contains(QStringLiteral("unknown service 'ghost'")));
        QVERIFY(FaultInjector::schedule(spec("fail,service=notification"), *sim)
                    .contains(QStringLiteral("no operation that can fail")));
        QVERIFY(FaultInjector::schedule(spec("fail,service=payment,type=ReserveStock"), *sim)
                    .contains(QStringLiteral("does not handle 'ReserveStock'")));
        QVERIFY(FaultInjector::schedule(spec("drop,topic=ghost.events"), *sim)
                    .contains(QStringLiteral("unknown topic 'ghost.events'")));
        QVERIFY(FaultInjector::schedule(spec("deploy-schema,version=2"), *sim).contains(QStringLiteral("needs type=")));
        QCOMPARE(FaultInjector::schedule(spec("drop,topic=orders.events,probability=0.1"), *sim), QString());
    }
    void scenarioInjectionsAreLoadedCheckedAndReplayed()
    {
        const auto bad = ScenarioLoader::loadFile(QStringLiteral(EVENTLOOM_TEST_FIXTURES "/shop.json"),
            { QStringLiteral(
                "injections=[\"crash@2s,service=payment,for=1s\", \"crash@oops\", \"drop,topic=ghost.events\"]") });
        QVERIFY(!bad.ok());
        QCOMPARE(bad.errors.size(), std::size_t(2));
        QVERIFY(bad.errors[0].toString().contains(QStringLiteral("injections[1]: bad time after '@' 'oops'")));
        QVERIFY(bad.errors[1].toString().contains(QStringLiteral("injections[2]: unknown topic 'ghost.events'")));

        auto a = shop({ QStringLiteral("injections=[\"crash@2s,service=payment,for=1s\"]") });
        auto b = shop();
        FaultInjector::schedule(spec("crash@2s,service=payment,for=1s"), *b);
        a->runToQuiescence();
        b->runToQuiescence();
        QCOMPARE(a->counters().crashes, 1u);
        QCOMPARE(a->fingerprint(), b->fingerprint()); // a scenario's injection and --inject are the same run
    }
};

QTEST_GUILESS_MAIN(TestFaultInjector)
#include "tst_faultinjector.moc"
