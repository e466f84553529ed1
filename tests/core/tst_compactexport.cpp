// A schema 2 run file is exported without the views (CompactRun, issue 22 item 4): its tables are read
// directly and each stored value is checked as it is read. These edit schema 2's own tables as a sqlite3
// user could, and check that the export refuses each edit with the words StoredRows gives for the same
// rows read through the views — compared, where schema 1 can hold the edit, with the export of the same
// run rewritten as a schema 1 file (which still goes through StoredRows) — and that a wrong stored type
// further on is named before a value that merely cannot be written, as when every row was checked first.

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

/// The export's error without the run file's path ("record 12 (message 5): t is not an integer"), or
/// "ok" when it succeeded.
QString exportProblem(const QString& runPath, ExportFormat format)
{
    RunFile run;
    QString error;
    if (!run.open(runPath, error))
        return error;
    RunExporter::Options options;
    options.format = format;
    std::string out;
    const RunExporter::Result result = RunExporter::exportRun(run, out, options);
    if (result.ok)
        return QStringLiteral("ok");
    const QString prefix = runPath + QStringLiteral(": ");
    return result.error.startsWith(prefix) ? result.error.mid(prefix.size()) : result.error;
}
}

class TestCompactExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_recorded;

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
