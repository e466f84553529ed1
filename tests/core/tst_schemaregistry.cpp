// Payload schemas: the upcast a producer writes through and an upcaster reads through, the strict
// and tolerant readers, and what the engine makes of them (retries, dead letters, sums); the
// loader's errors for `schemas`, readers and sums.

#include "bus/schemaregistry.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "testservices.h"

#include <QJsonDocument>
#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
QJsonObject object(const char* json)
{
    return QJsonDocument::fromJson(json).object();
}

// v2 moves amountCents into total and adds total.currency.
SchemaRegistry orders()
{
    SchemaRegistry registry;
    registry.add({ QStringLiteral("OrderCreated"), 1, object(R"({"orderId": "", "amountCents": 0})"), {} });
    SchemaRegistry::Schema v2 { QStringLiteral("OrderCreated"), 2,
        object(R"({"orderId": "", "total": {"amountCents": 0, "currency": "EUR"}})"), {} };
    v2.upcast.push_back(
        { SchemaRegistry::Step::Op::Move, QStringLiteral("amountCents"), QStringLiteral("total.amountCents"), {} });
    v2.upcast.push_back({ SchemaRegistry::Step::Op::Set, QStringLiteral("total.currency"), {}, QStringLiteral("EUR") });
    registry.add(std::move(v2));
    return registry;
}

// A producer that switches OrderCreated to v2 at 30 ms, and one consumer group whose subscription
// is spliced in: "READER".
QByteArray scenario(const char* reader, const char* sum = "$.amountCents")
{
    QByteArray text = R"({
  "id": "readers",
  "topics": [ { "id": "orders.events", "partitions": 1, "latency": "1ms" } ],
  "schemas": [
    { "type": "OrderCreated", "version": 1, "fields": { "orderId": "", "amountCents": 0, "quantity": 0 } },
    { "type": "OrderCreated", "version": 2, "fields": { "orderId": "", "quantity": 0, "total": { "amountCents": 0, "currency": "EUR" } },
      "upcast": [ { "move": "amountCents", "to": "total.amountCents" }, { "set": "total.currency", "value": "EUR" } ] }
  ],
  "services": [
    { "id": "order", "rules": [ { "on": "PlaceOrder", "sum": { "revenueCents": "$.amountCents" },
        "publish": { "topic": "orders.events", "type": "OrderCreated", "key": "$.orderId",
                     "data": { "orderId": "$.orderId", "amountCents": "$.amountCents", "quantity": "$.quantity" } } } ] },
    { "id": "reader", "latency": "1ms", "subscriptions": [ READER ],
      "rules": [ { "on": "OrderCreated", "sum": { "revenueCents": "SUM" } } ] }
  ],
  "workload": { "orders": 10, "rate": 100, "arrival": "uniform", "unitPriceCents": 100 },
  "injections": [ "deploy-schema@45ms,service=order,type=OrderCreated,version=2" ]
})";
    return text.replace("READER", reader).replace("SUM", sum);
}

struct Run {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    qint64 sum(const char* service) const
    {
        return sim->service(sim->findService(service))
            .state()
            .value(QStringLiteral("sums"))
            .toObject()
            .value(QStringLiteral("revenueCents"))
            .toInteger();
    }
    std::size_t handled(HandleOutcome outcome, std::string_view detail) const
    {
        std::size_t n = 0;
        for (const TraceRecord& r : trace.of(TraceKind::Handled))
            n += r.outcome == outcome && r.group != kNoIndex && sim->log().text(r.detail) == detail ? 1 : 0;
        return n;
    }
};

std::unique_ptr<Run> run(const QByteArray& text)
{
    const auto loaded = ScenarioLoader::loadText(text, QStringLiteral("readers.json"));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    auto r = std::make_unique<Run>();
    r->sim = ScenarioBuilder::build(*loaded.scenario);
    r->sim->addObserver(&r->trace);
    r->sim->runToQuiescence();
    return r;
}

