// A schema 2 or 3 run file is exported without the views (CompactRun, issue 22 item 4): its tables and
// trace blocks are read directly and each stored value is checked as it is read. These edit schema 2's own tables as a
// sqlite3 user could, and check that the export refuses each edit with the words StoredRows gives for the same rows
// read through the views — compared, where schema 1 can hold the edit, with the export of the same run rewritten as a
// schema 1 file (which still goes through StoredRows) — and that a wrong stored type further on is named before a value
// that merely cannot be written, as when every row was checked first.

#include "recordtesting.h"
#include "schemaonerunfile.h"

#include "export/runexporter.h"
#include "record/runfile.h"
#include "record/sqlitedb.h"

#include <QTemporaryDir>

using namespace eventloom;
using namespace eventloom::test;

namespace {
const ExportFormat kFormats[] = { ExportFormat::Jsonl, ExportFormat::Csv, ExportFormat::CloudEvents };

/// Exports `runPath` into `out`: the error (after the run file's path), or empty when it succeeded.
QString exportInto(const QString& runPath, ExportFormat format, std::string& out)
{
    RunFile run;
    QString error;
    if (!run.open(runPath, error))
        return error;
    RunExporter::Options options;
    options.format = format;
    const RunExporter::Result result = RunExporter::exportRun(run, out, options);
    return result.ok ? QString() : result.error;
}

/// The export's error without the run file's path ("record 12 (message 5): t is not an integer"), or
/// "ok" when it succeeded.
QString exportProblem(const QString& runPath, ExportFormat format)
{
    std::string out;
    const QString error = exportInto(runPath, format, out);
    const QString prefix = runPath + QStringLiteral(": ");
    return error.isEmpty() ? QStringLiteral("ok") : error.startsWith(prefix) ? error.mid(prefix.size()) : error;
}

/// The whole export of `runPath`, or its error.
std::string exportText(const QString& runPath, ExportFormat format)
{
    std::string out;
    const QString error = exportInto(runPath, format, out);
    return error.isEmpty() ? out : error.toStdString();
}
}

class TestCompactExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_recorded, m_blocked;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_recorded = m_dir.filePath(QStringLiteral("recorded.sqlite"));
        recordScenario(
            loadShipped(QStringLiteral("03-duplicates-idempotency"), { QStringLiteral("workload.orders=4") }),
            m_recorded, 7);
        for (const ExportFormat format : kFormats)
            QCOMPARE(exportProblem(m_recorded, format), QStringLiteral("ok"));
        // The recorder writes trace and message blocks (schema 4); the edits below are of `trace` and `events`
        // rows, which an import writes and a schema 2 file holds: the same records and messages moved there,
        // read by the same scans.
        m_blocked = m_dir.filePath(QStringLiteral("blocked.sqlite"));
        QVERIFY(QFile::copy(m_recorded, m_blocked));
        const std::string moved = unblockTrace(m_recorded);
        QVERIFY2(moved.empty(), moved.c_str());
        const std::string movedMessages = unblockMessages(m_recorded);
        QVERIFY2(movedMessages.empty(), movedMessages.c_str());
        for (const ExportFormat format : kFormats) {
            QCOMPARE(exportProblem(m_recorded, format), QStringLiteral("ok"));
            QCOMPARE(exportText(m_recorded, format), exportText(m_blocked, format));
        }
    }

    /// A trace block is untrusted input (issue 22, item 3): text that is not a block as the recorder writes
    /// it, a wrong count, a value out of range, records that overlap, all refused with the block and the
    /// record named, by the export and by every reader of RunFile (review, replay, diff), never a crash.
    void hostileBlocks_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("reason");
        const auto row = [](const char* tag, const char* sql, const char* reason) {
            QTest::newRow(tag) << QString::fromLatin1(sql) << QString::fromLatin1(reason);
        };
        row("cut text", "UPDATE trace_blocks SET data = substr(data, 1, length(data) - 7)",
            "corrupt run file: trace block at record 1: record ");
        row("not an array", "UPDATE trace_blocks SET data = '{\"a\": 1}'",
            "corrupt run file: trace block at record 1: is not a JSON array");
        row("text after", "UPDATE trace_blocks SET data = data || ' x'",
            "corrupt run file: trace block at record 1: has text after its records");
        row("fewer records", "UPDATE trace_blocks SET n = n + 1", "corrupt run file: trace block at record 1: record ");
        row("more records", "UPDATE trace_blocks SET n = n - 1", "holds more than its");
        row("huge n", "UPDATE trace_blocks SET n = 9223372036854775807",
            "trace block at record 1: holds 9223372036854775807 records (1 to 1048576 expected)");
        row("zero n", "UPDATE trace_blocks SET n = 0", "trace block at record 1: holds 0 records");
        row("negative kind", "UPDATE trace_blocks SET data = json_set(data, '$[2]', json('[1,-4]'))",
            "trace block at record 1: record 3: kind is out of range");
        row("no kind", "UPDATE trace_blocks SET data = json_set(data, '$[2]', json('[1]'))",
            "trace block at record 1: record 3: has no time or kind");
        row("fraction", "UPDATE trace_blocks SET data = json_set(data, '$[1]', json('[0,1.5]'))",
            "trace block at record 1: record 2: kind is not an integer");
        row("string", "UPDATE trace_blocks SET data = json_set(data, '$[1]', json('[0,2,\"x\"]'))",
            "trace block at record 1: record 2: message is not an integer");
        row("nested", "UPDATE trace_blocks SET data = json_set(data, '$[1]', json('[0,2,[3]]'))",
            "trace block at record 1: record 2: message is not an integer");
        row("too many values",
            "UPDATE trace_blocks SET data = json_set(data, '$[0]', json('[0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]'))",
            "trace block at record 1: record 1: has more than 16 values");
        row("huge number", "UPDATE trace_blocks SET data = replace(data, '[0,', '[99999999999999999999,')",
            "trace block at record 1: record 1: t is out of range");
        row("negative offset", "UPDATE trace_blocks SET data = json_set(data, '$[2]', json('[0,1,0,0,0,0,0,-1]'))",
            "trace block at record 1: record 3: offset is out of range");
        row("message overflow", "UPDATE trace_blocks SET m0 = 9223372036854775807", "message is out of range");
        row("time overflow", "UPDATE trace_blocks SET t0 = 9223372036854775807, data = json_set(data, '$[0][0]', 5)",
            "trace block at record 1: record 1: t is out of range");
        row("text t0", "UPDATE trace_blocks SET t0 = 'soon'", "trace block at record 1: t0 is not an integer");
        row("blob data", "UPDATE trace_blocks SET data = CAST(data AS BLOB)",
            "trace block at record 1: data is not text");
        row("overlapping blocks", "INSERT INTO trace_blocks SELECT 3, 2, t0, m0, '[[0,1],[0,1]]' FROM trace_blocks",
            "trace block at record 3: overlaps the block before it (records up to ");
        row("stored twice", "INSERT INTO trace (id, t, kind) VALUES (3, 0, 1)",
            "record 3 is stored twice: in a trace block and in the trace table");
        row("unknown message", "UPDATE trace_blocks SET data = json_set(data, '$[2]', json('[0,1,999999]'))",
            "names message ");
        row("unknown kind", "UPDATE trace_blocks SET data = json_set(data, '$[2]', json('[0,99999]'))",
            "record 3: kind is not a non-empty text");
    }
    void hostileBlocks()
    {
        QFETCH(QString, sql);
        QFETCH(QString, reason);
        const QString edited
            = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(".b.sqlite"));
        QFile::remove(edited);
        QVERIFY(QFile::copy(m_blocked, edited));
        {
            SqliteDb db;
            QVERIFY(db.open(edited.toStdString(), SqliteDb::Mode::ReadWrite));
            QCOMPARE(db.queryInt("SELECT count(*) FROM trace_blocks"), 1);
            QVERIFY2(db.exec(sql.toStdString()), db.error().c_str());
        }
        const QString problem = exportProblem(edited, ExportFormat::Jsonl);
        QVERIFY2(problem.contains(reason), qPrintable(problem));
        if (!reason.contains(QLatin1String("names message")) && !reason.contains(QLatin1String("non-empty text"))) {
            // What a review or a replay reads: the same words.
            RunFile run;
            QString error;
            QVERIFY2(run.open(edited, error), qPrintable(error));
            QVERIFY(!run.forEachRecord([](const RecordView&) { return true; }, error));
            QVERIFY2(error.contains(reason), qPrintable(error));
        }
    }

    /// A message block is untrusted input as a trace block is: refused with the block and the message named.
    void hostileMessageBlocks_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("reason");
        const auto row = [](const char* tag, const char* sql, const char* reason) {
            QTest::newRow(tag) << QString::fromLatin1(sql) << QString::fromLatin1(reason);
        };
        row("cut text", "UPDATE message_blocks SET data = substr(data, 1, length(data) - 7)",
            "corrupt run file: message block at seq 0: message ");
        row("not an array", "UPDATE message_blocks SET data = '{\"a\": 1}'",
            "corrupt run file: message block at seq 0: is not a JSON array");
        row("text after", "UPDATE message_blocks SET data = data || ' x'",
            "message block at seq 0: has text after its messages");
        row("fewer messages", "UPDATE message_blocks SET n = n + 1", "message block at seq 0: message ");
        row("more messages", "UPDATE message_blocks SET n = n - 1", "holds more than its");
        row("huge n", "UPDATE message_blocks SET n = 9223372036854775807",
            "message block at seq 0: holds 9223372036854775807 messages");
        row("zero n", "UPDATE message_blocks SET n = 0", "message block at seq 0: holds 0 messages");
        row("negative first", "UPDATE message_blocks SET first = -3", "message block at seq -3: ");
        row("short message", "UPDATE message_blocks SET data = json_set(data, '$[1]', json('[0,1]'))",
            "message block at seq 0: message 1: has 2 of its 16 values");
        row("id a number", "UPDATE message_blocks SET data = json_set(data, '$[1][2]', 5)",
            "message block at seq 0: message 1: id is not a string");
        row("command 2", "UPDATE message_blocks SET data = json_set(data, '$[1][1]', 2)",
            "message block at seq 0: message 1: command is out of range");
        row("cause before seq 0", "UPDATE message_blocks SET data = json_set(data, '$[1][12]', 9)",
            "message block at seq 0: message 1: cause is out of range");
        row("payload forward", "UPDATE message_blocks SET data = json_set(data, '$[0][15]', 1)",
            "message block at seq 0: message 0: payload is out of range");
        row("payload an array", "UPDATE message_blocks SET data = json_set(data, '$[0][15]', json('[1]'))",
            "message block at seq 0: message 0: payload is neither an object nor an integer");
        row("payload cut", "UPDATE message_blocks SET data = replace(data, '}', '')",
            "message block at seq 0: message 0: payload is not a JSON object");
        row("text t0", "UPDATE message_blocks SET t0 = 'soon'", "message block at seq 0: t0 is not an integer");
        row("blob data", "UPDATE message_blocks SET data = CAST(data AS BLOB)",
            "message block at seq 0: data is not text");
        row("overlapping blocks",
            "INSERT INTO message_blocks SELECT 1, 1, t0, json_array(data -> 0) FROM message_blocks",
            "message block at seq 1: overlaps the block before it (messages up to ");
        row("stored twice",
            "INSERT INTO events (seq, command, id, source, type, version, t, payload) VALUES (1, 0, 'x', 1, 1, 1, 0, "
            "1)",
            "message 1 is stored twice: in a message block and in the events table");
        row("unknown source", "UPDATE message_blocks SET data = json_set(data, '$[1][3]', 99999)",
            "message 1: source is not a non-empty text");
    }
    void hostileMessageBlocks()
    {
        QFETCH(QString, sql);
        QFETCH(QString, reason);
        const QString edited
            = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(".m.sqlite"));
        QFile::remove(edited);
        QVERIFY(QFile::copy(m_blocked, edited));
        {
            SqliteDb db;
            QVERIFY(db.open(edited.toStdString(), SqliteDb::Mode::ReadWrite));
            QCOMPARE(db.queryInt("SELECT count(*) FROM message_blocks"), 1);
            QVERIFY2(db.exec(sql.toStdString()), db.error().c_str());
        }
        for (const ExportFormat format : kFormats) {
            const QString problem = exportProblem(edited, format);
            QVERIFY2(problem.contains(reason), qPrintable(problem));
        }
        if (!reason.contains(QLatin1String("non-empty text"))) {
            // What a review reads: the same words, never a crash.
            RunFile run;
            QString error;
            QVERIFY2(run.open(edited, error), qPrintable(error));
            QVERIFY(!run.forEachMessage([](const MessageView&) { return true; }, error));
            QVERIFY2(error.contains(reason), qPrintable(error));
        }
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("reason"); ///< what the JSON Lines export says, after the row's position
        QTest::addColumn<bool>("messages"); ///< the edit is in a message: CSV and CloudEvents refuse it too
        QTest::addColumn<bool>("schemaOne"); ///< schema 1 can hold the edit: compared with its export
        QTest::newRow("t not an integer")
            << "UPDATE trace SET t = 'soon' WHERE id = (SELECT min(id) FROM trace WHERE message IS NOT NULL AND id > 5)"
            << "t is not an integer" << false << true;
        QTest::newRow("kind not a name") << "UPDATE trace SET kind = 999999 WHERE id = 7"
                                         << "record 7: kind is not a non-empty text" << false << false;
        QTest::newRow("kind a blob")
            << "INSERT INTO names (text) VALUES (x'6869'); UPDATE trace SET kind = last_insert_rowid() WHERE id = 4"
            << "kind is not a non-empty text" << false << false;
        QTest::newRow("dangling message")
            << "UPDATE trace SET message = 999999 WHERE id = (SELECT max(id) FROM trace WHERE message IS NOT NULL)"
            << "names message 999999, which is not in the file" << false << true;
        QTest::newRow("published without its message")
            << "UPDATE trace SET message = NULL WHERE id = (SELECT max(id) FROM trace"
               " WHERE kind = (SELECT id FROM names WHERE text = 'published'))"
            << "published record without its message" << false << true;
        QTest::newRow("negative saga")
            << "DELETE FROM trace_more WHERE id = 3; INSERT INTO trace_more (id, saga) VALUES (3, -2)"
            << "record 3: saga is not a non-negative integer" << false << true;
        QTest::newRow("aux a text")
            << "DELETE FROM trace_more WHERE id = 6; INSERT INTO trace_more (id, aux) VALUES (6, 'x')"
            << "aux is not an integer" << false << true;
        QTest::newRow("version not an integer")
            << "UPDATE events SET version = 1.5 WHERE seq = (SELECT max(seq) FROM events WHERE command = 0)"
            << "version is not an integer" << true << true;
        QTest::newRow("source not a name")
            << "UPDATE events SET source = 999999 WHERE seq = (SELECT max(seq) FROM events WHERE command = 0)"
            << "source is not a non-empty text" << true << false;
        QTest::newRow("negative offset")
            << "UPDATE events SET \"offset\" = -5 WHERE seq = (SELECT min(seq) FROM events WHERE command = 0)"
            << "offset is not a non-negative integer" << true << true;
        // An early record whose detail cannot be written and a later one whose time is not a number: the
        // later one is named, as when the whole file was checked before the first record was written.
        QTest::newRow("stored type before what cannot be written")
            << "INSERT INTO names (text) VALUES (CAST(x'c0af' AS TEXT));"
               "DELETE FROM trace_more WHERE id = 2; INSERT INTO trace_more (id, detail) VALUES (2, "
               "last_insert_rowid());"
               "UPDATE trace SET t = 'later' WHERE id = (SELECT max(id) FROM trace)"
            << "t is not an integer" << false << true;
    }
    void refusals()
    {
        QFETCH(QString, sql);
        QFETCH(QString, reason);
        QFETCH(bool, messages);
        QFETCH(bool, schemaOne);
        const QString edited = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(".sqlite"));
        QFile::remove(edited);
        QVERIFY(QFile::copy(m_recorded, edited));
        {
            SqliteDb db;
            QVERIFY(db.open(edited.toStdString(), SqliteDb::Mode::ReadWrite));
            QVERIFY2(db.exec(sql.toStdString()), db.error().c_str());
        }
        const QString one = edited + QStringLiteral(".schema1");
        QFile::remove(one);
        if (schemaOne) {
            const std::string copied = writeSchemaOneCopy(edited, one);
            QVERIFY2(copied.empty(), copied.c_str());
        }
        for (const ExportFormat format : kFormats) {
            const QString problem = exportProblem(edited, format);
            if (format == ExportFormat::Jsonl || messages) {
                QVERIFY2(problem.contains(reason), qPrintable(problem));
                QVERIFY2(problem.startsWith(QLatin1String(messages ? "message " : "record ")), qPrintable(problem));
            } else {
                QCOMPARE(problem, QStringLiteral("ok"));
            }
            if (schemaOne)
                QCOMPARE(problem, exportProblem(one, format));
        }
    }
};

QTEST_GUILESS_MAIN(TestCompactExport)
#include "tst_compactexport.moc"
