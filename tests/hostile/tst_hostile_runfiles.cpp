// Hostile run files (issue 17): a freshly recorded run file changed by the SQL of
// tests/hostile/runfiles/CASE.sql (or by damaging a page), then handed to every command that opens run
// files. Each must refuse it with exit 2 and a clear message, quickly, leaving it byte for byte as it was.
// tests/hostile/runfiles/README.md lists the cases and their refusals.

#include "../cli/clirun.h"

#include "record/runfile.h"
#include "record/runfileschema.h"
#include "record/sqlitedb.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <sqlite3.h>

using namespace eventloom;
using clitesting::cli;

namespace {
const QString kCases = QStringLiteral(EVENTLOOM_SOURCE_DIR "/tests/hostile/runfiles/");

QByteArray sha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

/// Applies `sql` with a plain connection (views and triggers allowed: this is the attacker's side).
bool applySql(const QString& path, const QByteArray& sql, QString& error)
{
    sqlite3* db = nullptr;
    bool ok = sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
    char* message = nullptr;
    ok = ok && sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message) == SQLITE_OK;
    if (!ok)
        error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    sqlite3_close(db);
    return ok;
}

/// A command line that opens `file`; `base` and `jsonl` are a good run file and its export.
struct Command {
    const char* name;
    QStringList (*args)(const QString& file, const QString& base, const QString& jsonl, const QString& out);
};

const Command kCommands[] = {
    { "replay",
        [](const QString& f, const QString&, const QString&, const QString&) {
            return QStringList { QStringLiteral("replay"), f };
        } },
    { "replay --verify",
        [](const QString& f, const QString&, const QString&, const QString&) {
            return QStringList { QStringLiteral("replay"), QStringLiteral("--verify"), f };
        } },
    { "export",
        [](const QString& f, const QString&, const QString&, const QString& out) {
            return QStringList { QStringLiteral("export"), f, QStringLiteral("--format"), QStringLiteral("jsonl"),
                QStringLiteral("-o"), out };
        } },
    { "diff",
        [](const QString& f, const QString& base, const QString&, const QString&) {
            return QStringList { QStringLiteral("diff"), base, f };
        } },
    { "run --record",
        [](const QString& f, const QString&, const QString&, const QString&) {
            return QStringList { QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--set"),
                QStringLiteral("workload.orders=20"), QStringLiteral("--record"), f };
        } },
    { "import",
        [](const QString& f, const QString&, const QString& jsonl, const QString&) {
            return QStringList { QStringLiteral("import"), jsonl, QStringLiteral("-o"), f };
        } },
};
}

