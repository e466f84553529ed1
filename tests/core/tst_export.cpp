// Exports (JSON Lines, CSV, CloudEvents, sequence diagrams) and imports: the contract's fields,
// round trips that give back the same bytes, deduplication, and writes that are atomic.

#include "recordtesting.h"

#include "export/runexporter.h"
#include "export/runimporter.h"
#include "record/recordformats.h"
#include "record/runfile.h"
#include "record/storedtext.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace eventloom;
using namespace eventloom::test;

namespace {
QByteArray exported(const QString& runPath, ExportFormat format, const QString& correlation = {})
{
    RunFile run;
    QString error;
    if (!run.open(runPath, error))
        qFatal("%s", qPrintable(error));
    std::string out;
    RunExporter::Options options;
    options.format = format;
    options.correlation = correlation;
    const auto result = RunExporter::exportRun(run, out, options);
    if (!result.ok)
        qFatal("%s", qPrintable(result.error));
    return QByteArray::fromStdString(out);
}

/// RFC 4180: fields split on commas outside quotes, "" inside quotes is one quote.
QStringList csvFields(const QString& line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == u'"' && i + 1 < line.size() && line[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}
}

class TestExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_run; ///< 03-duplicates-idempotency with a crash: commands, events, redeliveries, conflicts
    QString file(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        Scenario s = loadShipped(QStringLiteral("03-duplicates-idempotency"), { QStringLiteral("workload.orders=60") });
        m_run = file(QStringLiteral("run.sqlite"));
        recordScenario(s, m_run);
    }

