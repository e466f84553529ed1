// `eventloom-cli run --inject attach@…/detach@…/scale@…` in a separate process: the run records, its
// fingerprint differs from the plain run's, it replays with --verify to the same fingerprint, its export
// holds the injections and the rebalances they caused, and a bad spec exits 2 with the reason.

#include "clirun.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using clitesting::cli;
using clitesting::Result;

namespace {
const QString kScenario = QStringLiteral("10-new-consumer");

QString fingerprint(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object().value(QLatin1String("fingerprint")).toString();
}
}

class TestCliConsumers : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void attachDetachAndScaleRecordAndReplay()
    {
        const QString run = m_dir.filePath(QStringLiteral("consumers.sqlite"));
        const QStringList specs { QStringLiteral("attach@4s,service=fraud,from=latest"),
            QStringLiteral("scale@5s,service=analytics,instances=3"), QStringLiteral("detach@6s,service=notification"),
            QStringLiteral("scale@7s,service=analytics,instances=1"),
            QStringLiteral("attach@8s,service=notification,from=committed") };
        QStringList args { QStringLiteral("run"), kScenario, QStringLiteral("--until"), QStringLiteral("12s") };
        const Result plain = cli(args + QStringList { QStringLiteral("--json") });
        for (const QString& spec : specs)
            args << QStringLiteral("--inject") << spec;
        const Result live = cli(args + QStringList { QStringLiteral("--record"), run, QStringLiteral("--json") });
        QVERIFY2(live.exitCode == 0 || live.exitCode == 1, live.err.constData());
        QVERIFY(!fingerprint(live.out).isEmpty());
        QVERIFY(fingerprint(live.out) != fingerprint(plain.out));
        // Twice the same: the same fingerprint.
        QCOMPARE(fingerprint(cli(args + QStringList { QStringLiteral("--json") }).out), fingerprint(live.out));

        const Result verified = cli({ QStringLiteral("replay"), run, QStringLiteral("--verify") });
        QCOMPARE(verified.exitCode, 0);
        QVERIFY2(verified.out.contains("matches"), verified.out.constData());
        QVERIFY2(verified.out.contains(fingerprint(live.out).toLatin1()), verified.out.constData());

        const QList<QByteArray> lines
            = clitesting::exportedJsonl(run, m_dir.filePath(QStringLiteral("consumers.jsonl")));
        QVERIFY(!lines.isEmpty());
        int injections = 0, added = 0, removed = 0, revoked = 0;
        for (const QByteArray& line : lines) {
            injections += line.startsWith("{\"kind\":\"injection\"");
            added += line.startsWith("{\"kind\":\"instance-added\"");
            removed += line.startsWith("{\"kind\":\"instance-removed\"");
            // notification's detach: each of its partitions (3 on orders.events) given to nobody
            revoked += line.startsWith("{\"kind\":\"rebalanced\"") && line.contains("\"group\":\"notification\"")
                && line.contains("\"aux\":-1");
        }
        QCOMPARE(injections, specs.size());
        QCOMPARE(added, 2);
        QCOMPARE(removed, 2);
        QCOMPARE(revoked, 3);
    }

    void aBadOneExitsTwoWithTheReason_data()
    {
        QTest::addColumn<QStringList>("specs");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("attached") << QStringList { QStringLiteral("attach@2s,service=analytics") }
                                  << QByteArray("service 'analytics' is attached already at 2s (detach it first)");
        QTest::newRow("attached after attachAt") << QStringList { QStringLiteral("attach@11s,service=fraud") }
                                                 << QByteArray("service 'fraud' is attached already at 11s");
        QTest::newRow("twice") << QStringList { QStringLiteral("detach@2s,service=analytics"),
            QStringLiteral("detach@3s,service=analytics") }
                               << QByteArray("service 'analytics' is detached already at 3s");
        QTest::newRow("not yet") << QStringList { QStringLiteral("detach@2s,service=fraud") }
                                 << QByteArray("service 'fraud' is not attached yet at 2s (it attaches at 10s)");
        QTest::newRow("unknown") << QStringList { QStringLiteral("scale@2s,service=fruad,instances=2") }
                                 << QByteArray("unknown service 'fruad'");
        QTest::newRow("range") << QStringList { QStringLiteral("scale@2s,service=analytics,instances=100") }
                               << QByteArray("bad value '100' for instances");
        QTest::newRow("no instances") << QStringList { QStringLiteral("scale,service=analytics") }
                                      << QByteArray("'scale' needs instances=N");
    }
    void aBadOneExitsTwoWithTheReason()
    {
        QFETCH(QStringList, specs);
        QFETCH(QByteArray, reason);
        QStringList args { QStringLiteral("run"), kScenario, QStringLiteral("--until"), QStringLiteral("1s") };
        for (const QString& spec : specs)
            args << QStringLiteral("--inject") << spec;
        const Result r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(reason), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliConsumers)
#include "tst_cli_consumers.moc"
