#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QTest>

using namespace eventloom;

namespace {
const QByteArray kMinimal = R"({
  "id": "mini",
  "topics": [ { "id": "orders.events", "partitions": 3 } ],
  "services": [
    { "id": "order", "rules": [ { "on": "PlaceOrder",
        "publish": { "topic": "orders.events", "type": "OrderCreated", "key": "$.orderId", "data": "$" } } ] },
    { "id": "audit", "subscriptions": [ { "topic": "orders.events" } ] }
  ],
  "workload": { "orders": 5, "rate": 100 }
})";

QStringList messages(const ScenarioLoader::Result& r)
{
    QStringList out;
    for (const Diagnostic& d : r.errors)
        out << d.toString();
    return out;
}
}

class TestScenarioLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sagaCommandsMustBeOnesTheParticipantTakes()
    {
        const QString path = QStringLiteral(EVENTLOOM_SOURCE_DIR "/scenarios/07-saga-orchestration.json");
        const auto r = ScenarioLoader::loadFile(path,
            { QStringLiteral("sagas.order-fulfilment.steps.reserve-stock.command=ReserveStok"),
                QStringLiteral("sagas.order-fulfilment.steps.charge-payment.compensation.command=ReleaseStock"),
                QStringLiteral("sagas.order-fulfilment.onCompleted.service=notification") });
        QVERIFY(!r.ok());
        const QStringList errors = messages(r);
        QCOMPARE(errors.size(), 3);
        QVERIFY2(errors[0].contains(QStringLiteral(
                     "sagas[0].onCompleted.command: 'notification' (a 'notification' service) takes no commands")),
            qPrintable(errors[0]));
        QVERIFY2(errors[1].contains(
                     QStringLiteral("sagas[0].steps[0].command: 'inventory' does not take the command 'ReserveStok' "
                                    "(did you mean 'ReserveStock'?)")),
            qPrintable(errors[1]));
        QVERIFY2(errors[2].contains(
                     QStringLiteral("sagas[0].steps[1].compensation.command: 'payment' does not take the command "
                                    "'ReleaseStock' (it takes: ChargePayment, RefundPayment)")),
            qPrintable(errors[2]));
        QVERIFY(errors[1].startsWith(path + u':')); // with its line and column in the file
    }
    void shippedScenariosLoad()
    {
        const QStringList paths = ShippedScenarios::paths();
        QVERIFY(paths.contains(QStringLiteral(":/scenarios/01-pubsub-fanout.json")));
        for (const QString& path : paths) {
            if (path.contains(QLatin1String("/schema/")))
                continue;
            const auto r = ScenarioLoader::loadFile(path);
            QVERIFY2(r.ok(), qPrintable(messages(r).join(u'\n')));
        }
    }
    void repoFileMatchesEmbeddedCopy()
    {
        const auto fromRepo
            = ScenarioLoader::loadFile(QStringLiteral(EVENTLOOM_SOURCE_DIR "/scenarios/01-pubsub-fanout.json"));
        QVERIFY(fromRepo.ok());
        QCOMPARE(fromRepo.scenario->json, ScenarioLoader::loadFile(ShippedScenarios::defaultPath()).scenario->json);
    }
    void minimalScenarioRunsEndToEnd()
    {
        const auto r = ScenarioLoader::loadText(kMinimal, QStringLiteral("mini.json"));
        QVERIFY2(r.ok(), qPrintable(messages(r).join(u'\n')));
        QCOMPARE(r.scenario->topics.size(), std::size_t(1));
        QCOMPARE(r.scenario->services[1].subscriptions.front().group,
            QStringLiteral("audit")); // group defaults to the service id
        auto sim = ScenarioBuilder::build(*r.scenario);
        sim->runToQuiescence();
        QCOMPARE(sim->counters().events, 5u);
        QCOMPARE(sim->counters().commands, 5u);
        QCOMPARE(sim->counters().deliveries, 5u);
        // Correlation flows from the command (the order id) to the event it caused.
        const Event& created = sim->log().at(1);
        QCOMPARE(sim->log().text(created.type), std::string_view("OrderCreated"));
        QCOMPARE(created.correlation, sim->log().at(0).correlation);
        QCOMPARE(created.causation, 0u);
        QCOMPARE(created.key, created.correlation);
        QCOMPARE(sim->log().payloadJson(created).value(QStringLiteral("quantity")).isDouble(), true);
    }
    void syntaxErrorHasLineAndColumn()
    {
        const auto r
            = ScenarioLoader::loadText("{\n  \"id\": \"x\",\n  \"topics\": [ 1, ]\n}", QStringLiteral("bad.json"));
        QVERIFY(!r.ok());
        QCOMPARE(r.errors.size(), std::size_t(1));
        QCOMPARE(r.errors[0].line, 3);
        QVERIFY(r.errors[0].column > 10);
        QVERIFY(r.errors[0].toString().startsWith(QStringLiteral("bad.json:3:")));
        QVERIFY(r.errors[0].toString().contains(QStringLiteral(": error: invalid JSON")));
    }
    void everyErrorIsReportedWithItsPosition()
    {
        const QByteArray text = R"({
  "id": "x",
  "topics": [ { "id": "t", "partitons": 3 } ],
  "services": [
    { "id": "s", "latency": "fast",
      "subscriptions": [ { "topic": "nope" } ] }
  ]
})";
        const auto r = ScenarioLoader::loadText(text, QStringLiteral("x.json"));
        QVERIFY(!r.ok());
        const QStringList m = messages(r);
        QVERIFY2(m.size() == 3, qPrintable(m.join(u'\n')));
        QVERIFY(m.contains(QStringLiteral(
            "x.json:3:28: error: topics[0].partitons: unknown field 'partitons' (did you mean 'partitions'?)")));
        QVERIFY2(m.filter(QStringLiteral("x.json:5:29: error: services[0].latency: expected a duration")).size() == 1,
            qPrintable(m.join(u'\n')));
        QVERIFY(
            m.contains(QStringLiteral("x.json:6:37: error: services[0].subscriptions[0].topic: unknown topic 'nope'")));
    }
    void rangesAndReferencesAreChecked()
    {
        const QByteArray text = R"({"id": "x", "topics": [{"id": "t", "partitions": 0}],
            "services": [{"id": "s", "rules": [{"on": "A", "send": {"service": "ghost", "command": "C"}}]}],
            "workload": {"orders": -1, "target": "nobody"}})";
        const QStringList m = messages(ScenarioLoader::loadText(text, QStringLiteral("x.json")));
        QVERIFY(!m.filter(QStringLiteral("topics[0].partitions: must be between 1 and 1024, got 0")).isEmpty());
        QVERIFY(!m.filter(QStringLiteral("unknown service 'ghost'")).isEmpty());
        QVERIFY(!m.filter(QStringLiteral("workload.orders: must be between 0")).isEmpty());
        QVERIFY(!m.filter(QStringLiteral("workload.target: unknown service 'nobody'")).isEmpty());
    }
    void overridesAddressArraysById()
    {
        const auto r = ScenarioLoader::loadText(kMinimal, QStringLiteral("mini.json"),
            { QStringLiteral("topics.orders.events.partitions=6"), QStringLiteral("services.audit.instances=2"),
                QStringLiteral("workload.orders=9"), QStringLiteral("title=Renamed scenario") });
        QVERIFY2(r.ok(), qPrintable(messages(r).join(u'\n')));
        QCOMPARE(r.scenario->topics[0].partitions, 6);
        QCOMPARE(r.scenario->services[1].instances, 2);
        QCOMPARE(r.scenario->workload->orders, 9);
        QCOMPARE(r.scenario->title, QStringLiteral("Renamed scenario"));
    }
    void badOverridesAreErrors()
    {
        QVERIFY(
            !ScenarioLoader::loadText(kMinimal, QStringLiteral("m"), { QStringLiteral("services.ghost.instances=2") })
                 .ok());
        QVERIFY(!ScenarioLoader::loadText(kMinimal, QStringLiteral("m"), { QStringLiteral("noequals") }).ok());
        const auto typo
            = ScenarioLoader::loadText(kMinimal, QStringLiteral("m"), { QStringLiteral("workload.ordres=3") });
        QVERIFY(!typo.ok());
        QVERIFY(messages(typo).join(u'\n').contains(QStringLiteral("did you mean 'orders'")));
    }
    void missingAndOversizedFiles()
    {
        const auto missing = ScenarioLoader::loadFile(QStringLiteral("/nonexistent/scenario.json"));
        QVERIFY(!missing.ok());
        QVERIFY(messages(missing).front().contains(QStringLiteral("no such file")));
        const auto huge
            = ScenarioLoader::loadText(QByteArray(ScenarioLoader::kMaxFileBytes + 1, ' '), QStringLiteral("big.json"));
        QVERIFY(!huge.ok());
        const auto notObject = ScenarioLoader::loadText("[1, 2]", QStringLiteral("arr.json"));
        QVERIFY(!notObject.ok());
        QVERIFY(messages(notObject).front().contains(QStringLiteral("must be a JSON object")));
    }
    void deepNestingIsRefusedWithoutCrashing()
    {
        const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
        const auto r = ScenarioLoader::loadText(deep, QStringLiteral("deep.json"));
        QVERIFY(!r.ok());
    }
};

QTEST_GUILESS_MAIN(TestScenarioLoader)
#include "tst_scenarioloader.moc"
