#include "scenario/scenarioloader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;

// scenarios/schema/scenario.schema.json, judged by an independent JSON Schema 2020-12 validator
// (python3-jsonschema, through tests/scenarios/validate_scenarios.py): every shipped scenario is
// valid, the schema is closed everywhere, and files with unknown fields are rejected — by the schema
// and by the loader alike.
namespace {
const QString kSource = QStringLiteral(EVENTLOOM_SOURCE_DIR);

struct Run {
    int exitCode = -1;
    QString output;
};

Run validate(const QStringList& args)
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        return { 77, QStringLiteral("python3 is not installed") };
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(python,
        QStringList { kSource + QStringLiteral("/tests/scenarios/validate_scenarios.py"),
            kSource + QStringLiteral("/scenarios/schema/scenario.schema.json") }
            + args);
    if (!p.waitForFinished(120000))
        qFatal("the schema validator did not finish");
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAll()) };
}

QStringList shippedScenarioFiles()
{
    QStringList files;
    const QDir dir(kSource + QStringLiteral("/scenarios"));
    for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

QJsonObject read(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString write(const QTemporaryDir& dir, const QString& name, const QJsonObject& o)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(f.fileName()));
    f.write(QJsonDocument(o).toJson());
    return f.fileName();
}
}

#define SKIP_WITHOUT_VALIDATOR(run)                                                                                    \
    if ((run).exitCode == 77)                                                                                          \
        QSKIP(qPrintable((run).output.trimmed()));

class TestScenarioSchema : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shippedScenariosValidate()
    {
        const QStringList files = shippedScenarioFiles();
        QVERIFY(files.size() >= 13);
        // Also adds an unknown field to every object of every scenario, one at a time: each must be refused.
        const Run run = validate(QStringList { QStringLiteral("--probe-strictness") } + files);
        SKIP_WITHOUT_VALIDATOR(run);
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    }
    void schemaIsClosedEverywhere()
    {
        const Run run = validate({ QStringLiteral("--audit-schema") });
        SKIP_WITHOUT_VALIDATOR(run);
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    }
    void unknownFieldsAreRejected_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("loaderError");
        QTest::newRow("top level") << QStringLiteral("top-level")
                                   << QStringLiteral("error: colour: unknown field 'colour'");
        QTest::newRow("in a topic")
            << QStringLiteral("topic")
            << QStringLiteral("error: topics[0].partition: unknown field 'partition' (did you mean 'partitions'?)");
        QTest::newRow("in a subscription")
            << QStringLiteral("subscription")
            << QStringLiteral("error: services[1].subscriptions[0].grop: unknown field 'grop' (did you mean 'group'?)");
        QTest::newRow("in a latency") << QStringLiteral("latency")
                                      << QStringLiteral("error: services[0].latency.median: unknown field 'median'");
        QTest::newRow("in the workload quantity")
            << QStringLiteral("quantity") << QStringLiteral("error: workload.quantity.avg: unknown field 'avg'");
    }
    void unknownFieldsAreRejected()
    {
        QFETCH(QString, name);
        QFETCH(QString, loaderError);
        QJsonObject s = read(kSource + QStringLiteral("/scenarios/01-pubsub-fanout.json"));
        s.remove(QStringLiteral("$schema"));
        auto edit = [&](const QString& key, auto&& change) {
            QJsonValue v = s.value(key);
            change(v);
            s.insert(key, v);
        };
        if (name == QLatin1String("top-level"))
            s.insert(QStringLiteral("colour"), QStringLiteral("blue"));
        else if (name == QLatin1String("topic"))
            edit(QStringLiteral("topics"), [](QJsonValue& v) {
                QJsonArray a = v.toArray();
                QJsonObject t = a[0].toObject();
                t.insert(QStringLiteral("partition"), 3);
                a[0] = t;
                v = a;
            });
        else if (name == QLatin1String("subscription"))
            edit(QStringLiteral("services"), [](QJsonValue& v) {
                QJsonArray a = v.toArray();
                QJsonObject svc = a[1].toObject();
                QJsonArray subs = svc.value(QStringLiteral("subscriptions")).toArray();
                QJsonObject sub = subs[0].toObject();
                sub.insert(QStringLiteral("grop"), QStringLiteral("x"));
                subs[0] = sub;
                svc.insert(QStringLiteral("subscriptions"), subs);
                a[1] = svc;
                v = a;
            });
        else if (name == QLatin1String("latency"))
            edit(QStringLiteral("services"), [](QJsonValue& v) {
                QJsonArray a = v.toArray();
                QJsonObject svc = a[0].toObject();
                QJsonObject latency = svc.value(QStringLiteral("latency")).toObject();
                latency.insert(QStringLiteral("median"), QStringLiteral("2ms"));
                svc.insert(QStringLiteral("latency"), latency);
                a[0] = svc;
                v = a;
            });
        else if (name == QLatin1String("quantity"))
            edit(QStringLiteral("workload"), [](QJsonValue& v) {
                QJsonObject w = v.toObject();
                QJsonObject q = w.value(QStringLiteral("quantity")).toObject();
                q.insert(QStringLiteral("avg"), 2);
                w.insert(QStringLiteral("quantity"), q);
                v = w;
            });

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = write(dir, name + QStringLiteral(".json"), s);
        const Run run = validate({ QStringLiteral("--expect-invalid"), file });
        SKIP_WITHOUT_VALIDATOR(run);
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY2(run.output.contains(QStringLiteral("rejected as expected")), qPrintable(run.output));

        // The loader refuses the same file, naming the field.
        const auto loaded = ScenarioLoader::loadFile(file);
        QVERIFY(!loaded.ok());
        QStringList errors;
        for (const Diagnostic& d : loaded.errors)
            errors << d.toString();
        QVERIFY2(errors.size() == 1 && errors[0].contains(loaderError), qPrintable(errors.join(u'\n')));
    }
    /// The malformed corpus files that are well-formed JSON with wrong content are invalid for the schema too.
    void malformedCorpusIsInvalidForTheSchema()
    {
        const QString corpus = kSource + QStringLiteral("/tests/scenarios/malformed/");
        const Run run = validate({ QStringLiteral("--expect-invalid"), corpus + QStringLiteral("wrong-types.json"),
            corpus + QStringLiteral("several-errors.json"), corpus + QStringLiteral("not-an-object.json") });
        SKIP_WITHOUT_VALIDATOR(run);
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    }
};

QTEST_GUILESS_MAIN(TestScenarioSchema)
#include "tst_scenarioschema.moc"
