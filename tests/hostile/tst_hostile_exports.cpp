// Hostile input for exports and imports (issue 17, items 5 and 6). A run file is a SQLite database
// anyone can edit: each case in exports/*.sql edits the rows of a freshly recorded run, and every
// export it lists must then fail with exit 2, the record's position and the expected reason, and
// leave an existing output file as it was. Imports: a run's own exports add nothing, and bad lines
// are refused with FILE:LINE.

#include "clirun.h"
#include "recordtesting.h"
#include "schemaonerunfile.h"

#include "export/runexporter.h"
#include "export/runimporter.h"
#include "record/runfile.h"
#include "record/sqlitedb.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace eventloom;
using namespace eventloom::test;

namespace {
const QString kCorrelation = QStringLiteral("order-000001"); // for the sequence diagrams

struct Case {
    QString sql;
    QStringList formats;
    QString expect;
};

Case readCase(const QString& path)
{
    Case c;
    c.sql = QString::fromUtf8(readAll(path));
    for (const QString& line : c.sql.split(u'\n')) {
        if (line.startsWith(QLatin1String("-- formats:")))
            c.formats = line.mid(11).split(u' ', Qt::SkipEmptyParts);
        else if (line.startsWith(QLatin1String("-- expect:")))
            c.expect = line.mid(10).trimmed();
    }
    return c;
}

/// Applies `sql` to the run file with SQLite's C API (through SqliteDb), as an attacker with sqlite3 would.
/// Applies `sql` to the run file in schema 1's layout (its text columns are where a crafted value goes;
/// exports read schema 1 files as they are): the file is replaced by a schema 1 copy first.
bool edit(const QString& runPath, const QString& sql, std::string& error)
{
    const QString old = runPath + QStringLiteral(".schema1");
    QFile::remove(old);
    error = writeSchemaOneCopy(runPath, old);
    if (!error.empty() || !QFile::remove(runPath) || !QFile::rename(old, runPath)) {
        error = "writing a schema 1 copy: " + error;
        return false;
    }
    SqliteDb db;
    if (!db.open(runPath.toStdString(), SqliteDb::Mode::ReadWrite) || !db.exec(sql.toStdString())) {
        error = db.error();
        return false;
    }
    return true;
}

QStringList exportArgs(const QString& run, const QString& format, const QString& out)
{
    QStringList args { QStringLiteral("export"), run, QStringLiteral("--format"), format, QStringLiteral("-o"), out };
    if (format == QLatin1String("mermaid") || format == QLatin1String("plantuml"))
        args << QStringLiteral("--correlation") << kCorrelation;
    return args;
}

QString lastLine(const QByteArray& text)
{
    return QString::fromUtf8(text).trimmed().section(u'\n', -1);
}
}

