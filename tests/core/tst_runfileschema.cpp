// The run file's layout (issue 22, item 3): schema 2 stores every shipped scenario's run so that it
// reads back as recorded, is still readable as schema 1's tables by plain sqlite3, and a schema 1 file
// opens everywhere, migrates when written and keeps its records byte for byte.

#include "recordtesting.h"
#include "schemaonerunfile.h"

#include "record/recordservices.h"
#include "record/runcomparison.h"
#include "record/runfile.h"
#include "record/runfileschema.h"
#include "record/runreplay.h"
#include "sim/fingerprint.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace eventloom;
using namespace eventloom::test;

namespace {
/// Every record (as `diff` compares them) and every message with its payload, as RunFile reads them.
QString dump(const QString& path)
{
    RunFile run;
    QString error;
    if (!run.open(path, error))
        return QStringLiteral("cannot open: ") + error;
    QString out;
    if (!run.forEachRecord(
            [&](const RecordView& r) {
                out += RunComparison::recordLine(&r) + QLatin1Char('\n');
                return true;
            },
            error))
        return QStringLiteral("cannot read records: ") + error;
    if (!run.forEachMessage(
            [&](const MessageView& m) {
                out += QString::number(m.seq) + QLatin1Char(' ')
                    + QString::fromUtf8(m.causation.data(), m.causation.size()) + QLatin1Char(' ')
                    + QString::fromUtf8(m.data.data(), m.data.size()) + QLatin1Char('\n');
                return true;
            },
            error))
        return QStringLiteral("cannot read messages: ") + error;
    return out;
}

/// Every row of `sql` on a plain sqlite3 connection (views on), one line each, columns joined by '|',
/// NULL as '~'.
QString plainRows(const QString& path, const char* sql)
{
    sqlite3* db = nullptr;
    sqlite3_stmt* s = nullptr;
    QString out;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK
        || sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
        out = QStringLiteral("cannot query: ") + QString::fromUtf8(sqlite3_errmsg(db));
    while (s && sqlite3_step(s) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(s); ++c) {
            if (c > 0)
                out += QLatin1Char('|');
            out += sqlite3_column_type(s, c) == SQLITE_NULL
                ? QStringLiteral("~")
                : QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(s, c)));
        }
        out += QLatin1Char('\n');
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/// A count on a plain sqlite3 connection (views on, as for any sqlite3 user), or -1.
std::int64_t plainCount(const QString& path, const char* sql)
{
    bool ok = false;
    const std::int64_t n = plainRows(path, sql).section(QLatin1Char('\n'), 0, 0).toLongLong(&ok);
    return ok ? n : -1;
}

/// How plainRows writes NULL, and a stored text read by RunFile in its form (empty is NULL).
const QString kNull = QStringLiteral("~");
QString text(std::string_view v)
{
    return v.empty() ? kNull : QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

/// The records as RunFile reads them, in plainRows' form of schema 1's `records` table: what the writer
/// leaves out (an absent name, index or count, a zero attempt or aux) is NULL.
QString recordRows(const QString& path)
{
    RunFile run;
    QString error, out;
    if (!run.open(path, error))
        return error;
    const auto number = [](std::int64_t v, std::int64_t none) { return v == none ? kNull : QString::number(v); };
    const bool ok = run.forEachRecord(
        [&](const RecordView& r) {
            const QStringList columns = { QString::number(r.id), QString::number(r.t), text(r.kind),
                r.message ? QString::number(r.message->seq) : QStringLiteral("~"), text(r.service),
                number(r.instance, -1), text(r.group), text(r.topic), number(r.partition, -1), number(r.offset, -1),
                number(r.attempt, 0), text(r.outcome), text(r.phase), number(r.aux, 0), text(r.detail), text(r.subject),
                number(r.saga, -1), QStringLiteral("~") };
            out += columns.join(QLatin1Char('|')) + QLatin1Char('\n');
            return true;
        },
        error);
    return ok ? out : error;
}

/// The messages as RunFile reads them, in plainRows' form of schema 1's `messages` table.
QString messageRows(const QString& path)
{
    RunFile run;
    QString error, out;
    if (!run.open(path, error))
        return error;
    const auto number = [](std::int64_t v) { return v < 0 ? kNull : QString::number(v); };
    const bool ok = run.forEachMessage(
        [&](const MessageView& m) {
            const QStringList columns = { QString::number(m.seq), QString::number(m.command ? 1 : 0), text(m.id),
                text(m.source), text(m.type), QString::number(m.version), QString::number(m.t), text(m.topic),
                number(m.partition), number(m.offset), text(m.key), text(m.tenant), text(m.correlation),
                text(m.causation), text(m.producer), text(m.target), text(m.data) };
            out += columns.join(QLatin1Char('|')) + QLatin1Char('\n');
            return true;
        },
        error);
    return ok ? out : error;
}

/// RecordServices of the run file `path`.
std::vector<std::string> services(const QString& path)
{
    RunFile run;
    QString error;
    std::vector<std::string> names;
    std::string why;
    if (!run.open(path, error) || !RecordServices::read(run.db(), names, why))
        names = { "cannot read: " + error.toStdString() + why };
    return names;
}

std::int64_t version(const QString& path)
{
    return plainCount(path, "PRAGMA user_version");
}
}