class HostileRunFiles : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_base, m_jsonl;
    int m_made = 0;

    /// A copy of the base run file changed by CASE.sql.
    QString make(const QString& name)
    {
        const QString path = m_dir.filePath(QStringLiteral("%1-%2.sqlite").arg(name).arg(++m_made));
        if (!QFile::copy(m_base, path))
            return {};
        QFile sql(kCases + name + QStringLiteral(".sql"));
        QString error;
        if (!sql.open(QIODevice::ReadOnly) || !applySql(path, sql.readAll(), error)) {
            qWarning("%s: %s", qPrintable(name), qPrintable(error));
            return {};
        }
        return path;
    }

    /// The leaf pages of `table` in the base run file (SQLite's dbstat), in page order.
    QList<qint64> leafPages(const QString& table)
    {
        QList<qint64> pages;
        sqlite3* db = nullptr;
        sqlite3_stmt* s = nullptr;
        if (sqlite3_open_v2(m_base.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK
            && sqlite3_prepare_v2(db, "SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' ORDER BY pageno",
                   -1, &s, nullptr)
                == SQLITE_OK) {
            const QByteArray name = table.toUtf8();
            sqlite3_bind_text(s, 1, name.constData(), -1, SQLITE_TRANSIENT);
            while (sqlite3_step(s) == SQLITE_ROW)
                pages.append(sqlite3_column_int64(s, 0));
        }
        sqlite3_finalize(s);
        sqlite3_close(db);
        return pages;
    }

    /// A copy of the base run file whose page `page` (1-based) has its last quarter, where SQLite keeps a
    /// leaf's cells, overwritten: the damage a disk or a bad copy does. It often still reads as data
    /// (rows out of order, other values), so only `PRAGMA quick_check` tells.
    QString damaged(qint64 page)
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged-%1.sqlite").arg(++m_made));
        QFile::copy(m_base, path);
        QFile file(path);
        if (!file.open(QIODevice::ReadWrite))
            return {};
        const qint64 pageSize = 4096;
        file.seek(page * pageSize - pageSize / 4);
        file.write(QByteArray(static_cast<int>(pageSize / 4), '\x5a'));
        return path;
    }

    void expectRefused(const QString& file, const Command& command, const QString& message)
    {
        const QByteArray before = sha256(file);
        const QString out = m_dir.filePath(QStringLiteral("out-%1.jsonl").arg(++m_made));
        QElapsedTimer timer;
        timer.start();
        const auto r = cli(command.args(file, m_base, m_jsonl, out));
        const QByteArray what = QByteArray(QByteArray(command.name) + ": " + r.err);
        QVERIFY2(r.exitCode == 2, what.constData());
        QVERIFY2(QString::fromUtf8(r.err).contains(message), what.constData());
        QVERIFY2(r.err.contains("run file") || r.err.contains("scenario"), what.constData());
        QVERIFY2(r.err.count('\n') <= 2, what.constData()); // a clear message, not a dump
        QCOMPARE(sha256(file), before);
        QVERIFY(!QFile::exists(out));
        qInfo("%s: refused in %lld ms", command.name, static_cast<long long>(timer.elapsed()));
    }

    void expectRefusedBy(const QString& file, std::initializer_list<const char*> names, const QString& message)
    {
        for (const Command& command : kCommands)
            for (const char* name : names)
                if (QByteArray(command.name) == name)
                    expectRefused(file, command, message);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_base = m_dir.filePath(QStringLiteral("base.sqlite"));
        m_jsonl = m_dir.filePath(QStringLiteral("base.jsonl"));
        auto r = cli({ QStringLiteral("run"), QStringLiteral("01-pubsub-fanout"), QStringLiteral("--set"),
            QStringLiteral("workload.orders=100"), QStringLiteral("--record"), m_base });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = cli({ QStringLiteral("export"), m_base, QStringLiteral("--format"), QStringLiteral("jsonl"),
            QStringLiteral("-o"), m_jsonl });
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    /// The base file passes every command (so the refusals below are about the changes, not the file).
    void goodRunFilePasses()
    {
        for (const Command& command : kCommands) {
            const QString file = m_dir.filePath(QStringLiteral("good-%1.sqlite").arg(++m_made));
            QVERIFY(QFile::copy(m_base, file));
            const auto r = cli(command.args(file, m_base, m_jsonl, m_dir.filePath(QStringLiteral("good.jsonl"))));
            QVERIFY2(r.exitCode == 0, QByteArray(QByteArray(command.name) + ": " + r.err).constData());
        }
    }

    void schemaRefusedEverywhere_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message");
        const QString untrusted = QStringLiteral("not a run file EventLoom can trust");
        QTest::newRow("endless-view") << QStringLiteral("endless-view")
                                      << untrusted + QStringLiteral(": its view 'records'");
        QTest::newRow("blob-view") << QStringLiteral("blob-view")
                                   << untrusted + QStringLiteral(": its view 'messages'");
        QTest::newRow("delete-trigger") << QStringLiteral("delete-trigger")
                                        << untrusted + QStringLiteral(": it holds a trigger 'purge");
        QTest::newRow("extra-table") << QStringLiteral("extra-table")
                                     << untrusted + QStringLiteral(": it holds a table 'notes'");
        QTest::newRow("extra-view") << QStringLiteral("extra-view")
                                    << untrusted + QStringLiteral(": it holds a view 'forever'");
        QTest::newRow("extra-index") << QStringLiteral("extra-index")
                                     << untrusted + QStringLiteral(": it holds an index 'records_slow'");
        QTest::newRow("wrong-columns") << QStringLiteral("wrong-columns")
                                       << untrusted + QStringLiteral(": its table 'trace' is not");
        QTest::newRow("generated-column")
            << QStringLiteral("generated-column") << untrusted + QStringLiteral(": its table 'payloads' is not");
        QTest::newRow("missing-table") << QStringLiteral("missing-table") << QStringLiteral("no table 'checks'");
        QTest::newRow("not-ours") << QStringLiteral("not-ours") << QStringLiteral("not an EventLoom run file");
    }

    void schemaRefusedEverywhere()
    {
        QFETCH(QString, name);
        QFETCH(QString, message);
        for (const Command& command : kCommands) {
            const QString file = make(name);
            QVERIFY(!file.isEmpty());
            expectRefused(file, command, message);
            if (QTest::currentTestFailed())
                return;
        }
    }

    /// In-process: every way into a run file refuses, quickly.
    void schemaRefusedInProcess_data() { schemaRefusedEverywhere_data(); }
    void schemaRefusedInProcess()
    {
        QFETCH(QString, name);
        QFETCH(QString, message);
        const QString file = make(name);
        const QByteArray before = sha256(file);
        QElapsedTimer timer;
        timer.start();
        RunFile run;
        QString error;
        QVERIFY(!run.open(file, error));
        QVERIFY2(error.startsWith(file + QStringLiteral(": ")) && error.contains(message), qPrintable(error));
        SqliteDb db;
        std::string why;
        QVERIFY(!RunFileSchema::openForWriting(file.toStdString(), db, why));
        QVERIFY(!RunFileSchema::isRunFile(file.toStdString(), why));
        QVERIFY2(timer.elapsed() < 5000, "refusing must not read the file through");
        QCOMPARE(sha256(file), before);
    }

    /// Even opened without the schema check, the connection runs no view and no trigger.
    void viewsAndTriggersAreOff()
    {
        const QString view = make(QStringLiteral("endless-view"));
        SqliteDb db;
        QVERIFY(db.open(view.toStdString(), SqliteDb::Mode::ReadOnly));
        db.queryInt("SELECT count(*) FROM records", -1);
        QVERIFY2(!db.error().empty(), "a view must not run");

        const QString trigger = make(QStringLiteral("delete-trigger"));
        QVERIFY(db.open(trigger.toStdString(), SqliteDb::Mode::ReadWrite));
        const char* messages = "SELECT coalesce(sum(n), 0) FROM message_blocks";
        const std::int64_t before = db.queryInt(messages);
        QVERIFY(before > 100);
        QVERIFY(db.exec("INSERT INTO trace (t, kind) VALUES (0, 1)"));
        QCOMPARE(db.queryInt("SELECT count(*) FROM trace"), 1);
        QCOMPARE(db.queryInt(messages), before);
    }

    /// The progress handler ends a query that would never end, after a bounded, deterministic amount of work.
    void stepBudgetEndsEndlessQuery()
    {
        SqliteDb db;
        QVERIFY(db.open(m_base.toStdString(), SqliteDb::Mode::ReadOnly));
        db.setStepBudget(RunFileSchema::stepBudget(static_cast<std::uint64_t>(QFileInfo(m_base).size())));
        QElapsedTimer timer;
        timer.start();
        const std::int64_t n
            = db.queryInt("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n", -1);
        QCOMPARE(n, -1);
        QVERIFY(db.budgetExhausted());
        QCOMPARE(db.error(), std::string(SqliteDb::kBudgetMessage));
        qInfo("endless query stopped after %lld ms", static_cast<long long>(timer.elapsed()));
        // The next query starts with a fresh budget.
        QVERIFY(db.queryInt("SELECT count(*) FROM trace_blocks") > 0);
        QVERIFY(db.error().empty() || db.error() == SqliteDb::kBudgetMessage);
    }

    void damagedPageRefused_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<int>("which"); // 0: first leaf, 1: middle, 2: last
        for (const char* table : { "trace_blocks", "events" })
            for (int which : { 0, 1, 2 })
                QTest::newRow(QByteArray(QByteArray(table) + " leaf " + QByteArray::number(which)).constData())
                    << QString::fromLatin1(table) << which;
    }

    void damagedPageRefused()
    {
        QFETCH(QString, table);
        QFETCH(int, which);
        const QList<qint64> leaves = leafPages(table);
        if (leaves.size() < 3)
            QSKIP("this SQLite has no dbstat table to find the pages with");
        const qint64 page = leaves.at(which == 0 ? 0 : which == 1 ? leaves.size() / 2 : leaves.size() - 1);
        for (const Command& command : kCommands) {
            if (QByteArray(command.name) == "replay")
                continue; // re-simulates from the stored scenario: the damaged records are not read
            const QString file = damaged(page);
            QVERIFY(!file.isEmpty());
            // "damaged run file (...)" from quick_check, or "corrupt run file: ..." from a read error
            expectRefused(file, command, file + QStringLiteral(": "));
            if (QTest::currentTestFailed())
                return;
        }
    }

    void textSeedRefused()
    {
        // run --record may replace it and import add to it: an intact run file of ours loses nothing foreign.
        expectRefusedBy(make(QStringLiteral("text-seed")), { "replay", "replay --verify", "export", "diff" },
            QStringLiteral("its stored seed is missing or not a whole number"));
    }

    void badStoredScenarioReportedAtTheRunFile()
    {
        // Only a replay loads the stored scenario.
        const QString file = make(QStringLiteral("bad-scenario"));
        expectRefusedBy(file, { "replay", "replay --verify" }, file + QStringLiteral(": stored scenario: 3:"));
    }

    void cutShortNoteIsASentence()
    {
        const QString file = make(QStringLiteral("cut-short"));
        const auto r = cli({ QStringLiteral("replay"), QStringLiteral("--verify"), file });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(err.startsWith(QStringLiteral("eventloom-cli replay: note: the recording was cut short;"))
                && err.endsWith(QStringLiteral("but it has no fingerprint to compare")),
            qPrintable(err));
        QVERIFY(r.out.contains("fingerprint (not recorded) matches"));
    }
};

QTEST_GUILESS_MAIN(HostileRunFiles)
#include "tst_hostile_runfiles.moc"