int versionCount(const Simulation& sim, int version)
{
    int n = 0;
    for (const Event& e : sim.log().events())
        n += e.kind == Event::Kind::Event && e.topic == 0 && e.version == version
                && sim.log().text(e.type) == "OrderCreated"
            ? 1
            : 0;
    return n;
}

QStringList messages(const ScenarioLoader::Result& r)
{
    QStringList out;
    for (const Diagnostic& d : r.errors)
        out << d.toString();
    return out;
}
}

class TestSchemaRegistry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void anUpcastMovesAndAddsFields()
    {
        const SchemaRegistry registry = orders();
        QCOMPARE(registry.write("OrderCreated", 2, object(R"({"orderId": "o-1", "amountCents": 4500})")),
            object(R"({"orderId": "o-1", "total": {"amountCents": 4500, "currency": "EUR"}})"));
        QCOMPARE(registry.write("OrderCreated", 1, object(R"({"amountCents": 1})")), object(R"({"amountCents": 1})"));
        QCOMPARE(registry.write("Other", 2, object(R"({"amountCents": 1})")), object(R"({"amountCents": 1})"));
        const auto read = registry.read("OrderCreated", 1, object(R"({"orderId": "o-1", "amountCents": 300})"), 2,
            SchemaRegistry::Reader::Strict, true);
        QVERIFY(!read.failed);
        QVERIFY(read.changed);
        QCOMPARE(read.version, 2);
        QCOMPARE(read.payload, object(R"({"orderId": "o-1", "total": {"amountCents": 300, "currency": "EUR"}})"));
        QCOMPARE(read.detail, QStringLiteral("upcast v1 to v2"));
    }
    void aStrictReaderNamesWhatDoesNotFit_data()
    {
        QTest::addColumn<int>("eventVersion");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<int>("readerVersion");
        QTest::addColumn<QString>("detail");
        QTest::newRow("v2 read as v1")
            << 2 << QByteArray(R"({"orderId": "o", "total": {"amountCents": 1, "currency": "EUR"}})") << 1
            << QStringLiteral("OrderCreated v2 read as v1: missing amountCents; unexpected total");
        QTest::newRow("v1 read as v2") << 1 << QByteArray(R"({"orderId": "o", "amountCents": 1})") << 2
                                       << QStringLiteral(
                                              "OrderCreated v1 read as v2: missing total; unexpected amountCents");
        QTest::newRow("nested and typed")
            << 2 << QByteArray(R"({"orderId": 7, "total": {"amountCents": 1}})") << 2
            << QStringLiteral("OrderCreated v2 read as v2: missing total.currency; wrong type orderId (a number)");
        QTest::newRow("fits") << 1 << QByteArray(R"({"orderId": "o", "amountCents": 1})") << 1 << QString();
    }
    void aStrictReaderNamesWhatDoesNotFit()
    {
        QFETCH(int, eventVersion);
        QFETCH(QByteArray, payload);
        QFETCH(int, readerVersion);
        QFETCH(QString, detail);
        const auto read = orders().read(
            "OrderCreated", eventVersion, object(payload), readerVersion, SchemaRegistry::Reader::Strict, false);
        QCOMPARE(read.failed, !detail.isEmpty());
        QCOMPARE(read.detail, detail);
        QVERIFY(!read.changed);
    }
    void aTolerantReaderDefaultsAndIgnores()
    {
        const auto read = orders().read("OrderCreated", 2,
            object(R"({"orderId": "o", "total": {"amountCents": 9, "currency": "EUR"}})"), 1,
            SchemaRegistry::Reader::Tolerant, false);
        QVERIFY(!read.failed);
        QVERIFY(read.changed);
        QCOMPARE(read.payload, object(R"({"orderId": "o", "amountCents": 0})"));
        QCOMPARE(read.detail, QStringLiteral("defaulted amountCents; ignored total"));
        // A type known by version only: a tolerant reader takes it as it is, a strict one refuses a newer version.
        QVERIFY(!orders().read("Tick", 2, {}, 1, SchemaRegistry::Reader::Tolerant, false).failed);
        QCOMPARE(orders().read("Tick", 2, {}, 1, SchemaRegistry::Reader::Strict, true).detail,
            QStringLiteral("unknown schema version 2 of Tick"));
    }
    void aProducerDeploysOnlyADeclaredVersion()
    {
        QVERIFY(orders().checkDeploy("OrderCreated", 2).isEmpty());
        QVERIFY(orders().checkDeploy("Tick", 5).isEmpty()); // no schemas: a version number only
        QVERIFY(orders()
                    .checkDeploy("OrderCreated", 3)
                    .contains(QStringLiteral("OrderCreated has schemas for version 1, 2, not 3")));
    }

    void theProducerWritesTheNewShapeAfterTheDeploy()
    {
        const auto r = run(
            scenario(R"({ "topic": "orders.events", "schemaVersion": 2, "upcaster": true })", "$.total.amountCents"));
        const int v1 = versionCount(*r->sim, 1), v2 = versionCount(*r->sim, 2);
        QVERIFY(v1 > 0 && v2 > 0);
        QCOMPARE(v1 + v2, 10);
        for (const Event& e : r->sim->log().events())
            if (e.kind == Event::Kind::Event && e.topic == 0) {
                const QJsonObject data = r->sim->log().payloadJson(e);
                QCOMPARE(data.contains(QStringLiteral("amountCents")), e.version == 1);
                QCOMPARE(data.value(QStringLiteral("total")).toObject().value(QStringLiteral("currency")).toString(),
                    e.version == 2 ? QStringLiteral("EUR") : QString());
            }
        // The upcaster's reader saw every event as v2 and counted every cent.
        QCOMPARE(r->handled(HandleOutcome::Ok, "upcast v1 to v2"), std::size_t(v1));
        QCOMPARE(r->sum("reader"), r->sum("order"));
        QVERIFY(r->sum("order") > 0);
    }
    void withoutItsUpcasterTheNewReaderFailsOnHistory()
    {
        const auto r = run(
            scenario(R"({ "topic": "orders.events", "schemaVersion": 2, "retry": { "count": 2, "backoff": "5ms" } })",
                "$.total.amountCents"));
        const std::size_t v1 = static_cast<std::size_t>(versionCount(*r->sim, 1));
        const std::string_view why = "OrderCreated v1 read as v2: missing total; unexpected amountCents";
        QCOMPARE(r->handled(HandleOutcome::Failed, why), 3 * v1); // the first attempt and two retries
        QCOMPARE(r->trace.of(TraceKind::Retried).size(), 2 * v1);
        QCOMPARE(r->sim->counters().deadLettered, v1);
        for (const auto& letter : r->sim->deadLetters())
            QCOMPARE(r->sim->log().text(letter.reason), why);
        QVERIFY(r->sum("reader") < r->sum("order"));
    }
    void aStrictOldReaderRetriesThenDeadLettersTheNewShape()
    {
        const auto r = run(scenario(
            R"({ "topic": "orders.events", "schemaVersion": 1, "reader": "strict", "retry": { "count": 1, "backoff": "5ms" } })"));
        const std::size_t v2 = static_cast<std::size_t>(versionCount(*r->sim, 2));
        QCOMPARE(r->handled(HandleOutcome::Failed, "OrderCreated v2 read as v1: missing amountCents; unexpected total"),
            2 * v2);
        QCOMPARE(r->sim->counters().deadLettered, v2);
        qint64 v1Cents = 0; // what it could read: the events written before the deploy
        for (const Event& e : r->sim->log().events())
            if (e.kind == Event::Kind::Event && e.topic == 0 && e.version == 1)
                v1Cents += r->sim->log().payloadJson(e).value(QStringLiteral("amountCents")).toInteger();
        QCOMPARE(r->sum("reader"), v1Cents);
        QVERIFY(r->sum("reader") < r->sum("order"));
    }
    void aTolerantOldReaderKeepsGoingWithTheDefault()
    {
        const auto strict = run(
            scenario(R"({ "topic": "orders.events", "schemaVersion": 1, "retry": { "count": 1, "backoff": "5ms" } })"));
        const auto tolerant
            = run(scenario(R"({ "topic": "orders.events", "schemaVersion": 1, "reader": "tolerant" })"));
        const std::size_t v2 = static_cast<std::size_t>(versionCount(*tolerant->sim, 2));
        QCOMPARE(tolerant->sim->counters().deadLettered, 0u);
        QCOMPARE(tolerant->handled(HandleOutcome::Ok, "defaulted amountCents; ignored total"), v2);
        // The moved amount reads as its default, 0: the tolerant reader counts what the strict one counted.
        QCOMPARE(tolerant->sum("reader"), strict->sum("reader"));
        QVERIFY(tolerant->sum("reader") < tolerant->sum("order"));
    }
    void aHandlerWithoutTheFieldItSumsFails()
    {
        // skip: each failing record is handled once and passed over (the default, block, would retry the first for
        // ever).
        const auto r = run(scenario(R"({ "topic": "orders.events", "onFailure": "skip" })"));
        QCOMPARE(r->handled(HandleOutcome::Failed, "no number at amountCents"),
            static_cast<std::size_t>(versionCount(*r->sim, 2)));
        QCOMPARE(r->sim->service(r->sim->findService("reader"))
                     .state()
                     .value(QStringLiteral("handled"))
                     .toObject()
                     .value(QStringLiteral("OrderCreated"))
                     .toInt(),
            versionCount(*r->sim, 1));
    }

    void badSchemasAreReportedWhereTheyAre()
    {
        const QByteArray text = R"({
  "id": "x",
  "topics": [ { "id": "t" } ],
  "schemas": [
    { "type": "A", "version": 1, "fields": { "a.b": 0 }, "upcast": [ { "remove": "a" } ] },
    { "type": "A", "version": 3, "fields": {}, "upcast": [ { "move": "a" }, { "set": "b", "move": "c", "to": "d" }, { "remove": "x..y" } ] },
    { "type": "A", "version": 3, "fields": [] }
  ],
  "services": [
    { "id": "s", "subscriptions": [ { "topic": "t", "reader": "lenient", "upcaster": true } ],
      "rules": [ { "on": "A", "sum": { "n": "amount" } } ] }
  ],
  "injections": [ "deploy-schema,service=s,type=A,version=4" ]
})";
        const QStringList m = messages(ScenarioLoader::loadText(text, QStringLiteral("x.json")));
        const QString all = m.join(u'\n');
        for (const char* expected :
            { "x.json:5:46: error: schemas[0].fields.a.b: a field name is not empty and has no '.'",
                "x.json:5:68: error: schemas[0].upcast: version 1 has no older version to upcast from",
                "x.json:6:60: error: schemas[1].upcast[0]: missing required field 'to'",
                "x.json:6:77: error: schemas[1].upcast[1]: a step has exactly one of",
                "x.json:6:129: error: schemas[1].upcast[2].remove: expected a field path",
                "x.json:7:31: error: schemas[2].version: A version 3 is declared twice",
                "x.json:7:44: error: schemas[2].fields: expected an object of field names and their defaults",
                "x.json:4:14: error: schemas: A declares version 3 but not version 2: versions count up from 1",
                "x.json:10:63: error: services[0].subscriptions[0].reader: expected \"strict\" or \"tolerant\"",
                "x.json:10:53: error: services[0].subscriptions[0].reader: 'reader' needs 'schemaVersion'",
                "x.json:10:74: error: services[0].subscriptions[0].upcaster: 'upcaster' needs 'schemaVersion'",
                "x.json:11:45: error: services[0].rules[0].sum.n: expected a field of the message",
                "x.json:13:19: error: injections[0]: A has schemas for version 1, 3, not 4" })
            QVERIFY2(all.contains(QLatin1String(expected)),
                qPrintable(QStringLiteral("missing: ") + QLatin1String(expected) + u'\n' + all));
    }
};

QTEST_GUILESS_MAIN(TestSchemaRegistry)
#include "tst_schemaregistry.moc"
