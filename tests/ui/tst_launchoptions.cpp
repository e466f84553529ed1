#include "launchoptions.h"
#include "playbackspeed.h"

#include <QTest>
#include <cmath>

using namespace eventloom;

class TestLaunchOptions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesGoodArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("play");
        QTest::addColumn<double>("speed");
        QTest::addColumn<qint64>("seed"); // -1: not given

        QTest::newRow("nothing") << QStringList() << QString() << false << 1.0 << qint64(-1);
        QTest::newRow("file") << QStringList { QStringLiteral("01-pubsub-fanout") }
                              << QStringLiteral("01-pubsub-fanout") << false << 1.0 << qint64(-1);
        QTest::newRow("all") << QStringList { QStringLiteral("a.json"), QStringLiteral("--play"),
            QStringLiteral("--speed"), QStringLiteral("2.5"), QStringLiteral("--seed"), QStringLiteral("42") }
                             << QStringLiteral("a.json") << true << 2.5 << qint64(42);
        QTest::newRow("equals form") << QStringList { QStringLiteral("--speed=max"), QStringLiteral("--seed=0") }
                                     << QString() << false << PlaybackSpeed::kMax << qint64(0);
        QTest::newRow("options first") << QStringList { QStringLiteral("--play"), QStringLiteral("b.json") }
                                       << QStringLiteral("b.json") << true << 1.0 << qint64(-1);
        QTest::newRow("dash file") << QStringList { QStringLiteral("--"), QStringLiteral("-odd.json") }
                                   << QStringLiteral("-odd.json") << false << 1.0 << qint64(-1);
        // Parsed before the QApplication exists, which takes these out of argv afterwards.
        QTest::newRow("Qt's options") << QStringList { QStringLiteral("-style"), QStringLiteral("fusion"),
            QStringLiteral("--platform"), QStringLiteral("offscreen"), QStringLiteral("c.json"),
            QStringLiteral("-reverse"), QStringLiteral("-stylesheet=x.qss"), QStringLiteral("--play") }
                                      << QStringLiteral("c.json") << true << 1.0 << qint64(-1);
    }

    void parsesGoodArguments()
    {
        QFETCH(QStringList, arguments);
        QString error;
        const auto options = LaunchOptions::parse(arguments, error);
        QVERIFY2(options, qPrintable(error));
        QTEST(options->file, "file");
        QTEST(options->play, "play");
        QFETCH(double, speed);
        QVERIFY(options->speed == speed);
        QFETCH(qint64, seed);
        QCOMPARE(options->seed.has_value(), seed >= 0);
        if (seed >= 0)
            QCOMPARE(*options->seed, static_cast<std::uint64_t>(seed));
    }

    void rejectsBadArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("errorPart");

        QTest::newRow("two files") << QStringList { QStringLiteral("a.json"), QStringLiteral("b.json") }
                                   << QStringLiteral("at most one FILE");
        QTest::newRow("unknown") << QStringList { QStringLiteral("--fast") } << QStringLiteral("unknown option");
        QTest::newRow("flag with a value")
            << QStringList { QStringLiteral("-reverse=yes") } << QStringLiteral("unknown option");
        QTest::newRow("prefix") << QStringList { QStringLiteral("--speedy") } << QStringLiteral("unknown option");
        QTest::newRow("speed missing") << QStringList { QStringLiteral("--speed") } << QStringLiteral("needs a value");
        QTest::newRow("speed zero") << QStringList { QStringLiteral("--speed"), QStringLiteral("0") }
                                    << QStringLiteral("positive number");
        QTest::newRow("speed word") << QStringList { QStringLiteral("--speed=fast") } << QStringLiteral("'max'");
        QTest::newRow("speed inf") << QStringList { QStringLiteral("--speed=inf") } << QStringLiteral("'max'");
        QTest::newRow("seed negative") << QStringList { QStringLiteral("--seed"), QStringLiteral("-1") }
                                       << QStringLiteral("non-negative integer");
    }

    void rejectsBadArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, errorPart);
        QString error;
        QVERIFY(!LaunchOptions::parse(arguments, error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
    }

    void helpAndVersion_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("help");
        QTest::addColumn<bool>("version");
        QTest::newRow("--help") << QStringList { QStringLiteral("--help") } << true << false;
        QTest::newRow("-h") << QStringList { QStringLiteral("-h") } << true << false;
        QTest::newRow("--version") << QStringList { QStringLiteral("--version") } << false << true;
        QTest::newRow("after a file") << QStringList { QStringLiteral("a.json"), QStringLiteral("--version") } << false
                                      << true;
    }

    void helpAndVersion()
    {
        QFETCH(QStringList, arguments);
        QString error;
        const auto options = LaunchOptions::parse(arguments, error);
        QVERIFY2(options, qPrintable(error));
        QTEST(options->help, "help");
        QTEST(options->version, "version");
    }

    void speedLabels()
    {
        QCOMPARE(PlaybackSpeed::label(PlaybackSpeed::kMax), QStringLiteral("Max"));
        QCOMPARE(PlaybackSpeed::label(0.25), QStringLiteral("0.25×"));
        QVERIFY(std::isinf(PlaybackSpeed::presets().back()));
    }
};

QTEST_GUILESS_MAIN(TestLaunchOptions)
#include "tst_launchoptions.moc"