class TestRunFileSchema : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString file(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void everyShippedScenarioReadsBackAsRecorded_data() { addShippedScenarioRows(); }
    void everyShippedScenarioReadsBackAsRecorded()
    {
        QFETCH(QString, id);
        const Scenario s = loadShipped(id);
        auto sim = ScenarioBuilder::build(s, 7);
        runScenario(*sim, s.until);
        const QString path = file(id + QStringLiteral(".sqlite"));
        QCOMPARE(recordScenario(s, path, 7), sim->fingerprint());
        QCOMPARE(version(path), RunFileSchema::kVersion);

        RunFile run;
        QString error;
        QVERIFY2(run.open(path, error), qPrintable(error));
        QCOMPARE(run.fingerprint(), QString::fromStdString(Fingerprint::format(sim->fingerprint())));
        QCOMPARE(run.recordCount(), static_cast<std::int64_t>(sim->counters().records));
        const EventLog& log = sim->log();
        QCOMPARE(run.messageCount(), static_cast<std::int64_t>(log.size()));
        // Each message as the engine holds it: id, type, correlation, cause and the payload's every field.
        std::size_t n = 0;
        QVERIFY(run.forEachMessage(
            [&](const MessageView& m) {
                const Event& e = log.at(static_cast<std::uint32_t>(m.seq));
                const auto text = [](std::string_view v) { return QString::fromUtf8(v.data(), v.size()); };
                if (text(m.id) != QString::fromStdString(EventLog::formatId(e))
                    || text(m.type) != text(log.atoms().text(e.type))
                    || text(m.correlation) != text(log.atoms().text(e.correlation)))
                    return false;
                if (e.causation != kNoMessage
                    && text(m.causation) != QString::fromStdString(EventLog::formatId(log.at(e.causation))))
                    return false;
                const QByteArray data(m.data.data(), static_cast<qsizetype>(m.data.size()));
                if (QJsonDocument::fromJson(data).object() != log.payloadJson(e))
                    return false;
                ++n;
                return true;
            },
            error));
        QCOMPARE(n, log.size());
        // Every record and message again through the views, on a plain sqlite3 connection.
        QCOMPARE(plainCount(path, "SELECT count(*) FROM records"), run.recordCount());
        QCOMPARE(plainCount(path, "SELECT count(*) FROM messages WHERE data IS NOT NULL"), run.messageCount());
        QCOMPARE(plainCount(path, "SELECT count(*) FROM records WHERE kind IS NULL"), 0);
        // Schema 3: sqlite3 decodes the trace blocks with json_each (the `records` view) to the same rows, column
        // for column, as EventLoom's own parser (RunFile).
        QVERIFY(plainCount(path, "SELECT count(*) FROM trace_blocks") > 0);
        QCOMPARE(plainCount(path, "SELECT count(*) FROM trace"), 0);
        const QString rows = plainRows(path, "SELECT * FROM records");
        QCOMPARE(rows.count(QLatin1Char('\n')), run.recordCount());
        QCOMPARE(rows, recordRows(path));
        // The services a review lists, read from the blocks, are those the views give.
        std::vector<std::string> services;
        std::string why;
        QVERIFY2(RecordServices::read(run.db(), services, why), why.c_str());
        QString listed;
        for (const std::string& name : services)
            listed += QString::fromStdString(name) + QLatin1Char('\n');
        QCOMPARE(listed,
            plainRows(path,
                "SELECT DISTINCT producer FROM messages WHERE producer IS NOT NULL UNION "
                "SELECT DISTINCT service FROM records WHERE service IS NOT NULL ORDER BY 1"));
    }

    void aSchemaTwoFileReadsAndMigratesWithIdenticalRows()
    {
        for (const QString& id :
            { QStringLiteral("07-saga-orchestration"), QStringLiteral("13-poison-message-dead-letter") }) {
            const QString current = file(id + QStringLiteral("-3.sqlite")),
                          old = file(id + QStringLiteral("-2.sqlite"));
            recordScenario(loadShipped(id), current, 42);
            const std::string why = writeSchemaTwoCopy(current, old);
            QVERIFY2(why.empty(), why.c_str());
            QCOMPARE(version(old), 2);
            QCOMPARE(
                plainCount(old, "SELECT count(*) FROM trace"), plainCount(current, "SELECT sum(n) FROM trace_blocks"));
            const QString expected = dump(current);
            const QString rows = plainRows(current, "SELECT * FROM records");
            QVERIFY(expected.count(QLatin1Char('\n')) > 100);
            // Read as it is, by EventLoom and by sqlite3...
            QCOMPARE(dump(old), expected);
            QCOMPARE(plainRows(old, "SELECT * FROM records"), rows);
            QCOMPARE(recordRows(old), rows);
            QCOMPARE(services(old), services(current));
            QVERIFY(services(old).size() > 2);
            QCOMPARE(version(old), 2);
            // ...and migrated when written to (import): the rows stay in `trace`, read through schema 3's view.
            SqliteDb db;
            std::string error;
            QVERIFY2(RunFileSchema::openForWriting(old.toStdString(), db, error), error.c_str());
            QCOMPARE(db.queryInt("PRAGMA user_version"), RunFileSchema::kVersion);
            QCOMPARE(db.queryInt("SELECT count(*) FROM trace_blocks"), 0);
            db.close();
            QCOMPARE(dump(old), expected);
            QCOMPARE(plainRows(old, "SELECT * FROM records"), rows);
            QCOMPARE(plainRows(old, "SELECT * FROM messages"), plainRows(current, "SELECT * FROM messages"));
            QVERIFY(RunFileSchema::isRunFile(old.toStdString(), error));
        }
    }

    /// Schema 4 keeps a batch's messages in one message block: EventLoom decodes it in C++, sqlite3 users through
    /// the `messages` view. Both give every column of every message alike, and a schema 3 file (messages as rows)
    /// reads, and after migrating keeps reading, as the same messages.
    void aSchemaThreeFileReadsAndMigratesWithIdenticalMessages()
    {
        for (const QString& id : { QStringLiteral("07-saga-orchestration"), QStringLiteral("11-multi-tenant") }) {
            const QString current = file(id + QStringLiteral("-v4.sqlite")),
                          old = file(id + QStringLiteral("-v3.sqlite"));
            recordScenario(loadShipped(id), current, 42);
            QCOMPARE(version(current), 4);
            QVERIFY(plainCount(current, "SELECT count(*) FROM message_blocks") > 0);
            QCOMPARE(plainCount(current, "SELECT count(*) FROM events"), 0);
            const QString rows = plainRows(current, "SELECT * FROM messages");
            QVERIFY(rows.count(QLatin1Char('\n')) > 50);
            QVERIFY(rows.contains(QLatin1String("|order-"))); // keys and correlation ids, stored as text
            QCOMPARE(messageRows(current), rows);
            const std::string why = writeSchemaThreeCopy(current, old);
            QVERIFY2(why.empty(), why.c_str());
            QCOMPARE(version(old), 3);
            QCOMPARE(plainCount(old, "SELECT count(*) FROM events"),
                plainCount(current, "SELECT sum(n) FROM message_blocks"));
            const QString expected = dump(current);
            QCOMPARE(dump(old), expected);
            QCOMPARE(plainRows(old, "SELECT * FROM messages"), rows);
            QCOMPARE(messageRows(old), rows);
            QCOMPARE(services(old), services(current));
            // Migrated when written to (import): the messages stay in `events`, read through schema 4's view.
            SqliteDb db;
            std::string error;
            QVERIFY2(RunFileSchema::openForWriting(old.toStdString(), db, error), error.c_str());
            QCOMPARE(db.queryInt("PRAGMA user_version"), RunFileSchema::kVersion);
            QCOMPARE(db.queryInt("SELECT count(*) FROM message_blocks"), 0);
            db.close();
            QCOMPARE(dump(old), expected);
            QCOMPARE(plainRows(old, "SELECT * FROM messages"), rows);
            QCOMPARE(messageRows(old), rows);
            QVERIFY(RunFileSchema::isRunFile(old.toStdString(), error));
        }
    }

    void aSchemaOneFileOpensMigratesAndKeepsItsRecords()
    {
        // 07 has saga records (phase, subject, saga) and causes; 13 dead letters and details.
        for (const QString& id :
            { QStringLiteral("07-saga-orchestration"), QStringLiteral("13-poison-message-dead-letter") }) {
            const QString current = file(id + QStringLiteral("-2.sqlite")),
                          old = file(id + QStringLiteral("-1.sqlite"));
            recordScenario(loadShipped(id), current, 42);
            const std::string why = writeSchemaOneCopy(current, old);
            QVERIFY2(why.empty(), why.c_str());
            QCOMPARE(version(old), 1);
            const QString expected = dump(current);
            QVERIFY(expected.count(QLatin1Char('\n')) > 100);
            // Read as it is (review, export, diff, replay read without writing)...
            QCOMPARE(dump(old), expected);
            QCOMPARE(version(old), 1);
            {
                RunFile run;
                QString error;
                QVERIFY2(run.open(old, error), qPrintable(error));
                const RunReplay::Result replayed = RunReplay::replay(run, true);
                QVERIFY2(replayed.ok && replayed.matches, qPrintable(replayed.error + replayed.recordedRecord));
            }
            // ...and migrated when written to (import): the same records, now in schema 3.
            SqliteDb db;
            std::string error2;
            QVERIFY2(RunFileSchema::openForWriting(old.toStdString(), db, error2), error2.c_str());
            QCOMPARE(db.queryInt("PRAGMA user_version"), RunFileSchema::kVersion);
            QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'records' AND type = 'view'"), 1);
            db.close();
            QCOMPARE(dump(old), expected);
            QVERIFY(RunFileSchema::isRunFile(old.toStdString(), error2));
        }
    }

    void aSchemaOneFileWithForeignObjectsIsRefused()
    {
        const QString current = file(QStringLiteral("foreign-2.sqlite")),
                      old = file(QStringLiteral("foreign-1.sqlite"));
        recordScenario(loadShipped(QStringLiteral("01-pubsub-fanout")), current, 7);
        const std::string why = writeSchemaOneCopy(current, old,
            "CREATE VIEW forever AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n;");
        QVERIFY2(why.empty(), why.c_str());
        const QByteArray before = fileHash(old);
        RunFile run;
        QString error;
        QVERIFY(!run.open(old, error));
        QVERIFY2(error.contains(QStringLiteral("it holds a view 'forever' that EventLoom does not create")),
            qPrintable(error));
        SqliteDb db;
        std::string error2;
        QVERIFY(!RunFileSchema::openForWriting(old.toStdString(), db, error2));
        QCOMPARE(fileHash(old), before);
        QCOMPARE(version(old), 1);
    }

    void importingIntoARecordedFileCountsWhatItAdds()
    {
        // Through schema 2's views an insert is a trigger's: a record added or skipped is still told apart.
        const QString path = file(QStringLiteral("import.sqlite"));
        recordScenario(loadShipped(QStringLiteral("01-pubsub-fanout")), path, 7);
        SqliteDb db;
        std::string error;
        QVERIFY2(RunFileSchema::openForWriting(path.toStdString(), db, error), error.c_str());
        const std::int64_t records = db.queryInt("SELECT count(*) FROM records");
        QCOMPARE(db.queryInt("SELECT count(*) FROM trace"), 0); // all in trace blocks
        const char* insert = "INSERT OR IGNORE INTO records (t, kind, service, detail, import_key) "
                             "VALUES (5, 'imported', 'a-new-service', 'why', 77)";
        std::int64_t before = db.totalChanges();
        QVERIFY2(db.exec(insert), db.error().c_str());
        QVERIFY(db.totalChanges() > before);
        before = db.totalChanges();
        QVERIFY2(db.exec(insert), db.error().c_str()); // the same import key: skipped
        QCOMPARE(db.totalChanges(), before);
        QCOMPARE(db.queryInt("SELECT count(*) FROM records"), records + 1);
        // An import's record comes after the recorded ones (in a `trace` row: it is not in a block).
        QCOMPARE(db.queryInt("SELECT id FROM trace"), records + 1);
        QCOMPARE(db.queryText("SELECT service || '/' || detail || '/' || kind FROM records WHERE import_key = 77"),
            std::string("a-new-service/why/imported"));
    }
};

QTEST_GUILESS_MAIN(TestRunFileSchema)
#include "tst_runfileschema.moc"
