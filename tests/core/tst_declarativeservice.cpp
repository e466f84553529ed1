#include "testservices.h"

#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"

#include <QJsonArray>
#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
// order: PlaceOrder → OrderCreated (mapped fields); billing: OrderCreated → (after 50ms) ChargePayment command;
// payment: ChargePayment → PaymentCharged (whole payload copied).
const QByteArray kScenario = R"({
  "id": "declarative",
  "topics": [ { "id": "orders.events", "partitions": 2, "latency": "1ms" },
              { "id": "payments.events", "partitions": 1, "latency": "1ms" } ],
  "services": [
    { "id": "order", "latency": "2ms", "rules": [ { "on": "PlaceOrder", "publish": {
        "topic": "orders.events", "type": "OrderCreated", "key": "$.orderId",
        "data": { "orderId": "$.orderId", "amount": "$.amountCents", "corr": "$correlationId",
                  "source": "$type", "channel": "web", "flags": { "gift": false, "tags": [1, "two"] } } } } ] },
    { "id": "billing", "latency": "1ms", "subscriptions": [ { "topic": "orders.events" } ],
      "rules": [ { "on": "OrderCreated", "after": "50ms",
                   "send": { "service": "payment", "command": "ChargePayment", "data": { "orderId": "$.orderId", "key": "$key" } } } ] },
    { "id": "payment", "latency": "3ms", "rules": [ { "on": "ChargePayment",
        "publish": { "topic": "payments.events", "type": "PaymentCharged", "data": "$" } } ] }
  ],
  "workload": { "orders": 3, "rate": 10, "arrival": "uniform" }
})";

const Event* find(const Simulation& sim, std::string_view type, Atom correlation)
{
    for (const Event& e : sim.log().events())
        if (sim.log().text(e.type) == type && e.correlation == correlation)
            return &e;
    return nullptr;
}
}

class TestDeclarativeService : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rulesMapFieldsSendCommandsAndDelay()
    {
        const auto loaded = ScenarioLoader::loadText(kScenario, QStringLiteral("declarative.json"));
        QVERIFY2(loaded.ok(), loaded.errors.empty() ? "" : qPrintable(loaded.errors.front().toString()));
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        TraceCollector trace;
        sim->addObserver(&trace);
        sim->runToQuiescence();
        QCOMPARE(sim->counters().events, 6u); // OrderCreated and PaymentCharged per order
        QCOMPARE(sim->counters().commands, 6u); // PlaceOrder and ChargePayment per order

        const Event& place = sim->log().at(0);
        QCOMPARE(sim->log().text(place.type), std::string_view("PlaceOrder"));
        const Event* created = find(*sim, "OrderCreated", place.correlation);
        QVERIFY(created);
        const QJsonObject data = sim->log().payloadJson(*created);
        QCOMPARE(data.value(QStringLiteral("orderId")).toString(), QStringLiteral("order-000001"));
        QCOMPARE(
            data.value(QStringLiteral("amount")), sim->log().payloadJson(place).value(QStringLiteral("amountCents")));
        QCOMPARE(data.value(QStringLiteral("corr")).toString(), QStringLiteral("order-000001"));
        QCOMPARE(data.value(QStringLiteral("source")).toString(), QStringLiteral("PlaceOrder"));
        QCOMPARE(data.value(QStringLiteral("channel")).toString(), QStringLiteral("web"));
        const QJsonObject flags = data.value(QStringLiteral("flags")).toObject();
        QCOMPARE(flags.value(QStringLiteral("gift")).toBool(true), false);
        QCOMPARE(flags.value(QStringLiteral("tags")).toArray(), (QJsonArray { 1, QStringLiteral("two") }));
        QCOMPARE(sim->log().text(created->key), std::string_view("order-000001"));
        QCOMPARE(created->causation, place.seq);

        // billing handled OrderCreated, then 50 ms later sent ChargePayment, caused by OrderCreated.
        const Event* charge = find(*sim, "ChargePayment", place.correlation);
        QVERIFY(charge);
        QCOMPARE(charge->kind, Event::Kind::Command);
        QCOMPARE(charge->causation, created->seq);
        SimTime billingHandled = -1;
        for (const TraceRecord& r : trace.of(TraceKind::Handled))
            if (r.message == created->seq)
                billingHandled = r.t;
        QCOMPARE(charge->publishTime, billingHandled + 50 * kMillisecond);
        QCOMPARE(
            sim->log().payloadJson(*charge).value(QStringLiteral("key")).toString(), QStringLiteral("order-000001"));

        const Event* charged = find(*sim, "PaymentCharged", place.correlation);
        QVERIFY(charged);
        QCOMPARE(sim->log().payloadJson(*charged), sim->log().payloadJson(*charge)); // "data": "$"
        QCOMPARE(charged->causation, charge->seq);
        QCOMPARE(charged->key, charge->key); // no key rule: the handled message's key

        // Its own state says what it handled and emitted.
        const std::uint16_t billing = sim->findService("billing");
        const QJsonObject state = sim->service(billing).state();
        QCOMPARE(state.value(QStringLiteral("handled")).toObject().value(QStringLiteral("OrderCreated")).toInt(), 3);
        QCOMPARE(state.value(QStringLiteral("emitted")).toObject().value(QStringLiteral("ChargePayment")).toInt(), 3);
    }
};

QTEST_GUILESS_MAIN(TestDeclarativeService)
#include "tst_declarativeservice.moc"
