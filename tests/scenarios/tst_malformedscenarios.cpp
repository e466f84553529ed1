#include "scenario/scenarioloader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;

// The malformed corpus (tests/scenarios/malformed/): each NAME.json has NAME.expected beside it, the
// exact lines `eventloom-cli check NAME.json` prints on stderr, run from that folder. The loader must
// give the same diagnostics, and the CLI must print them all and exit 2 (bad input).
namespace {
const QString kCorpus = QStringLiteral(EVENTLOOM_SOURCE_DIR "/tests/scenarios/malformed");

struct Cli {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Cli check(const QString& workingDirectory, const QStringList& files)
{
    QProcess p;
    p.setWorkingDirectory(workingDirectory);
    p.start(QStringLiteral(EVENTLOOM_CLI), QStringList { QStringLiteral("check") } + files);
    if (!p.waitForFinished(60000))
        qFatal("eventloom-cli did not finish");
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

QStringList lines(const QByteArray& text)
{
    QStringList out = QString::fromUtf8(text).split(u'\n');
    while (!out.isEmpty() && out.back().isEmpty())
        out.removeLast();
    return out;
}

/// The diagnostics among what `check` printed on stderr (it may add a count per file).
QStringList diagnostics(const QByteArray& text)
{
    return lines(text).filter(QStringLiteral(": error: "));
}

/// The loader's diagnostics for `file`, opened relative to `directory` as the CLI does.
QStringList load(const QString& directory, const QString& file)
{
    const QString previous = QDir::currentPath();
    QDir::setCurrent(directory);
    const auto result = ScenarioLoader::loadFile(file);
    QDir::setCurrent(previous);
    if (result.ok())
        return { file + QStringLiteral(": loaded without errors") };
    QStringList out;
    for (const Diagnostic& d : result.errors)
        out << d.toString();
    return out;
}
}

class TestMalformedScenarios : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void corpus_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = QDir(kCorpus).entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 14);
        for (const QString& file : files)
            QTest::newRow(qPrintable(file)) << file;
    }
    void corpus()
    {
        QFETCH(QString, file);
        QFile expectedFile(kCorpus + u'/' + QFileInfo(file).completeBaseName() + QStringLiteral(".expected"));
        QVERIFY2(expectedFile.open(QIODevice::ReadOnly),
            qPrintable(expectedFile.fileName() + QStringLiteral(" is missing")));
        const QStringList expected = lines(expectedFile.readAll());
        QVERIFY(!expected.isEmpty());

        QCOMPARE(load(kCorpus, file), expected);

        const Cli cli = check(kCorpus, { file });
        QCOMPARE(diagnostics(cli.err), expected);
        QCOMPARE(cli.exitCode, 2);
        QVERIFY(cli.out.isEmpty());
    }

    /// All errors, not just the first: these files hold several distinct problems each.
    void everyErrorOfAFileIsReported_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("errors");
        QTest::newRow("several-errors") << QStringLiteral("several-errors.json") << 7;
        QTest::newRow("duplicate-keys") << QStringLiteral("duplicate-keys.json") << 4;
        QTest::newRow("dangling-references") << QStringLiteral("dangling-references.json") << 4;
        QTest::newRow("wrong-types") << QStringLiteral("wrong-types.json") << 7;
        QTest::newRow("huge-numbers") << QStringLiteral("huge-numbers.json") << 4;
        QTest::newRow("bad-utf8") << QStringLiteral("bad-utf8.json") << 3;
    }
    void everyErrorOfAFileIsReported()
    {
        QFETCH(QString, file);
        QFETCH(int, errors);
        const QStringList got = load(kCorpus, file);
        QCOMPARE(got.size(), errors);
        QCOMPARE(QSet<QString>(got.begin(), got.end()).size(), errors); // distinct
        for (const QString& line : got)
            QVERIFY2(line.startsWith(file + u':') && line.contains(QStringLiteral(": error: ")), qPrintable(line));
    }

    /// One `check` of several files reports each file's errors, in order, and still exits 2.
    void checkOfSeveralFilesReportsThemAll()
    {
        const QStringList files { QStringLiteral("empty.json"), QStringLiteral("several-errors.json"),
            QStringLiteral("duplicate-keys.json") };
        QStringList expected;
        for (const QString& file : files)
            expected += load(kCorpus, file);
        const Cli cli = check(kCorpus, files);
        QCOMPARE(diagnostics(cli.err), expected);
        QCOMPARE(cli.exitCode, 2);
    }

    /// The very large files are made here rather than committed: one past the size limit, and one
    /// under it with too many values. Both are refused quickly, by the loader and by the CLI.
    void veryLargeFilesAreRefusedQuickly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            QFile big(dir.filePath(QStringLiteral("big.json")));
            QVERIFY(big.open(QIODevice::WriteOnly));
            const QByteArray head = "{\"id\": \"big\", \"summary\": \"";
            const QByteArray tail = "\"}";
            big.write(head + QByteArray(ScenarioLoader::kMaxFileBytes + 1 - head.size() - tail.size(), 'x') + tail);
        }
        {
            QFile many(dir.filePath(QStringLiteral("many.json")));
            QVERIFY(many.open(QIODevice::WriteOnly));
            QByteArray text = "{\"id\": \"many\",\n \"pad\": [0";
            for (int i = 0; i < 300'000; ++i)
                text += ",0";
            many.write(text + "]}\n");
            QVERIFY(text.size() < ScenarioLoader::kMaxFileBytes);
        }
        const QStringList expected { QStringLiteral(
                                         "big.json: error: file is 4194305 bytes; scenarios are limited to 4194304"),
            QStringLiteral("many.json:2:400004: error: more than 200000 values; scenarios are limited to that many") };
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(
            load(dir.path(), QStringLiteral("big.json")) + load(dir.path(), QStringLiteral("many.json")), expected);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        const Cli cli = check(dir.path(), { QStringLiteral("big.json"), QStringLiteral("many.json") });
        QCOMPARE(diagnostics(cli.err), expected);
        QCOMPARE(cli.exitCode, 2);
    }

    /// A file with no end (or no size known in advance) is read only up to the limit, not until memory runs out.
    void anEndlessFileIsRefused()
    {
        if (!QFile::exists(QStringLiteral("/dev/zero")))
            QSKIP("no /dev/zero here");
        const QStringList expected { QStringLiteral(
            "/dev/zero: error: file is larger than 4194304 bytes, the limit for scenarios") };
        QCOMPARE(load(QDir::currentPath(), QStringLiteral("/dev/zero")), expected);
        const Cli cli = check(QDir::currentPath(), { QStringLiteral("/dev/zero") });
        QCOMPARE(diagnostics(cli.err), expected);
        QCOMPARE(cli.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestMalformedScenarios)
#include "tst_malformedscenarios.moc"
