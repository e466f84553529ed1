// The exports' bytes do not change when their writer is made faster (issue 22, item 4): every shipped
// scenario (seed 7) and a run edited to hold the values that are hard to spell — unicode, control
// characters, quotes, commas and line breaks, formula-looking text, empty and huge payloads — exported in
// JSON Lines, CSV and CloudEvents, hashed, and compared with fixtures/export-golden.txt, which holds the
// hashes the writer made before issue 22 (commit 38d9677). Run with EVENTLOOM_WRITE_EXPORT_GOLDEN=FILE
// to write the table the current writer makes (only to add a case: existing lines must never change).

#include "recordtesting.h"
#include "schemaonerunfile.h"

#include "export/runexporter.h"
#include "record/runfile.h"
#include "record/runfileschema.h"
#include "record/sqlitedb.h"

#include <QCryptographicHash>
#include <QTemporaryDir>

using namespace eventloom;
using namespace eventloom::test;

namespace {
constexpr std::uint64_t kSeed = 7;
const ExportFormat kFormats[] = { ExportFormat::Jsonl, ExportFormat::Csv, ExportFormat::CloudEvents };

/// A payload far larger than any the shop makes: 2 MiB of text with every kind of JSON escape and
/// number around it.
std::string hugePayload()
{
    std::string text;
    const std::string piece
        = "plain ascii, \\\"quoted\\\", \\\\ back\\/slash \\t\\n\\r\\b\\f \\u0001 \u00e9 \U0001D11E "
          "\\ud83d\\ude00 ";
    while (text.size() < 2 * 1024 * 1024)
        text += piece;
    return "{\"blob\":\"" + text
        + "\",\"n\":[0,-0,1.5e10,-2.25E-7,9007199254740993,123456789012345678901234567890],"
          "\"nested\":{\"a\":[true,false,null,{}],\"b\":[]},\"empty\":\"\"}";
}

/// SQL that gives one run's rows the hard cases, each in a different message or record. (Ordinary
/// literals: moc misreads raw strings that hold quotes.)
const char* const kEdits
    = "UPDATE messages SET key = 'k\u00e9\"y, with' || char(10) || 'a line break and \U0001D11E \u2603',"
      " tenant = '=SUM(A1:A9)', causation = '-1+2', producer = '@evil', correlation = 'a\"b\"c,d'"
      " WHERE seq = (SELECT min(seq) FROM messages WHERE command = 0);"
      "UPDATE messages SET data = '' WHERE seq = (SELECT min(seq) + 1 FROM messages WHERE command = 0);"
      "UPDATE messages SET data = '{\"s\":\"tab\\tcr\\rnl\\nx\",\"c\":\"\\u0001\\u001f' || char(127) || '\","
      "\"u\":\"\\u2028\\u2029\\u0000 \u2028\"}',"
      " key = char(9) || 'tab first', tenant = char(13) || 'cr first', topic = 'topic,with \"quotes\"'"
      " WHERE seq = (SELECT min(seq) + 2 FROM messages WHERE command = 0);"
      "UPDATE messages SET data = '  { \"spaced\" : [ 1 , 2 ] , \"k\" : \"v\" }  ', key = '+plus', tenant = ''"
      " WHERE seq = (SELECT min(seq) + 4 FROM messages WHERE command = 0);"
      "UPDATE records SET detail = 'ctrl ' || char(1) || char(8) || char(12) || char(27) || ' and \"quote\" \\ back',"
      " subject = '\u00fc subject, with comma' WHERE id = (SELECT min(id) FROM records WHERE kind = 'handled');"
      "UPDATE records SET outcome = 'line' || char(10) || 'break', phase = '\U0001D11E'"
      " WHERE id = (SELECT min(id) FROM records WHERE kind = 'delivered');";

QByteArray sha256(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}
}

