// eventloom-cli's recording commands, driven as separate processes: run --record/--export, replay
// --verify, export, import; exit statuses and messages; a recording killed at random points; the
// CloudEvents export judged by the CloudEvents SDK.

#include "record/runfile.h"
#include "record/sqlitedb.h"
#include "record/storedtrace.h"

#include "clirun.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <sqlite3.h>

using namespace eventloom;

namespace {
using clitesting::cli;
using clitesting::Result;

QByteArray contents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void write(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
}

/// The long run the kill test interrupts: a few hundred thousand trace records.
const QStringList kLongRun = { QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--set"),
    QStringLiteral("workload.orders=15000"), QStringLiteral("--seed"), QStringLiteral("11") };
}

class TestCliRecord : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString file(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void recordReplayVerifyAndExport()
    {
        const QString run = file(QStringLiteral("fanout.sqlite"));
        Result r = cli({ QStringLiteral("run"), QStringLiteral("scenarios/01-pubsub-fanout.json"),
            QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--record"), run, QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("fingerprint")).toString(),
            QStringLiteral("1a0b40110d8cf797"));
        r = cli({ QStringLiteral("replay"), run, QStringLiteral("--verify") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("verified:") && r.out.contains("1a0b40110d8cf797"), r.out.constData());

        // `run --export` writes what `export` writes from the recorded file.
        for (const char* format : { "jsonl", "csv", "cloudevents" }) {
            const QString live = file(QStringLiteral("live.") + QLatin1String(format));
            const QString later = file(QStringLiteral("later.") + QLatin1String(format));
            QCOMPARE(cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--seed"),
                             QStringLiteral("7"), QStringLiteral("--export"), live, QStringLiteral("--format"),
                             QLatin1String(format) })
                         .exitCode,
                0);
            QCOMPARE(cli({ QStringLiteral("export"), run, QStringLiteral("--format"), QLatin1String(format),
                             QStringLiteral("-o"), later })
                         .exitCode,
                0);
            QVERIFY(!contents(live).isEmpty());
            QCOMPARE(contents(live), contents(later));
        }
        const QString diagram = file(QStringLiteral("order.mmd"));
        QCOMPARE(
            cli({ QStringLiteral("export"), run, QStringLiteral("--format"), QStringLiteral("mermaid"),
                    QStringLiteral("-o"), diagram, QStringLiteral("--correlation"), QStringLiteral("order-000001") })
                .exitCode,
            0);
        QVERIFY(contents(diagram).startsWith("sequenceDiagram\n"));
    }

    void aMismatchExitsOneAndShowsTheRecord()
    {
        const QString run = file(QStringLiteral("tampered.sqlite"));
        QCOMPARE(cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--record"), run })
                     .exitCode,
            0);
        {
            SqliteDb db;
            QVERIFY(db.open(run.toStdString(), SqliteDb::Mode::ReadWrite));
            // Schema 4: message 40's payload, in its message block, is changed (a later message of the block
            // may repeat it by reference: it changes too).
            QVERIFY(db.exec(R"sql(UPDATE message_blocks SET data = json_set(data, '$[' || (40 - first) || '][15]',
                json('{"orderId":"changed"}')) WHERE first <= 40 AND first + n > 40)sql"));
            QCOMPARE(db.changes(), 1);
        }
        const Result r = cli({ QStringLiteral("replay"), run, QStringLiteral("--verify") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("first diverging trace record: #"), r.err.constData());
        QVERIFY(r.err.contains("\"orderId\":\"changed\""));
    }

    void injectionsFromTheCommandLineReplay()
    {
        const QString run = file(QStringLiteral("injected.sqlite"));
        // 1: lesson 03 as shipped has its inboxes off, so its checks charged-once and emailed-once fail.
        QCOMPARE(cli({ QStringLiteral("run"), QStringLiteral("03-duplicates-idempotency"), QStringLiteral("--inject"),
                         QStringLiteral("crash@2s,service=inventory,for=1s"), QStringLiteral("--record"), run })
                     .exitCode,
            1);
        const Result r = cli({ QStringLiteral("replay"), run, QStringLiteral("--verify") });
        QCOMPARE(r.exitCode, 0);
    }

    void badInputExitsTwoAndTouchesNothing_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not sqlite") << QByteArray("hello, world\n");
        QByteArray random(8192, '\0');
        QRandomGenerator rng(7);
        for (char& c : random)
            c = static_cast<char>(rng.bounded(256));
        QTest::newRow("random bytes") << random;
        QByteArray header("SQLite format 3");
        header.append('\0');
        QTest::newRow("truncated header") << header + QByteArray(40, '\x01');
    }
    void badInputExitsTwoAndTouchesNothing()
    {
        QFETCH(QByteArray, bytes);
        const QString path = file(
            QStringLiteral("bad-%1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
        write(path, bytes);
        const QByteArray before = QCryptographicHash::hash(contents(path), QCryptographicHash::Sha256);
        for (const QStringList& args : {
                 QStringList { QStringLiteral("replay"), path, QStringLiteral("--verify") },
                 QStringList { QStringLiteral("export"), path, QStringLiteral("--format"), QStringLiteral("jsonl"),
                     QStringLiteral("-o"), file(QStringLiteral("never.jsonl")) },
                 QStringList {
                     QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--record"), path },
             }) {
            const Result r = cli(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(path.toUtf8()), r.err.constData());
            QCOMPARE(QCryptographicHash::hash(contents(path), QCryptographicHash::Sha256), before);
        }
        QVERIFY(!QFile::exists(file(QStringLiteral("never.jsonl"))));
    }

    void badUsageExitsTwo()
    {
        const QString run = file(QStringLiteral("usage.sqlite"));
        QCOMPARE(cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--export"),
                         file(QStringLiteral("x.jsonl")) })
                     .exitCode,
            2);
        QCOMPARE(cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--export"),
                         file(QStringLiteral("x.xml")), QStringLiteral("--format"), QStringLiteral("xml") })
                     .exitCode,
            2);
        QCOMPARE(cli({ QStringLiteral("replay") }).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--record"), run })
                     .exitCode,
            0);
        const QByteArray recorded = contents(run);
        QCOMPARE(cli({ QStringLiteral("export"), run, QStringLiteral("--format"), QStringLiteral("jsonl"),
                         QStringLiteral("-o"), run })
                     .exitCode,
            2);
        QCOMPARE(contents(run), recorded); // exporting onto the run file itself is refused
        QCOMPARE(cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--record"),
                         file(QStringLiteral("same")), QStringLiteral("--export"), file(QStringLiteral("same")),
                         QStringLiteral("--format"), QStringLiteral("csv") })
                     .exitCode,
            2);
        QCOMPARE(cli({ QStringLiteral("export"), run, QStringLiteral("--format"), QStringLiteral("jsonl") }).exitCode,
            2); // no -o
        QCOMPARE(cli({ QStringLiteral("replay"), file(QStringLiteral("missing.sqlite")) }).exitCode, 2);
        // An unwritable place to record: the run goes on, unrecorded, with a visible warning.
        const Result r = cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--record"),
            file(QStringLiteral("no/such/dir/run.sqlite")), QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.contains("warning:"));
        QVERIFY(r.err.contains("unrecorded"));
        QVERIFY(QJsonDocument::fromJson(r.out).object().contains(QStringLiteral("fingerprint")));
    }

    void importThenReview()
    {
        const QString run = file(QStringLiteral("r.sqlite"));
        const QString jsonl = file(QStringLiteral("r.jsonl"));
        QCOMPARE(cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--export"), jsonl,
                         QStringLiteral("--format"), QStringLiteral("jsonl") })
                     .exitCode,
            0);
        const QString imported = file(QStringLiteral("imported.sqlite"));
        Result r = cli({ QStringLiteral("import"), jsonl, QStringLiteral("-o"), imported });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("400 messages added"), r.out.constData()); // 200 PlaceOrder commands, 200 OrderCreated
        r = cli({ QStringLiteral("import"), jsonl, QStringLiteral("-o"), imported });
        QVERIFY2(r.out.contains("0 messages added, 400 already there"), r.out.constData());
        const QString again = file(QStringLiteral("again.jsonl"));
        QCOMPARE(cli({ QStringLiteral("export"), imported, QStringLiteral("--format"), QStringLiteral("jsonl"),
                         QStringLiteral("-o"), again })
                     .exitCode,
            0);
        QCOMPARE(contents(again), contents(jsonl));
        // An imported log has no scenario: replay says so.
        r = cli({ QStringLiteral("replay"), imported });
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("no scenario"));
    }

    void cloudEventsPassTheCloudEventsSdk()
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString modules = QStringLiteral(EVENTLOOM_NPM_DIR "/node_modules");
        if (node.isEmpty() || !QFile::exists(modules + QStringLiteral("/cloudevents/package.json")))
            QSKIP("node or the npm package 'cloudevents' is missing (scripts/test.sh installs it into build/.../npm); "
                  "tst_export checks the CloudEvents 1.0 rules in C++ meanwhile");
        const QString batch = file(QStringLiteral("batch.json"));
        QCOMPARE(cli({ QStringLiteral("run"), QStringLiteral("03-duplicates-idempotency"), QStringLiteral("--export"),
                         batch, QStringLiteral("--format"), QStringLiteral("cloudevents") })
                     .exitCode,
            1); // its checks charged-once and emailed-once fail (inboxes off); the export is written all the same
        QProcess judge;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), modules);
        judge.setProcessEnvironment(env);
        judge.start(node, { QStringLiteral(EVENTLOOM_SOURCE_DIR "/tests/cli/cloudevents-judge.js"), batch });
        QVERIFY(judge.waitForFinished(60000));
        const QByteArray verdict = judge.readAllStandardOutput() + judge.readAllStandardError();
        QVERIFY2(judge.exitCode() == 0, verdict.constData());
        QVERIFY(verdict.contains("valid CloudEvents 1.0"));
        // The judge is not a pushover: an extension name with capitals is refused.
        write(file(QStringLiteral("bad.json")),
            R"([{"specversion":"1.0","id":"1","source":"/s","type":"t","BadName":1}])");
        judge.start(node,
            { QStringLiteral(EVENTLOOM_SOURCE_DIR "/tests/cli/cloudevents-judge.js"),
                file(QStringLiteral("bad.json")) });
        QVERIFY(judge.waitForFinished(60000));
        QVERIFY(judge.exitCode() != 0);
    }

    void aKilledRecordingKeepsEveryCommittedBatch()
    {
        // A reference recording of the same run, to which every killed recording must be a prefix.
        const QString reference = file(QStringLiteral("reference.sqlite"));
        QElapsedTimer full;
        full.start();
        QCOMPARE(cli(kLongRun + QStringList { QStringLiteral("--record"), reference }).exitCode, 0);
        const qint64 fullMs = full.elapsed();
        SqliteDb ref;
        QVERIFY(ref.open(reference.toStdString(), SqliteDb::Mode::ReadOnly));
        const std::int64_t referenceRecords = ref.queryInt("SELECT sum(n) FROM trace_blocks");
        ref.close();
        constexpr int kKills = 20;
        constexpr std::int64_t kBatchRecords = 4096; // RunRecorder::Options::batchRecords
        QRandomGenerator rng(20261126);
        int midRun = 0;
        for (int i = 0; i < kKills; ++i) {
            const QString path = file(QStringLiteral("killed-%1.sqlite").arg(i));
            QProcess p;
            p.setWorkingDirectory(QStringLiteral(EVENTLOOM_SOURCE_DIR));
            p.start(QStringLiteral(EVENTLOOM_CLI), kLongRun + QStringList { QStringLiteral("--record"), path });
            QVERIFY(p.waitForStarted());
            // Random points across the whole run: the first half of the kills at a random moment from start-up
            // on (the file not yet made, the header being written...), the rest once a random number of records
            // is committed (from the first batch to the last but two), a few milliseconds later: the run's
            // length in time varies with the machine's load, its progress in records does not.
            if (i < kKills / 2) {
                QTest::qWait(
                    static_cast<int>(rng.bounded(static_cast<quint32>(std::clamp<qint64>(fullMs / 4, 20, 300)))));
            } else {
                const std::int64_t target = 1
                    + static_cast<std::int64_t>(rng.bounded(
                        static_cast<quint32>(std::max<std::int64_t>(1, referenceRecords - 3 * kBatchRecords))));
                const auto committed = [&] {
                    SqliteDb watch;
                    return QFile::exists(path) && watch.open(path.toStdString(), SqliteDb::Mode::ReadOnly)
                        ? watch.queryInt("SELECT coalesce(sum(n), 0) FROM trace_blocks", 0)
                        : 0;
                };
                QTRY_VERIFY_WITH_TIMEOUT(committed() >= target || p.state() != QProcess::Running, 60000);
                QTest::qWait(static_cast<int>(rng.bounded(5u)));
            }
            p.kill(); // SIGKILL
            p.waitForFinished();
            if (p.exitStatus() == QProcess::CrashExit)
                ++midRun;
            if (!QFile::exists(path))
                continue; // killed before the file was created

            SqliteDb db;
            QVERIFY(db.open(path.toStdString(), SqliteDb::Mode::ReadWrite));
            QCOMPARE(QByteArray::fromStdString(db.queryText("PRAGMA integrity_check")), QByteArray("ok"));
            // Run file schema 3's own tables (this connection has no views): name and payload ids are handed
            // out in first-use order and a block is one batch, so a prefix of the run holds the same blocks.
            QCOMPARE(db.queryInt("SELECT count(*) FROM trace"), 0);
            const std::int64_t records = db.queryInt("SELECT coalesce(sum(n), 0) FROM trace_blocks");
            if (records == 0)
                continue; // killed before the first batch was committed: the file holds the run's header
            // Committed batches, whole, no gaps.
            QCOMPARE(db.queryInt("SELECT max(first + n - 1) FROM trace_blocks"), records);
            QCOMPARE(db.queryInt("SELECT count(*) FROM trace_blocks b WHERE first > 1 AND NOT EXISTS "
                                 "(SELECT 1 FROM trace_blocks p WHERE p.first + p.n = b.first)"),
                0);
            // Every record names a message in the file and a kind among the names.
            {
                std::vector<std::int64_t> seqs;
                SqliteStatement s = db.prepare("SELECT first, n FROM message_blocks ORDER BY first");
                while (s.step())
                    for (std::int64_t seq = s.integer(0); seq < s.integer(0) + s.integer(1); ++seq)
                        seqs.push_back(seq);
                StoredTrace trace;
                std::string why;
                QVERIFY2(trace.start(db, true, why), why.c_str());
                std::int64_t read = 0, orphans = 0;
                const std::int64_t names = db.queryInt("SELECT max(id) FROM names");
                while (const StoredRecord* r = trace.next()) {
                    ++read;
                    const StoredRecord::Value& message = (*r)[StoredRecord::Message];
                    if ((!message.null && !std::binary_search(seqs.begin(), seqs.end(), message.value))
                        || (*r)[StoredRecord::Kind].value > names)
                        ++orphans;
                }
                QVERIFY2(trace.error().empty(), trace.error().c_str());
                QCOMPARE(read, records);
                QCOMPARE(orphans, 0);
            }
            sqlite3_limit(db.handle(), SQLITE_LIMIT_ATTACHED, 1); // SqliteDb allows none: run files never need it
            QVERIFY(db.exec("ATTACH '" + reference.toStdString() + "' AS ref"));
            QCOMPARE(db.queryInt(R"sql(SELECT count(*) FROM trace_blocks b LEFT JOIN ref.trace_blocks x USING (first)
                WHERE b.n IS NOT x.n OR b.t0 IS NOT x.t0 OR b.m0 IS NOT x.m0 OR b.data IS NOT x.data)sql",
                         -1),
                0);
            QCOMPARE(db.queryInt(R"sql(SELECT count(*) FROM names n JOIN ref.names x USING (id)
                WHERE n.text IS NOT x.text)sql",
                         -1),
                0);
            QCOMPARE(
                db.queryInt(R"sql(SELECT count(*) FROM message_blocks b LEFT JOIN ref.message_blocks x USING (first)
                WHERE b.n IS NOT x.n OR b.t0 IS NOT x.t0 OR b.data IS NOT x.data)sql",
                    -1),
                0);
            db.close();
            // It reopens for review, says it was cut short, and (checked on a few) replays as a prefix.
            RunFile run;
            QString error;
            QVERIFY2(run.open(path, error), qPrintable(error));
            // Killed before it finished: a prefix; killed while exiting: the whole run.
            if (run.finished())
                QCOMPARE(records, referenceRecords);
            QVERIFY(records <= referenceRecords);
            QCOMPARE(run.info().seed, 11u);
            if (i == kKills / 2) {
                const Result r = cli({ QStringLiteral("replay"), path, QStringLiteral("--verify") });
                QCOMPARE(r.exitCode, 0);
            }
        }
        qInfo("%d of %d kills landed while the child was running", midRun, kKills);
        QVERIFY(midRun >= kKills / 2);
    }
};

QTEST_GUILESS_MAIN(TestCliRecord)
#include "tst_cli_record.moc"