    void jsonLinesCarryTheContractFields()
    {
        const QByteArray text = exported(m_run, ExportFormat::Jsonl);
        const QList<QByteArray> lines = text.trimmed().split('\n');
        RunFile run;
        QString error;
        QVERIFY(run.open(m_run, error));
        QCOMPARE(lines.size(), run.recordCount());
        QSet<QString> kinds;
        for (const QByteArray& line : lines) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            QVERIFY2(!o.isEmpty(), line.constData());
            const QString kind = o.value(QStringLiteral("kind")).toString();
            kinds << kind;
            QVERIFY(o.contains(QStringLiteral("t")));
            if (kind == QLatin1String("published")) {
                for (const char* f : { "id", "type", "version", "topic", "partition", "offset", "key", "correlationId",
                         "causationId", "producer", "data" })
                    QVERIFY2(o.contains(QLatin1String(f)), f);
                QVERIFY(o.value(QStringLiteral("data")).isObject());
            } else if (kind == QLatin1String("delivered") && o.contains(QStringLiteral("topic"))) {
                for (const char* f : { "eventId", "consumer", "group", "topic", "partition", "offset", "attempt" })
                    QVERIFY2(o.contains(QLatin1String(f)), f);
            } else if (kind == QLatin1String("handled")) {
                QVERIFY(QStringList({ QStringLiteral("ok"), QStringLiteral("failed"),
                                        QStringLiteral("skipped-duplicate"), QStringLiteral("rejected") })
                            .contains(o.value(QStringLiteral("outcome")).toString()));
            }
            // Unset fields are left out, never written as empty or -1.
            for (auto it = o.begin(); it != o.end(); ++it) {
                QVERIFY2(!(it->isString() && it->toString().isEmpty()), qPrintable(it.key()));
                if (it.key() == QLatin1String("partition") || it.key() == QLatin1String("offset"))
                    QVERIFY(it->toInteger() >= 0);
            }
        }
        for (const char* kind :
            { "published", "command", "delivered", "handled", "committed", "crashed", "redelivered" })
            QVERIFY2(kinds.contains(QLatin1String(kind)), kind);
    }

    void jsonLinesRoundTripByteForByte()
    {
        const QByteArray first = exported(m_run, ExportFormat::Jsonl);
        const QString jsonl = file(QStringLiteral("trace.jsonl"));
        writeFile(jsonl, first);
        const QString imported = file(QStringLiteral("from-jsonl.sqlite"));
        const auto r = RunImporter::importFile(jsonl, imported);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(exported(imported, ExportFormat::Jsonl), first);
        // ... and so do the other exports of the imported file.
        QCOMPARE(exported(imported, ExportFormat::Csv), exported(m_run, ExportFormat::Csv));
        QCOMPARE(exported(imported, ExportFormat::CloudEvents), exported(m_run, ExportFormat::CloudEvents));
        // Importing again adds nothing: messages match on (source, id), records on their line.
        const auto again = RunImporter::importFile(jsonl, imported);
        QVERIFY(again.ok);
        QCOMPARE(again.messagesAdded, 0);
        QCOMPARE(again.recordsAdded, 0);
        QCOMPARE(again.messagesSkipped, r.messagesAdded);
        QCOMPARE(exported(imported, ExportFormat::Jsonl), first);
    }

    void cloudEventsRoundTripByteForByte()
    {
        const QByteArray first = exported(m_run, ExportFormat::CloudEvents);
        const QString batch = file(QStringLiteral("batch.json"));
        writeFile(batch, first);
        const QString imported = file(QStringLiteral("from-ce.sqlite"));
        const auto r = RunImporter::importFile(batch, imported);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.messagesAdded > 0);
        QCOMPARE(exported(imported, ExportFormat::CloudEvents), first);
        const auto again = RunImporter::importFile(batch, imported);
        QCOMPARE(again.messagesAdded, 0);
        QCOMPARE(again.messagesSkipped, r.messagesAdded);
    }

    void cloudEventsFollowTheSpec()
    {
        // CloudEvents 1.0 rules, checked here in C++ (tst_cli_record also asks the CloudEvents SDK):
        // required attributes are non-empty strings, specversion is 1.0, attribute names are lowercase
        // letters and digits (at most 20), time is RFC 3339, ids are unique per source.
        const QJsonDocument doc = QJsonDocument::fromJson(exported(m_run, ExportFormat::CloudEvents));
        QVERIFY(doc.isArray());
        QVERIFY(!doc.array().isEmpty());
        const QRegularExpression name(QStringLiteral("^[a-z0-9]{1,20}$"));
        QSet<QString> seen;
        for (const QJsonValue& v : doc.array()) {
            const QJsonObject e = v.toObject();
            QCOMPARE(e.value(QStringLiteral("specversion")).toString(), QStringLiteral("1.0"));
            for (const char* required : { "id", "source", "type" })
                QVERIFY2(!e.value(QLatin1String(required)).toString().isEmpty(), required);
            for (auto it = e.begin(); it != e.end(); ++it) {
                QVERIFY2(name.match(it.key()).hasMatch(), qPrintable(it.key()));
                QVERIFY2(it.key() == QLatin1String("data") || !it->isObject(), "attributes are scalars");
            }
            QVERIFY(recordformats::parseRfc3339(e.value(QStringLiteral("time")).toString().toStdString()).has_value());
            QCOMPARE(e.value(QStringLiteral("datacontenttype")).toString(), QStringLiteral("application/json"));
            QCOMPARE(e.value(QStringLiteral("sequence")).toString().size(), 20);
            const QString key = e.value(QStringLiteral("source")).toString() + e.value(QStringLiteral("id")).toString();
            QVERIFY(!seen.contains(key));
            seen << key;
        }
    }

    void timestampsAreRfc3339FromTheEpoch_data()
    {
        QTest::addColumn<qint64>("t");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("2025-01-01T00:00:00.000000Z");
        QTest::newRow("micros") << qint64(1'234'567) << QStringLiteral("2025-01-01T00:00:01.234567Z");
        QTest::newRow("next day") << qint64(86'400'000'001) << QStringLiteral("2025-01-02T00:00:00.000001Z");
        QTest::newRow("leap year") << qint64(59LL * 86'400'000'000) << QStringLiteral("2025-03-01T00:00:00.000000Z");
    }
    void timestampsAreRfc3339FromTheEpoch()
    {
        QFETCH(qint64, t);
        QFETCH(QString, text);
        const qint64 epochMs = RunInfo::defaultEpoch().toMSecsSinceEpoch();
        QCOMPARE(QString::fromStdString(recordformats::rfc3339(epochMs, t)), text);
        QCOMPARE(*recordformats::parseRfc3339(text.toStdString()), epochMs * 1000 + t);
    }

    void csvIsOneQuotedRowPerPublishedEvent()
    {
        const QString text = QString::fromUtf8(exported(m_run, ExportFormat::Csv));
        QStringList rows = text.split(QStringLiteral("\r\n"));
        QCOMPARE(rows.takeLast(), QString()); // CRLF after every row, the last included
        const QStringList header = csvFields(rows.takeFirst());
        QCOMPARE(header.join(u','),
            QStringLiteral(
                "t,id,type,version,topic,partition,offset,key,tenant,correlationId,causationId,producer,data"));
        RunFile run;
        QString error;
        QVERIFY(run.open(m_run, error));
        QCOMPARE(rows.size(), run.db().queryInt("SELECT count(*) FROM messages WHERE command = 0"));
        for (const QString& row : rows) {
            const QStringList fields = csvFields(row);
            QCOMPARE(fields.size(), header.size());
            QVERIFY(QJsonDocument::fromJson(fields.last().toUtf8()).isObject()); // the quoted payload reads back
        }
    }

    void oneCorrelationIdOnly()
    {
        const QString id = QStringLiteral("order-000007");
        const QList<QByteArray> lines = exported(m_run, ExportFormat::Jsonl, id).trimmed().split('\n');
        QVERIFY(lines.size() > 5);
        for (const QByteArray& line : lines)
            QCOMPARE(QJsonDocument::fromJson(line).object().value(QStringLiteral("correlationId")).toString(), id);
        const QJsonArray ce = QJsonDocument::fromJson(exported(m_run, ExportFormat::CloudEvents, id)).array();
        QVERIFY(!ce.isEmpty());
        for (const QJsonValue& e : ce)
            QCOMPARE(e.toObject().value(QStringLiteral("correlationid")).toString(), id);
    }

    void sequenceDiagramsOfOneOrder()
    {
        const QString id = QStringLiteral("order-000007");
        const QString mermaid = QString::fromUtf8(exported(m_run, ExportFormat::Mermaid, id));
        QVERIFY(mermaid.startsWith(QStringLiteral("sequenceDiagram\n")));
        QVERIFY(mermaid.contains(QStringLiteral("as orders.events")));
        QVERIFY(mermaid.contains(QStringLiteral("->>")));
        QVERIFY(mermaid.contains(QStringLiteral(": OrderCreated")));
        QVERIFY(!mermaid.contains(u';') || mermaid.contains(QStringLiteral("#35;"))); // ';' would end a statement
        const QString plantuml = QString::fromUtf8(exported(m_run, ExportFormat::PlantUml, id));
        QVERIFY(plantuml.startsWith(QStringLiteral("@startuml\n")));
        QVERIFY(plantuml.endsWith(QStringLiteral("@enduml\n")));
        QVERIFY(plantuml.contains(QStringLiteral("participant \"orders.events\" as")));
        QCOMPARE(plantuml.count(QStringLiteral(" -> ")), mermaid.count(QStringLiteral("->>")));
        // Without a correlation id there is no diagram, and a clear reason.
        RunFile run;
        QString error;
        QVERIFY(run.open(m_run, error));
        std::string out;
        RunExporter::Options options;
        options.format = ExportFormat::Mermaid;
        const auto r = RunExporter::exportRun(run, out, options);
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("correlation")));
    }

    void kindsAddedLaterExportGenerically()
    {
        // Records of kinds this exporter has never heard of (other work adds them) keep every field.
        const QByteArray lines = readAll(QStringLiteral(EVENTLOOM_TEST_FIXTURES "/future-kinds.jsonl"));
        QVERIFY(!lines.isEmpty());
        const QString in = file(QStringLiteral("future.jsonl"));
        writeFile(in, lines);
        const QString run = file(QStringLiteral("future.sqlite"));
        const auto r = RunImporter::importFile(in, run);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(exported(run, ExportFormat::Jsonl), lines);
        QVERIFY(exported(run, ExportFormat::Jsonl, QStringLiteral("o-1")).contains("compensated")); // saga id filter
    }

    void foreignEventsAreImportedWithTheirUnknownAttributes()
    {
        const QByteArray batch = readAll(QStringLiteral(EVENTLOOM_TEST_FIXTURES "/foreign-cloudevents.json"));
        QVERIFY(!batch.isEmpty());
        const QString in = file(QStringLiteral("foreign.json"));
        writeFile(in, batch);
        const QString run = file(QStringLiteral("foreign.sqlite"));
        const auto r = RunImporter::importFile(in, run);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.messagesAdded, 2);
        const QJsonArray out = QJsonDocument::fromJson(exported(run, ExportFormat::CloudEvents)).array();
        QCOMPARE(out.size(), 2);
        const QJsonObject first = out[0].toObject();
        QCOMPARE(first.value(QStringLiteral("source")).toString(), QStringLiteral("https://shop.example/orders"));
        QCOMPARE(first.value(QStringLiteral("time")).toString(), QStringLiteral("2024-12-31T22:00:01.500000Z"));
        QCOMPARE(first.value(QStringLiteral("subject")).toString(), QStringLiteral("o-9"));
        const QJsonObject data = first.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("total")).toInt(), 12);
        QCOMPARE(data.value(QStringLiteral("extensions")).toObject().value(QStringLiteral("region")).toString(),
            QStringLiteral("eu"));
        QCOMPARE(data.value(QStringLiteral("extensions")).toObject().value(QStringLiteral("traceparent")).toString(),
            QStringLiteral("00-abc-def-01"));
        // Some other system's JSON Lines: the usual names for id/type/time, the whole line as payload.
        const QString jsonl = file(QStringLiteral("other.jsonl"));
        writeFile(jsonl,
            "{\"eventId\":\"x1\",\"eventType\":\"Clicked\",\"timestamp\":\"2025-01-01T00:00:02Z\",\"user\":7}\n");
        QVERIFY(RunImporter::importFile(jsonl, run).ok);
        const QByteArray all = exported(run, ExportFormat::Jsonl);
        QVERIFY(all.contains("\"t\":2000000,\"id\":\"x1\""));
        QVERIFY(all.contains("\"type\":\"Clicked\""));
        // A bad line names itself, and nothing of that file is imported.
        writeFile(jsonl, "{\"eventId\":\"x2\"}\nnot json\n");
        const auto bad = RunImporter::importFile(jsonl, run);
        QVERIFY(!bad.ok);
        QVERIFY2(bad.error.endsWith(QStringLiteral("other.jsonl:2: not a JSON object")), qPrintable(bad.error));
        QVERIFY(!exported(run, ExportFormat::Jsonl).contains("\"x2\""));
    }

    void payloadsAreParsedAndReserialised_data()
    {
        QTest::addColumn<QByteArray>("stored");
        QTest::addColumn<QByteArray>("written"); ///< empty: refused
        QTest::addColumn<QString>("problem");
        QTest::newRow("ours, unchanged") << QByteArray(
            R"({"orderId":"o-1","total":12.5,"items":[1,2],"ok":true,"x":null})")
                                         << QByteArray(
                                                R"({"orderId":"o-1","total":12.5,"items":[1,2],"ok":true,"x":null})")
                                         << QString();
        QTest::newRow("whitespace dropped")
            << QByteArray(" { \"a\" : [ 1 , 2 ] }\n") << QByteArray(R"({"a":[1,2]})") << QString();
        QTest::newRow("numbers as spelled")
            << QByteArray(R"([-0,1E+2,0.10,1e-5])") << QByteArray(R"([-0,1E+2,0.10,1e-5])") << QString();
        QTest::newRow("escapes re-written") << QByteArray(R"(["\u00e9\/\u0001\ud83d\ude00"])")
                                            << QByteArray("[\"\xC3\xA9/\\u0001\xF0\x9F\x98\x80\"]") << QString();
        QTest::newRow("forged envelope") << QByteArray(R"({"a":1},"id":"forged")") << QByteArray()
                                         << QStringLiteral("text after the JSON value");
        QTest::newRow("cut short") << QByteArray(R"({"a":)") << QByteArray() << QStringLiteral("a value expected");
        QTest::newRow("mismatched brackets")
            << QByteArray(R"({"a":[}])") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("leading zero") << QByteArray("[01]") << QByteArray() << QStringLiteral("',' or ']' expected");
        QTest::newRow("single quotes") << QByteArray("{'a':1}") << QByteArray()
                                       << QStringLiteral("a member name expected");
        QTest::newRow("raw newline in a string")
            << QByteArray("[\"a\nb\"]") << QByteArray() << QStringLiteral("a control character");
        QTest::newRow("invalid UTF-8") << QByteArray("[\"\xFF\"]") << QByteArray() << QStringLiteral("invalid UTF-8");
        QTest::newRow("encoded surrogate")
            << QByteArray("[\"\xED\xA0\x80\"]") << QByteArray() << QStringLiteral("invalid UTF-8");
        QTest::newRow("lone low surrogate")
            << QByteArray(R"(["\udc00"])") << QByteArray() << QStringLiteral("a lone low surrogate");
        QTest::newRow("out of range") << QByteArray("[-1e400]") << QByteArray()
                                      << QStringLiteral("a number out of range");
        QTest::newRow("depth 64") << QByteArray(64, '[') + QByteArray(64, ']')
                                  << QByteArray(64, '[') + QByteArray(64, ']') << QString();
        QTest::newRow("depth 65") << QByteArray(65, '[') + QByteArray(65, ']') << QByteArray()
                                  << QStringLiteral("nested deeper than 64 levels");
        QTest::newRow("empty") << QByteArray() << QByteArray() << QStringLiteral("a value expected");
    }

    void payloadsAreParsedAndReserialised()
    {
        QFETCH(QByteArray, stored);
        QFETCH(QByteArray, written);
        QFETCH(QString, problem);
        std::string out, why;
        const bool ok = storedtext::appendJson(out, std::string_view(stored.constData(), stored.size()), why);
        QCOMPARE(ok, problem.isEmpty());
        if (!ok) {
            QVERIFY2(QString::fromStdString(why).contains(problem), why.c_str());
            return;
        }
        QCOMPARE(QByteArray::fromStdString(out), written);
        QVERIFY(!QJsonDocument::fromJson(written).isNull());
        std::string again;
        QVERIFY(storedtext::appendJson(again, out, why)); // its own output reads back as the same bytes
        QCOMPARE(again, out);
    }

    void exportsAreAtomic()
    {
        RunFile run;
        QString error;
        QVERIFY(run.open(m_run, error));
        const QString target = file(QStringLiteral("existing.jsonl"));
        writeFile(target, "precious\n");
        // Cancelled halfway (the GUI's Cancel): the old file is still there, and no temporary is left.
        RunExporter::Options options;
        std::int64_t calls = 0;
        options.progress = [&](std::int64_t done, std::int64_t total) {
            ++calls;
            return done < total / 2;
        };
        auto r = RunExporter::exportRun(run, target, options);
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("cancelled")));
        QVERIFY(calls >= 1);
        QCOMPARE(readAll(target), QByteArray("precious\n"));
        QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("existing.jsonl*") }, QDir::Files).size(), 1);
        // A path that cannot be written: a clear error.
        r = RunExporter::exportRun(run, file(QStringLiteral("missing/dir/out.jsonl")), {});
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("cannot write")));
        // And a successful export replaces it whole, with progress up to the total.
        std::int64_t last = 0, total = 0;
        options.progress = [&](std::int64_t done, std::int64_t all) {
            last = done;
            total = all;
            return true;
        };
        r = RunExporter::exportRun(run, target, options);
        QVERIFY(r.ok);
        QCOMPARE(last, total);
        QCOMPARE(readAll(target), exported(m_run, ExportFormat::Jsonl));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
