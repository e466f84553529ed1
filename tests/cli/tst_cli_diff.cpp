// `eventloom-cli diff A.sqlite B.sqlite [--json]`, driven as a separate process: two recordings of the
// same scenario and seed exit 0; one with an extra fault exits 1 and names the first diverging record
// (the one RunComparison finds in the files); bad usage and files that are not run files exit 2.

#include "record/runcomparison.h"

#include "clirun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;

using clitesting::cli;
using clitesting::Result;

class TestCliDiff : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_a, m_a2, m_b;

    void record(const QString& path, const QStringList& extra)
    {
        const Result r = cli(QStringList { QStringLiteral("run"), QStringLiteral("07-saga-orchestration"),
                                 QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--record"), path }
            + extra);
        QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData()); // 1: a lesson check may fail with a fault
        QVERIFY(QFile::exists(path));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = m_dir.filePath(QStringLiteral("a.sqlite"));
        m_a2 = m_dir.filePath(QStringLiteral("a2.sqlite"));
        m_b = m_dir.filePath(QStringLiteral("b.sqlite"));
        record(m_a, {});
        record(m_a2, {});
        record(m_b, { QStringLiteral("--inject"), QStringLiteral("fail-payment@1s,count=1") });
    }

    void identicalRunsExitZero()
    {
        const Result r = cli({ QStringLiteral("diff"), m_a, m_a2 });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        const QList<QByteArray> lines = r.out.split('\n');
        QVERIFY(lines.size() > 4);
        QVERIFY2(lines[0].startsWith("run A") && lines[0].contains(m_a.toUtf8()), lines[0].constData());
        QVERIFY2(lines[1].startsWith("run B") && lines[1].contains(m_a2.toUtf8()), lines[1].constData());
        QVERIFY2(lines[2].startsWith("fingerprints") && lines[2].endsWith("equal"), lines[2].constData());
        QVERIFY2(lines[3].startsWith("first divergence") && lines[3].contains("none"), lines[3].constData());
        QVERIFY(r.out.contains("the runs are identical"));
    }

    void aFaultedRunDiffersAndExitsOne()
    {
        const RunComparison expected = RunComparison::compare(m_a, m_b);
        QVERIFY(expected.ok && expected.divergence);
        Result r = cli({ QStringLiteral("diff"), m_a, m_b });
        QCOMPARE(r.exitCode, 1);
        const QList<QByteArray> lines = r.out.split('\n');
        QVERIFY2(lines[1].contains("fail-payment@1s,count=1"), lines[1].constData());
        QVERIFY2(lines[2].endsWith("DIFFERENT"), lines[2].constData());
        const QByteArray record = "record #" + QByteArray::number(expected.divergence->record);
        QVERIFY2(lines[3].contains(record), lines[3].constData());
        QVERIFY(lines[4].contains(expected.divergence->a.toUtf8()));
        QVERIFY(lines[5].contains(expected.divergence->b.toUtf8()));
        QVERIFY(r.out.contains("sagas compensated"));
        QVERIFY(r.out.contains("the runs differ"));

        r = cli({ QStringLiteral("diff"), m_a, m_b, QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 1);
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(json.value(QStringLiteral("identical")).toBool(true), false);
        QCOMPARE(json.value(QStringLiteral("divergence")).toObject().value(QStringLiteral("record")).toInteger(),
            expected.divergence->record);
        bool found = false;
        for (const QJsonValue& v : json.value(QStringLiteral("counters")).toArray()) {
            const QJsonObject c = v.toObject();
            if (c.value(QStringLiteral("name")).toString() == QLatin1String("sagas.compensated")) {
                found = true;
                QCOMPARE(c.value(QStringLiteral("b")).toInteger() - c.value(QStringLiteral("a")).toInteger(), 1);
                QVERIFY(c.value(QStringLiteral("differs")).toBool());
            }
        }
        QVERIFY(found);
    }

    void badUsageAndBadFilesExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello\n");
        f.close();
        const QString missing = m_dir.filePath(QStringLiteral("missing.sqlite"));
        QTest::newRow("one file") << QStringList { m_a } << QStringLiteral("expected two run files");
        QTest::newRow("unknown option") << QStringList { m_a, m_a2, QStringLiteral("--fast") }
                                        << QStringLiteral("--fast");
        QTest::newRow("not a run file") << QStringList { m_a, text } << QStringLiteral("not a SQLite database");
        QTest::newRow("missing") << QStringList { missing, m_a } << QStringLiteral("no such file");
    }
    void badUsageAndBadFilesExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = cli(QStringList { QStringLiteral("diff") } + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.startsWith("eventloom-cli diff: ") && r.err.contains(message.toUtf8()), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliDiff)
#include "tst_cli_diff.moc"
