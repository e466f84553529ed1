#include "clirun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
using clitesting::cli;
using clitesting::Result;

QJsonObject runJson(const QStringList& extra)
{
    const Result r = cli(QStringList { QStringLiteral("run"), QStringLiteral("scenarios/01-pubsub-fanout.json") }
        + extra + QStringList { QStringLiteral("--json") });
    if (r.exitCode != 0)
        qWarning("%s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}
}

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameFingerprintAcrossProcesses()
    {
        const QJsonObject a = runJson({ QStringLiteral("--seed"), QStringLiteral("7") });
        const QJsonObject b = runJson({ QStringLiteral("--seed"), QStringLiteral("7") });
        QVERIFY(!a.value(QStringLiteral("fingerprint")).toString().isEmpty());
        QCOMPARE(a.value(QStringLiteral("fingerprint")), b.value(QStringLiteral("fingerprint")));
        QCOMPARE(a.value(QStringLiteral("events")), b.value(QStringLiteral("events")));
        const QJsonObject c = runJson({ QStringLiteral("--seed"), QStringLiteral("8") });
        QVERIFY(c.value(QStringLiteral("fingerprint")) != a.value(QStringLiteral("fingerprint")));
    }
    void jsonSummaryHasEveryContractField()
    {
        const QJsonObject s = runJson({ QStringLiteral("--seed"), QStringLiteral("7") });
        for (const char* field :
            { "scenario", "seed", "simTimeUs", "events", "deliveries", "duplicateDeliveries", "redeliveries", "dropped",
                "deadLettered", "duplicateEffects", "orderViolations", "sagas", "checks", "fingerprint", "wallMs" })
            QVERIFY2(s.contains(QLatin1String(field)), field);
        for (const char* field : { "started", "completed", "compensated", "stuck" })
            QVERIFY2(s.value(QStringLiteral("sagas")).toObject().contains(QLatin1String(field)), field);
        QCOMPARE(s.value(QStringLiteral("scenario")).toString(), QStringLiteral("01-pubsub-fanout"));
        QCOMPARE(s.value(QStringLiteral("seed")).toInteger(), 7);
        QCOMPARE(s.value(QStringLiteral("events")).toInteger(), 200); // one OrderCreated per order
        QCOMPARE(s.value(QStringLiteral("deliveries")).toInteger(), 600); // fanned out to three groups
        QCOMPARE(s.value(QStringLiteral("fingerprint")).toString().size(), 16);
    }
    void untilAndSetShapeTheRun()
    {
        const QJsonObject s = runJson({ QStringLiteral("--until"), QStringLiteral("2s"), QStringLiteral("--set"),
            QStringLiteral("workload.rate=50") });
        QCOMPARE(s.value(QStringLiteral("simTimeUs")).toInteger(), 2'000'000);
        QVERIFY(s.value(QStringLiteral("events")).toInteger() > 60); // ~50 orders/s for 2 s, Poisson arrivals
        QVERIFY(s.value(QStringLiteral("events")).toInteger() < 140);
        const QJsonObject more = runJson({ QStringLiteral("--set"), QStringLiteral("workload.orders=50") });
        QCOMPARE(more.value(QStringLiteral("events")).toInteger(), 50);
    }
    void humanOutputStatesTheSameFacts()
    {
        const Result r = cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--seed"),
            QStringLiteral("7") });
        QCOMPARE(r.exitCode, 0);
        const QString fp = runJson({ QStringLiteral("--seed"), QStringLiteral("7") })
                               .value(QStringLiteral("fingerprint"))
                               .toString();
        QVERIFY(QString::fromUtf8(r.out).contains(fp));
        QVERIFY(r.out.contains("deliveries"));
    }
    void badUsageExitsTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList {} << QStringLiteral("usage");
        QTest::newRow("unknown command") << QStringList { QStringLiteral("fly") }
                                         << QStringLiteral("unknown command 'fly'");
        QTest::newRow("no scenario") << QStringList { QStringLiteral("run") }
                                     << QStringLiteral("expected exactly one SCENARIO");
        QTest::newRow("missing file") << QStringList { QStringLiteral("run"), QStringLiteral("/nope/x.json") }
                                      << QStringLiteral("/nope/x.json: error: no such file");
        QTest::newRow("bad seed") << QStringList { QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"),
            QStringLiteral("--seed"), QStringLiteral("abc") }
                                  << QStringLiteral("--seed expects");
        QTest::newRow("bad until") << QStringList { QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"),
            QStringLiteral("--until"), QStringLiteral("5 parsecs") }
                                   << QStringLiteral("--until expects a DURATION");
        QTest::newRow("unknown option") << QStringList { QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"),
            QStringLiteral("--colour") } << QStringLiteral("unknown option '--colour'");
        QTest::newRow("option without value")
            << QStringList { QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--seed") }
            << QStringLiteral("needs a value");
        const auto inject = [](const char* spec) {
            return QStringList { QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--inject"),
                QLatin1String(spec) };
        };
        QTest::newRow("inject kind") << inject("explode@1s") << QStringLiteral("unknown injection kind 'explode'");
        QTest::newRow("inject token") << inject("drop,orders.events")
                                      << QStringLiteral("bad token 'orders.events'; expected key=value");
        QTest::newRow("inject window") << inject("reorder,topic=orders.events,window=1")
                                       << QStringLiteral("bad value '1' for window; expected an integer >= 2");
        QTest::newRow("inject jitter") << inject("delay,jitter=lots") << QStringLiteral("bad jitter 'lots'");
        QTest::newRow("inject service") << inject("slow,service=ghost,factor=2")
                                        << QStringLiteral("unknown service 'ghost'");
        QTest::newRow("inject topic") << inject("poison,topic=ghost.events")
                                      << QStringLiteral("unknown topic 'ghost.events'");
        QTest::newRow("inject schema type")
            << inject("deploy-schema,service=order,version=2") << QStringLiteral("'deploy-schema' needs type=EVENT");
        QTest::newRow("bad set path") << QStringList { QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"),
            QStringLiteral("--set"), QStringLiteral("services.ghost.instances=2") }
                                      << QStringLiteral("no element with id 'ghost'");
    }
    void badUsageExitsTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }
    void malformedFileGivesPositionAndExitTwo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"id\": \"x\",\n  \"topics\": [\n");
        f.close();
        for (const char* command : { "run", "check" }) {
            const Result r = cli({ QLatin1String(command), path });
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(QString::fromUtf8(r.err).startsWith(path + QStringLiteral(":4:1: error: invalid JSON")),
                r.err.constData());
        }
    }
    void checkAcceptsShippedScenarios()
    {
        const Result r = cli({ QStringLiteral("check"), QStringLiteral("scenarios/01-pubsub-fanout.json") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("ok"));
    }
    void faultInjectionsShowInTheSummaryAndItsChecks()
    {
        const QJsonObject calm = runJson({ QStringLiteral("--seed"), QStringLiteral("7") });
        const QJsonObject faulty = runJson({ QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--inject"),
            QStringLiteral("drop,topic=orders.events,probability=0.1"), QStringLiteral("--inject"),
            QStringLiteral("duplicate@2s,topic=orders.events,count=4,copies=2") });
        QCOMPARE(calm.value(QLatin1String("dropped")).toInt(), 0);
        QVERIFY(faulty.value(QLatin1String("dropped")).toInt() > 0);
        QCOMPARE(faulty.value(QLatin1String("duplicateDeliveries")).toInt(), 8);
        QVERIFY(faulty.value(QLatin1String("fingerprint")) != calm.value(QLatin1String("fingerprint")));
        QStringList names; // the delivery checker's; the scenario's own checks come before them
        for (const QJsonValue& c : faulty.value(QLatin1String("checks")).toArray()) {
            if (!c.toObject().value(QLatin1String("name")).toString().startsWith(QLatin1String("delivery: ")))
                continue;
            names << c.toObject().value(QLatin1String("name")).toString();
            if (names.back() == QLatin1String("delivery: no lost events"))
                QVERIFY(c.toObject().value(QLatin1String("passed")).toBool()); // drops are explained
            if (names.back() == QLatin1String("delivery: no duplicate deliveries"))
                QVERIFY(
                    c.toObject().value(QLatin1String("detail")).toString().contains(QLatin1String("orders.events")));
        }
        QCOMPARE(names.size(), 5);
        const Result unknown = cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"),
            QStringLiteral("--inject"), QStringLiteral("delay,topic=nowhere,latency=5ms") });
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("unknown topic 'nowhere'"));
    }
    void aBreakpointThatHoldsTheRunIsReported()
    {
        // Nothing decides on held deliveries in a batch run: the run stops there, and says so.
        const Result held = cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--inject"),
            QStringLiteral("break@1s,service=inventory"), QStringLiteral("--json") });
        QCOMPARE(held.exitCode, 1); // the lesson's checks see orders that never finished
        QVERIFY2(
            held.err.contains("stopped at a breakpoint at 1s") || held.err.contains("stopped at a breakpoint at 1."),
            held.err.constData());
        QVERIFY(held.err.contains("1 delivery waiting"));
        const QJsonObject summary = QJsonDocument::fromJson(held.out).object();
        QVERIFY(summary.value(QLatin1String("simTimeUs")).toInteger() < 2'000'000);
        const Result free = cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout") });
        QVERIFY(!free.err.contains("breakpoint"));
    }

    void checkSaysWhatItLoadedOrEveryError()
    {
        const Result ok = cli({ QStringLiteral("check"), QStringLiteral("scenarios/07-saga-orchestration.json") });
        QCOMPARE(ok.exitCode, 0);
        QVERIFY2(ok.out.startsWith("scenarios/07-saga-orchestration.json: ok (4 topics, 6 services, 1 sagas, "),
            ok.out.constData());
        QVERIFY(ok.out.contains(" checks, a lesson in "));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("two.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"id\": \"x\",\n  \"topics\": [ { \"id\": \"t\", \"partitions\": 0 } ],\n  \"services\": [],\n"
                "  \"checks\": [ { \"id\": \"c\", \"expect\": \"evnts > 1\" } ]\n}\n");
        f.close();
        const Result bad = cli({ QStringLiteral("check"), path, QStringLiteral("01-pubsub-fanout") });
        QCOMPARE(bad.exitCode, 2);
        const QStringList lines = QString::fromUtf8(bad.err).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines,
            (QStringList {
                path + QStringLiteral(":3:42: error: topics[0].partitions: must be between 1 and 1024, got 0"),
                path + QStringLiteral(":5:39: error: checks[0].expect: unknown name 'evnts' (did you mean 'events'?)"),
                path + QStringLiteral(": 2 errors") }));
        QVERIFY(bad.out.startsWith("01-pubsub-fanout: ok")); // the other files are still checked
    }
    void scenarioChecksDecideTheExitStatus()
    {
        const QString scenario = QStringLiteral("scenarios/07-saga-orchestration.json");
        const Result passing = cli({ QStringLiteral("run"), scenario, QStringLiteral("--json") });
        QCOMPARE(passing.exitCode, 0);
        const QJsonArray checks
            = QJsonDocument::fromJson(passing.out).object().value(QLatin1String("checks")).toArray();
        QCOMPARE(checks.first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("every-saga-ends"));
        QVERIFY(checks.first().toObject().value(QLatin1String("passed")).toBool());

        const QStringList failing { QStringLiteral("run"), scenario, QStringLiteral("--set"),
            QStringLiteral("checks.declines-compensated.expect=sagas.compensated > 1000") };
        const Result text = cli(failing);
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains("check FAILED          declines-compensated \u2014 sagas.compensated = 7, 1000"),
            text.out.constData());
        const Result json = cli(failing + QStringList { QStringLiteral("--json") });
        QCOMPARE(json.exitCode, 1);
        bool found = false;
        for (const QJsonValue& c : QJsonDocument::fromJson(json.out).object().value(QLatin1String("checks")).toArray())
            if (c.toObject().value(QLatin1String("name")) == QLatin1String("declines-compensated")) {
                found = true;
                QVERIFY(!c.toObject().value(QLatin1String("passed")).toBool());
                QCOMPARE(c.toObject().value(QLatin1String("detail")).toString(),
                    QStringLiteral("sagas.compensated = 7, 1000"));
            }
        QVERIFY(found);
    }
    void stateShowsWhatChecksRead()
    {
        const Result r = cli({ QStringLiteral("run"), QStringLiteral("07-saga-orchestration"), QStringLiteral("--json"),
            QStringLiteral("--state") });
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> parts = r.out.split('\n');
        const QJsonObject summary = QJsonDocument::fromJson(parts.first()).object();
        const QJsonObject state = QJsonDocument::fromJson(r.out.mid(parts.first().size() + 1)).object();
        QCOMPARE(state.value(QLatin1String("events")), summary.value(QLatin1String("events")));
        QCOMPARE(state.value(QLatin1String("sagas")).toObject().value(QLatin1String("compensated")).toInt(), 7);
        QVERIFY(state.value(QLatin1String("services")).toObject().contains(QLatin1String("order-saga")));
        QVERIFY(state.value(QLatin1String("inventory")).toObject().value(QLatin1String("invariantsHold")).toBool());
    }
    void scenariosListsShippedLessons()
    {
        const Result r = cli({ QStringLiteral("scenarios") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("01-pubsub-fanout"));
        QVERIFY(r.out.contains("Pub/sub fan-out"));
        QVERIFY(!r.out.contains("scenario.schema")); // the schema is not a lesson (09-schema-evolution is)
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
