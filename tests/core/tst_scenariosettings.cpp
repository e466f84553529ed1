// The knobs of a scenario (ScenarioSettings): found in the shipped scenarios' documents and the schema,
// each one a `--set` the loader takes back to the same document; a bad value gets the loader's error;
// the overrides a run had are kept in its run file and listed by the comparison, and a run file
// without them (recorded before they were kept) still opens.

#include "record/runcomparison.h"
#include "record/runfile.h"
#include "record/sqlitedb.h"
#include "recordtesting.h"
#include "scenario/scenariosettings.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;

namespace {
QJsonObject shippedDocument(const QString& id)
{
    return test::loadShipped(id).json;
}

std::optional<ScenarioSetting> find(const QList<ScenarioSetting>& settings, const QString& path)
{
    for (const ScenarioSetting& s : settings)
        if (s.path == path)
            return s;
    return std::nullopt;
}
}

class TestScenarioSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knobsComeFromTheDocumentAndTheSchema_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("value"); // as an assignment writes it
        QTest::addColumn<QStringList>("choices");
        QTest::addColumn<double>("maximum");
        using K = ScenarioSetting::Kind;
        const auto row = [](const char* name, const char* scenario, const char* path, K kind, const char* value,
                             std::initializer_list<const char*> choices = {}, double maximum = 0) {
            QStringList names;
            for (const char* c : choices)
                names << QString::fromUtf8(c);
            QTest::newRow(name) << QString::fromUtf8(scenario) << QString::fromUtf8(path) << int(kind)
                                << QString::fromUtf8(value) << names << maximum;
        };
        row("interaction", "02-request-response-vs-events", "interaction", K::Choice, "events", { "events", "sync" });
        row("saga style", "07-saga-orchestration", "sagas.order-fulfilment.style", K::Choice, "orchestration",
            { "orchestration", "choreography" });
        row("instances, a default", "10-new-consumer", "services.analytics.instances", K::Integer, "1", {}, 64);
        row("startFrom", "10-new-consumer", "services.fraud.startFrom", K::Choice, "earliest",
            { "earliest", "latest" });
        row("attachAt", "10-new-consumer", "services.fraud.attachAt", K::Duration, "10s");
        row("idempotent", "03-duplicates-idempotency", "services.payment.idempotent", K::Boolean, "false");
        row("upcaster by index", "09-schema-evolution", "services.fraud.subscriptions.0.upcaster", K::Boolean, "true");
        row("dotted topic id", "04-ordering-partitions", "topics.orders.events.partitions", K::Integer, "3", {}, 1024);
        row("workload rate", "02-request-response-vs-events", "workload.rate", K::Number, "10", {}, 1e9);
        row("workload size", "02-request-response-vs-events", "workload.orders", K::Integer, "300", {}, 1e8);
        row("tenant quota", "11-multi-tenant", "workload.tenants.globex.quota", K::Number, "40", {}, 1e9);
        row("tenant onboarding", "11-multi-tenant", "workload.tenants.globex.from", K::Duration, "10s");
        row("tenant share", "11-multi-tenant", "workload.tenants.acme.weight", K::Number, "2", {}, 1e9);
    }

    void knobsComeFromTheDocumentAndTheSchema()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, path);
        QFETCH(int, kind);
        QFETCH(QString, value);
        QFETCH(QStringList, choices);
        QFETCH(double, maximum);
        const QJsonObject document = shippedDocument(scenario);
        const std::optional<ScenarioSetting> s
            = find(ScenarioSettings::discover(document, ScenarioSettings::schema()), path);
        QVERIFY2(s, qPrintable(path));
        QCOMPARE(int(s->kind), kind);
        QCOMPARE(ScenarioSetting::valueText(s->value), value);
        QCOMPARE(s->choices, choices);
        if (maximum > 0)
            QCOMPARE(s->maximum, maximum);
        QVERIFY(!s->description.isEmpty());
        QVERIFY(!s->group.isEmpty());
    }

    void knobsOnlyWhereTheyApply()
    {
        const QJsonObject schema = ScenarioSettings::schema();
        // No order service: nothing to call synchronously. Declarative services have no inbox; a service
        // without subscriptions attaches nothing; a subscription without a schema version has no upcaster.
        const QList<ScenarioSetting> fanout
            = ScenarioSettings::discover(shippedDocument(QStringLiteral("01-pubsub-fanout")), schema);
        QVERIFY(!find(fanout, QStringLiteral("interaction")));
        QVERIFY(!find(fanout, QStringLiteral("services.inventory.idempotent")));
        QVERIFY(!find(fanout, QStringLiteral("services.order.startFrom")));
        QVERIFY(find(fanout, QStringLiteral("services.inventory.startFrom")));
        QVERIFY(!find(fanout, QStringLiteral("workload.tenants.acme.from")));
        // A tenant written as a plain id has nothing a path could name.
        const QList<ScenarioSetting> tenants
            = ScenarioSettings::discover(shippedDocument(QStringLiteral("11-multi-tenant")), schema);
        QVERIFY(!find(tenants, QStringLiteral("workload.tenants.initech.from")));
        QVERIFY(!find(tenants, QStringLiteral("workload.tenants.globex.weight"))); // it has a rate of its own
        QVERIFY(!find(tenants, QStringLiteral("workload.tenants.acme.quota"))); // it has none
        const QList<ScenarioSetting> schemas
            = ScenarioSettings::discover(shippedDocument(QStringLiteral("09-schema-evolution")), schema);
        QVERIFY(!find(schemas, QStringLiteral("services.order.subscriptions.0.upcaster")));
        QVERIFY(find(schemas, QStringLiteral("services.analytics.subscriptions.0.upcaster")));
        // Without a schema nothing is known of any knob.
        QVERIFY(
            ScenarioSettings::discover(shippedDocument(QStringLiteral("02-request-response-vs-events")), {}).isEmpty());
    }

    /// Every knob of every shipped scenario is a path `--set` finds: set to the value it has, the loader
    /// takes it, and the document it makes has that value there.
    void everyKnobIsASetTheLoaderTakes()
    {
        const QJsonObject schema = ScenarioSettings::schema();
        int knobs = 0;
        for (const QString& id : ShippedScenarios::paths()) {
            const Scenario shipped = test::loadShipped(id);
            for (const ScenarioSetting& s : ScenarioSettings::discover(shipped.json, schema)) {
                if (s.value.isUndefined())
                    continue;
                const auto loaded = ScenarioLoader::loadFile(shipped.file, { s.assignment(s.value) });
                QVERIFY2(loaded.ok(),
                    qPrintable(id + u' ' + s.assignment(s.value) + u' '
                        + (loaded.errors.empty() ? QString() : loaded.errors.front().toString())));
                QCOMPARE(loaded.scenario->overrides, QStringList { s.assignment(s.value) });
                const std::optional<ScenarioSetting> again
                    = find(ScenarioSettings::discover(loaded.scenario->json, schema), s.path);
                QVERIFY(again);
                QCOMPARE(again->value, s.value);
                ++knobs;
            }
        }
        QVERIFY2(knobs > 200, qPrintable(QString::number(knobs)));
    }

    void aBadValueGetsTheLoadersError()
    {
        const QString file = ShippedScenarios::resolve(QStringLiteral("07-saga-orchestration"));
        for (const QString& bad : { QStringLiteral("sagas.order-fulfilment.style=sideways"),
                 QStringLiteral("services.inventory.instances=0"), QStringLiteral("topics.orders.events.partitions=x"),
                 QStringLiteral("services.inventory.attachAt=soon") }) {
            const auto loaded = ScenarioLoader::loadFile(file, { bad });
            QVERIFY2(!loaded.ok(), qPrintable(bad));
            QVERIFY(!loaded.errors.front().toString().isEmpty());
        }
    }

    void valuesAreWrittenAsSetReadsThem()
    {
        QCOMPARE(ScenarioSetting::valueText(QStringLiteral("sync")), QStringLiteral("sync"));
        QCOMPARE(ScenarioSetting::valueText(QStringLiteral("2s")), QStringLiteral("2s"));
        QCOMPARE(ScenarioSetting::valueText(QStringLiteral("true")), QStringLiteral("\"true\"")); // the string
        QCOMPARE(ScenarioSetting::valueText(true), QStringLiteral("true"));
        QCOMPARE(ScenarioSetting::valueText(6), QStringLiteral("6"));
        QCOMPARE(ScenarioSetting::valueText(2.5), QStringLiteral("2.5"));
        QCOMPARE(ScenarioSetting::valueText(QJsonArray { QStringLiteral("acme"), QStringLiteral("globex") }),
            QStringLiteral("[\"acme\",\"globex\"]"));
        QCOMPARE(ScenarioSettings::pathOf(QStringLiteral("topics.orders.events.partitions=6")),
            QStringLiteral("topics.orders.events.partitions"));
    }

    /// The run file keeps the overrides; the comparison lists them; a file without the key opens with none.
    void overridesAreKeptInTheRunFile()
    {
        QTemporaryDir dir;
        const QString variant = dir.filePath(QStringLiteral("variant.sqlite"));
        const QString shipped = dir.filePath(QStringLiteral("shipped.sqlite"));
        const QStringList overrides { QStringLiteral("interaction=sync"), QStringLiteral("workload.orders=5") };
        test::recordScenario(test::loadShipped(QStringLiteral("02-request-response-vs-events"), overrides), variant);
        test::recordScenario(
            test::loadShipped(QStringLiteral("02-request-response-vs-events"), { QStringLiteral("workload.orders=5") }),
            shipped);
        {
            RunFile run;
            QString error;
            QVERIFY2(run.open(variant, error), qPrintable(error));
            QCOMPARE(run.info().overrides, overrides);
        }
        const RunComparison comparison = RunComparison::compare(variant, shipped);
        QCOMPARE(comparison.a.overrides, overrides);
        QVERIFY(comparison.toText().contains(QStringLiteral("with interaction=sync workload.orders=5")));
        QCOMPARE(
            comparison.toJson().value(QLatin1String("a")).toObject().value(QLatin1String("overrides")).toArray().size(),
            2);
        {
            SqliteDb db; // as a file recorded before the key existed
            QVERIFY(db.open(shipped.toStdString(), SqliteDb::Mode::ReadWrite));
            QVERIFY(db.exec("DELETE FROM run WHERE key = 'overrides'"));
        }
        RunFile old;
        QString error;
        QVERIFY2(old.open(shipped, error), qPrintable(error));
        QVERIFY(old.info().overrides.isEmpty());
        QVERIFY(!old.info().scenarioJson.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestScenarioSettings)
#include "tst_scenariosettings.moc"
