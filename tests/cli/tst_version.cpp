// `eventloom --version` / `--help` and `eventloom-cli --version` (PRODUCT.md §3) answer on a machine
// with no display: both real binaries run with every variable that could name one removed.

#include "clirun.h"

#include <QTest>

using namespace clitesting;

namespace {
QProcessEnvironment withoutDisplay()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : { "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_SOCKET" })
        environment.remove(QLatin1String(name));
    return environment;
}

QString program(const QString& name)
{
    if (name == QLatin1String("eventloom-cli"))
        return QStringLiteral(EVENTLOOM_CLI);
#ifdef EVENTLOOM_GUI
    return QStringLiteral(EVENTLOOM_GUI);
#else
    return {};
#endif
}

const QByteArray kVersion = QByteArrayLiteral(EVENTLOOM_VERSION);
}

class TestVersion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void answersWithoutADisplay_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("out"); ///< what stdout starts with
        QTest::addColumn<QByteArray>("err"); ///< what stderr contains (empty: nothing at all)

        const QString app = QStringLiteral("eventloom");
        const QString cli = QStringLiteral("eventloom-cli");
        const QStringList version { QStringLiteral("--version") };
        QTest::newRow("cli --version") << cli << version << 0 << QByteArray("eventloom-cli " + kVersion + '\n')
                                       << QByteArray();
        QTest::newRow("app --version") << app << version << 0 << QByteArray("eventloom " + kVersion + '\n')
                                       << QByteArray();
        QTest::newRow("app --help") << app << QStringList { QStringLiteral("--help") } << 0
                                    << QByteArray("usage: eventloom [FILE]") << QByteArray();
        QTest::newRow("app -h") << app << QStringList { QStringLiteral("-h") } << 0
                                << QByteArray("usage: eventloom [FILE]") << QByteArray();
        QTest::newRow("app, Qt's options, --version")
            << app << QStringList { QStringLiteral("-style"), QStringLiteral("fusion"), QStringLiteral("--version") }
            << 0 << QByteArray("eventloom " + kVersion + '\n') << QByteArray();
        QTest::newRow("app, unknown option") << app << QStringList { QStringLiteral("--bogus") } << 2 << QByteArray()
                                             << QByteArray("eventloom: unknown option '--bogus'");
        QTest::newRow("app, unknown scenario")
            << app << QStringList { QStringLiteral("no-such-lesson") } << 2 << QByteArray()
            << QByteArray("no scenario file or shipped scenario named");
    }

    void answersWithoutADisplay()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, out);
        QFETCH(QByteArray, err);
        const QString path = program(name);
        if (path.isEmpty())
            QSKIP("the GUI is not built (EVENTLOOM_BUILD_GUI=OFF)");
        const Result result = run(path, arguments, withoutDisplay());
        QVERIFY2(result.out.startsWith(out), result.out.constData());
        if (out.endsWith('\n'))
            QCOMPARE(result.out, out); // the version line and nothing else
        if (err.isEmpty())
            QVERIFY2(result.err.isEmpty(), result.err.constData());
        else
            QVERIFY2(result.err.contains(err), result.err.constData());
        QTEST(result.exitCode, "exitCode");
    }
};

QTEST_GUILESS_MAIN(TestVersion)
#include "tst_version.moc"