class TestExportGolden : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::map<QString, QByteArray> m_golden; ///< "case format" → "bytes sha256"
    QStringList m_written;
    const QByteArray m_generating = qgetenv("EVENTLOOM_WRITE_EXPORT_GOLDEN");

    QString file(const QString& name) const { return m_dir.filePath(name); }

    void checkAllFormats(const QString& name, const QString& runPath)
    {
        RunFile run;
        QString error;
        QVERIFY2(run.open(runPath, error), qPrintable(error));
        for (const ExportFormat format : kFormats) {
            RunExporter::Options options;
            options.format = format;
            const QString out = file(name + QLatin1Char('.') + exportFormatName(format));
            const RunExporter::Result result = RunExporter::exportRun(run, out, options);
            QVERIFY2(result.ok, qPrintable(result.error));
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            std::string inMemory;
            QVERIFY(RunExporter::exportRun(run, inMemory, options).ok);
            QCOMPARE(sha256(QByteArray::fromStdString(inMemory)), sha256(bytes));
            const QString key = name + QLatin1Char(' ') + exportFormatName(format);
            const QByteArray value = QByteArray::number(bytes.size()) + ' ' + sha256(bytes);
            m_written << key + QLatin1Char(' ') + QString::fromLatin1(value);
            if (!m_generating.isEmpty())
                continue;
            const auto golden = m_golden.find(key);
            QVERIFY2(golden != m_golden.end(), qPrintable(key + QStringLiteral(": not in export-golden.txt")));
            QCOMPARE(value, golden->second);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QFile golden(QStringLiteral(EVENTLOOM_TEST_FIXTURES "/export-golden.txt"));
        QVERIFY(golden.open(QIODevice::ReadOnly | QIODevice::Text));
        while (!golden.atEnd()) {
            const QList<QByteArray> fields = golden.readLine().trimmed().split(' ');
            if (fields.size() == 4 && !fields[0].startsWith('#'))
                m_golden[QString::fromUtf8(fields[0] + ' ' + fields[1])] = fields[2] + ' ' + fields[3];
        }
        QVERIFY(!m_generating.isEmpty() || m_golden.size() >= 3 * 18);
    }

    void everyShippedScenario_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto& lesson : ShippedScenarios::lessons())
            QTest::newRow(qPrintable(lesson.id)) << lesson.id;
    }
    void everyShippedScenario()
    {
        QFETCH(QString, id);
        const QString runPath = file(id + QStringLiteral(".sqlite"));
        recordScenario(loadShipped(id), runPath, kSeed);
        checkAllFormats(id, runPath);
    }

    void hardValues()
    {
        // The values are edited into a run file of schema 1, whose tables hold them as plain columns (schema 2
        // interns names and stores payloads once); exported as it is, then migrated to today's schema and
        // exported again: the same bytes both times.
        const QString recorded = file(QStringLiteral("hard-recorded.sqlite"));
        recordScenario(
            loadShipped(QStringLiteral("03-duplicates-idempotency"), { QStringLiteral("workload.orders=20") }),
            recorded, kSeed);
        const QString runPath = file(QStringLiteral("hard.sqlite"));
        const std::string copied = test::writeSchemaOneCopy(recorded, runPath);
        QVERIFY2(copied.empty(), copied.c_str());
        SqliteDb db;
        QVERIFY(db.open(runPath.toStdString(), SqliteDb::Mode::ReadWrite));
        QVERIFY2(db.exec(kEdits), db.error().c_str());
        SqliteStatement huge = db.prepare(
            "UPDATE messages SET data = ?1 WHERE seq = (SELECT min(seq) + 3 FROM messages WHERE command = 0)");
        const std::string payload = hugePayload();
        huge.bindText(1, payload);
        QVERIFY2(huge.exec(), huge.error().c_str());
        db.close();
        checkAllFormats(QStringLiteral("hard-values"), runPath);
        {
            SqliteDb migrated;
            std::string error;
            QVERIFY2(RunFileSchema::openForWriting(runPath.toStdString(), migrated, error), error.c_str());
        }
        {
            SqliteDb reading;
            std::string error;
            QVERIFY2(RunFileSchema::openForReading(runPath.toStdString(), reading, error), error.c_str());
            QCOMPARE(reading.queryInt("PRAGMA user_version"), static_cast<std::int64_t>(RunFileSchema::kVersion));
        }
        checkAllFormats(QStringLiteral("hard-values"), runPath);
        // The cases are really there: the huge payload, a quoted CSV field with a line break, a formula.
        QFile csv(file(QStringLiteral("hard-values.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray text = csv.readAll();
        QVERIFY(text.size() > 1024 * 1024);
        QVERIFY(text.contains("\"k\u00e9\"\"y, with\na line break and \U0001D11E \u2603\""));
        QVERIFY(text.contains(",'=SUM(A1:A9),"));
    }

    void cleanupTestCase()
    {
        if (m_generating.isEmpty())
            return;
        QFile out(QString::fromLocal8Bit(m_generating));
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Text));
        out.write("# case format bytes sha256 (tests/core/tst_exportgolden.cpp)\n");
        for (const QString& line : std::as_const(m_written))
            out.write(line.toUtf8() + '\n');
    }
};

QTEST_GUILESS_MAIN(TestExportGolden)
#include "tst_exportgolden.moc"