class TestHostileExports : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_base; ///< 03-duplicates-idempotency, recorded once; each case edits a copy
    QString file(const QString& name) const { return m_dir.filePath(name); }
    QString copyOfBase(const QString& name) const
    {
        const QString path = file(name);
        QFile::remove(path);
        if (!QFile::copy(m_base, path))
            qFatal("cannot copy the base run");
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_base = file(QStringLiteral("base.sqlite"));
        recordScenario(
            loadShipped(QStringLiteral("03-duplicates-idempotency"), { QStringLiteral("workload.orders=30") }), m_base);
    }

    void craftedRunFilesAreRefused_data()
    {
        QTest::addColumn<QString>("path");
        QDirIterator it(QStringLiteral(EVENTLOOM_HOSTILE_EXPORTS), { QStringLiteral("*.sql") }, QDir::Files);
        QStringList paths;
        while (it.hasNext())
            paths << it.next();
        paths.sort();
        QVERIFY(paths.size() >= 10);
        for (const QString& path : paths)
            QTest::newRow(qPrintable(QFileInfo(path).baseName())) << path;
    }

    void craftedRunFilesAreRefused()
    {
        QFETCH(QString, path);
        const Case c = readCase(path);
        QVERIFY2(!c.formats.isEmpty() && !c.expect.isEmpty(), "a case names its formats and its expected refusal");
        const QString run = copyOfBase(QStringLiteral("case.sqlite"));
        std::string error;
        QVERIFY2(edit(run, c.sql, error), error.c_str());
        const QByteArray runBefore = fileHash(run);
        // "RUN: record N (message M): reason" or "RUN: message M: reason"
        const QRegularExpression position(QRegularExpression::escape(run)
            + QStringLiteral(": (record \\d+( \\(message \\d+\\))?|message \\d+): .*")
            + QRegularExpression::escape(c.expect));
        for (const QString& format : c.formats) {
            const QString out = file(QStringLiteral("out.") + format);
            writeFile(out, "precious\n");
            const auto r = clitesting::cli(exportArgs(run, format, out));
            QVERIFY2(r.exitCode == 2, qPrintable(format + QStringLiteral(": exit ") + QString::number(r.exitCode)));
            const QString message = lastLine(r.err);
            QVERIFY2(position.match(message).hasMatch(), qPrintable(format + QStringLiteral(": ") + message));
            QCOMPARE(readAll(out), QByteArray("precious\n"));
            QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("out.") + format + u'*' }, QDir::Files).size(), 1);
            QCOMPARE(r.err.count('\n'), 1); // one line
        }
        QCOMPARE(fileHash(run), runBefore);
        // In-process too (the window's exports): the same refusal, nothing written.
        RunFile file;
        QString openError;
        QVERIFY2(file.open(run, openError), qPrintable(openError));
        RunExporter::Options options;
        options.format = *exportFormatFromName(c.formats.front());
        if (options.format == ExportFormat::Mermaid || options.format == ExportFormat::PlantUml)
            options.correlation = kCorrelation;
        std::string text;
        const auto result = RunExporter::exportRun(file, text, options);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(c.expect), qPrintable(result.error));
    }

    void diagramsEscapeStoredNames()
    {
        // Names that would end a statement, open a directive or a preprocessor function, close a quoted
        // name or become markup: the diagram must keep one statement per arrow, with none of them raw.
        const QString run = copyOfBase(QStringLiteral("names.sqlite"));
        const QString hostile
            = QStringLiteral("'Evil' || char(10) || '%%{init: {\"securityLevel\":\"loose\"}}%%' || char(10) || "
                             "'@enduml;\"<img:/etc/passwd>[[http://x]]%getenv(\"HOME\")'");
        std::string error;
        QVERIFY2(edit(run,
                     QStringLiteral("UPDATE messages SET type = %1, producer = %1 WHERE correlation = '%2';")
                         .arg(hostile, kCorrelation),
                     error),
            error.c_str());
        for (const QString& format : { QStringLiteral("mermaid"), QStringLiteral("plantuml") }) {
            const QString out = file(QStringLiteral("diagram.") + format);
            const auto r = clitesting::cli(exportArgs(run, format, out));
            QCOMPARE(r.exitCode, 0);
            const QString text = QString::fromUtf8(readAll(out));
            for (const char* raw : { "%%{", "%getenv", "<img", "[[", "\"HOME\"", "@enduml;" })
                QVERIFY2(!text.contains(QLatin1String(raw)), raw);
            const QStringList lines = text.trimmed().split(u'\n');
            for (const QString& line : lines) {
                if (format == QLatin1String("mermaid"))
                    QVERIFY2(line == QLatin1String("sequenceDiagram")
                            || line.startsWith(QLatin1String("    participant L"))
                            || line.startsWith(QLatin1String("    L"))
                            || line.startsWith(QLatin1String("    Note over L")),
                        qPrintable(line));
                else
                    QVERIFY2(line == QLatin1String("@startuml") || line == QLatin1String("@enduml")
                            || line.startsWith(QLatin1String("participant \"")) || line.startsWith(u'L')
                            || line.startsWith(QLatin1String("note over L")),
                        qPrintable(line));
            }
            QVERIFY(text.contains(QLatin1String("Evil")));
        }
    }

    void ownExportsReimportAddNothing_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("jsonl") << QStringLiteral("jsonl");
        QTest::newRow("cloudevents") << QStringLiteral("cloudevents");
    }

    void ownExportsReimportAddNothing()
    {
        QFETCH(QString, format);
        const QString run = copyOfBase(QStringLiteral("own.sqlite"));
        const QString exported = file(QStringLiteral("own.") + format);
        QCOMPARE(clitesting::cli(exportArgs(run, format, exported)).exitCode, 0);
        RunFile before;
        QString error;
        QVERIFY(before.open(run, error));
        const std::int64_t records = before.recordCount(), messages = before.messageCount();
        before = RunFile();
        // Into the run it came from: every record is already there.
        auto r = clitesting::cli({ QStringLiteral("import"), exported, QStringLiteral("-o"), run });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(" 0 messages added") && r.out.contains(" 0 records added"), r.out.constData());
        RunFile after;
        QVERIFY(after.open(run, error));
        QCOMPARE(after.recordCount(), records);
        QCOMPARE(after.messageCount(), messages);
        after = RunFile();
        r = clitesting::cli({ QStringLiteral("replay"), run, QStringLiteral("--verify") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // Into an imported log of the same export: the second import adds nothing either.
        const QString log = file(QStringLiteral("log-") + format + QStringLiteral(".sqlite"));
        QFile::remove(log);
        QCOMPARE(clitesting::cli({ QStringLiteral("import"), exported, QStringLiteral("-o"), log }).exitCode, 0);
        const auto again = RunImporter::importFile(exported, log);
        QVERIFY2(again.ok, qPrintable(again.error));
        QCOMPARE(again.messagesAdded, 0);
        QCOMPARE(again.recordsAdded, 0);
        QVERIFY(again.recordsSkipped > 0);
        // And the JSON Lines export of the log into the log (the other format of the same records).
        const QString jsonl = file(QStringLiteral("log.jsonl"));
        QCOMPARE(clitesting::cli(exportArgs(log, QStringLiteral("jsonl"), jsonl)).exitCode, 0);
        const auto third = RunImporter::importFile(jsonl, log);
        QVERIFY2(third.ok, qPrintable(third.error));
        QCOMPARE(third.recordsAdded, 0);
        QCOMPARE(third.messagesAdded, 0);
    }

    void identicalRecordsInOneImportAreKept()
    {
        // Two identical lines are two records (a run may hold the same record twice); importing the
        // file again matches both, and adds nothing.
        const QString in = file(QStringLiteral("twice.jsonl"));
        writeFile(
            in, "{\"kind\":\"timer\",\"t\":5,\"service\":\"a\"}\n{\"kind\":\"timer\",\"t\":5,\"service\":\"a\"}\n");
        const QString log = file(QStringLiteral("twice.sqlite"));
        auto r = RunImporter::importFile(in, log);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.recordsAdded, 2);
        r = RunImporter::importFile(in, log);
        QCOMPARE(r.recordsAdded, 0);
        QCOMPARE(r.recordsSkipped, 2);
        writeFile(in,
            "{\"kind\":\"timer\",\"t\":5,\"service\":\"a\"}\n{\"kind\":\"timer\",\"t\":5,\"service\":\"a\"}\n"
            "{\"kind\":\"timer\",\"t\":5,\"service\":\"a\"}\n");
        r = RunImporter::importFile(in, log);
        QCOMPARE(r.recordsAdded, 1);
    }

    void badImportLinesAreRefusedWithTheirLine_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("expect");
        const QByteArray ok = "{\"kind\":\"timer\",\"t\":1,\"service\":\"a\"}\n";
        QTest::newRow("invalid JSON") << ok + "{\"kind\":\"timer\",\"t\":1,]}" << QStringLiteral(":2: not valid JSON");
        QTest::newRow("time not an integer")
            << ok + "{\"kind\":\"timer\",\"t\":\"soon\"}" << QStringLiteral(":2: 't' must be an integer");
        QTest::newRow("time beyond 64 bits") << ok + "{\"kind\":\"timer\",\"t\":1e300}"
                                             << QStringLiteral(":2: 't' must be an integer of at most 64 bits");
        QTest::newRow("time beyond year 9999") << ok + "{\"kind\":\"timer\",\"t\":9223372036854775807}"
                                               << QStringLiteral(":2: 't' is outside the years 0001-9999");
        QTest::newRow("number beyond a double") << ok + "{\"kind\":\"published\",\"id\":\"x\",\"data\":{\"n\":1e999}}"
                                                << QStringLiteral(":2: not valid JSON: a number out of range");
        QTest::newRow("negative offset") << ok + "{\"kind\":\"delivered\",\"t\":1,\"offset\":-3}"
                                         << QStringLiteral(":2: 'offset' must be at least 0");
        // Beyond what the engine's records (and the window's rows) hold; an offset takes 64 bits.
        QTest::newRow("partition beyond 32 bits")
            << ok + "{\"kind\":\"delivered\",\"t\":1,\"partition\":2147483648,\"offset\":9000000000}"
            << QStringLiteral(":2: 'partition' must be at most 2147483647");
        QTest::newRow("attempt beyond 16 bits") << ok + "{\"kind\":\"delivered\",\"t\":1,\"attempt\":65536}"
                                                << QStringLiteral(":2: 'attempt' must be at most 65535");
        QTest::newRow("instance beyond 16 bits")
            << ok + "{\"kind\":\"delivered\",\"t\":1,\"consumer\":\"billing#65535\"}"
            << QStringLiteral(":2: 'consumer' must be SERVICE#INSTANCE, INSTANCE from 0 to 65534");
        QTest::newRow("kind not a string") << ok + "{\"kind\":7}" << QStringLiteral(":2: 'kind' must be a string");
        QTest::newRow("NUL in an id") << ok + "{\"kind\":\"published\",\"id\":\"a\\u0000b\"}"
                                      << QStringLiteral(":2: 'id' contains a NUL byte");
        QTest::newRow("invalid UTF-8") << ok + "{\"kind\":\"timer\",\"service\":\"\xC3\x28\"}"
                                       << QStringLiteral(":2: not valid JSON: invalid UTF-8");
        QTest::newRow("lone surrogate") << ok + "{\"kind\":\"timer\",\"service\":\"\\ud800\"}"
                                        << QStringLiteral(":2: not valid JSON: a lone high surrogate");
        QTest::newRow("nested 100 deep") << ok + "{\"kind\":\"published\",\"id\":\"x\",\"data\":" + QByteArray(100, '[')
                + QByteArray(100, ']')
                + "}" << QStringLiteral(":2: not valid JSON: nested deeper than 64 levels");
        QTest::newRow("line of 17 MiB") << ok + "{\"kind\":\"timer\",\"detail\":\"" + QByteArray(17 << 20, 'x') + "\"}"
                                        << QStringLiteral(":2: longer than 16 MiB");
        QTest::newRow("CloudEvent time before year 1")
            << QByteArray("[{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/"
                          "s\",\"type\":\"T\",\"time\":\"0000-01-01T00:00:00Z\"}]")
            << QStringLiteral(": event 1: 'time' is outside the years 0001-9999");
    }

    void badImportLinesAreRefusedWithTheirLine()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, expect);
        const QString in = file(QStringLiteral("bad.jsonl"));
        writeFile(in, line);
        const QString run = copyOfBase(QStringLiteral("into.sqlite"));
        const auto r = clitesting::cli({ QStringLiteral("import"), in, QStringLiteral("-o"), run });
        QCOMPARE(r.exitCode, 2);
        const QString message = lastLine(r.err);
        QVERIFY2(message.startsWith(QStringLiteral("eventloom-cli import: ") + in + expect), qPrintable(message));
        // Nothing of the file is imported (one transaction); the records are as they were.
        RunFile after;
        QString error;
        QVERIFY(after.open(run, error));
        RunFile base;
        QVERIFY(base.open(m_base, error));
        QCOMPARE(after.recordCount(), base.recordCount());
    }
};

QTEST_GUILESS_MAIN(TestHostileExports)
#include "tst_hostile_exports.moc"
