#include "base/simtime.h"

#include <QTest>
#include <limits>

using namespace eventloom;

class TestSimTime : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected"); // -1: rejected
        QTest::newRow("us") << QStringLiteral("250us") << qint64(250);
        QTest::newRow("bare") << QStringLiteral("17") << qint64(17);
        QTest::newRow("ms") << QStringLiteral("3ms") << qint64(3000);
        QTest::newRow("s") << QStringLiteral("2s") << qint64(2'000'000);
        QTest::newRow("fraction") << QStringLiteral("1.5s") << qint64(1'500'000);
        QTest::newRow("min") << QStringLiteral("2min") << qint64(120'000'000);
        QTest::newRow("unknown unit") << QStringLiteral("5h") << qint64(-1);
        QTest::newRow("negative") << QStringLiteral("-5ms") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
        QTest::newRow("unit only") << QStringLiteral("ms") << qint64(-1);
        QTest::newRow("fractional us") << QStringLiteral("1.5") << qint64(-1);
        QTest::newRow("trailing dot") << QStringLiteral("1.s") << qint64(-1);
        QTest::newRow("space") << QStringLiteral("5 ms") << qint64(-1);
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        const auto parsed = parseDuration(text.toStdString());
        if (expected < 0)
            QVERIFY(!parsed.has_value());
        else
            QCOMPARE(parsed.value_or(-1), expected);
    }
    /// Durations have a maximum, named when one is refused; points in time may go to the end of simulated time.
    void limits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("max");
        QTest::addColumn<qint64>("expected"); // -1: malformed, -2: too long
        QTest::newRow("longest") << QStringLiteral("1000000s") << qint64(kMaxDuration) << qint64(kMaxDuration);
        QTest::newRow("in minutes") << QStringLiteral("16666min") << qint64(kMaxDuration) << qint64(16666) * kMinute;
        QTest::newRow("a microsecond more") << QStringLiteral("1000000000001us") << qint64(kMaxDuration) << qint64(-2);
        QTest::newRow("the issue's") << QStringLiteral("100000000000min") << qint64(kMaxDuration) << qint64(-2);
        QTest::newRow("past a double") << QString(QString(400, u'9') + QStringLiteral("s")) << qint64(kMaxDuration)
                                       << qint64(-2);
        QTest::newRow("end of time") << QStringLiteral("9007199254740991us") << qint64(kMaxSimTime)
                                     << qint64(kMaxSimTime);
        QTest::newRow("past the end") << QStringLiteral("9007199254740992us") << qint64(kMaxSimTime) << qint64(-2);
        QTest::newRow("still malformed") << QStringLiteral("1e9s") << qint64(kMaxDuration) << qint64(-1);
    }
    void limits()
    {
        QFETCH(QString, text);
        QFETCH(qint64, max);
        QFETCH(qint64, expected);
        DurationError why = DurationError::None;
        const auto parsed = parseDuration(text.toStdString(), &why, max);
        QCOMPARE(qint64(parsed.value_or(why == DurationError::TooLong ? -2 : -1)), expected);
        QCOMPARE(why == DurationError::None, parsed.has_value());
        QCOMPARE(maxDurationText(), std::string("1000000s (about 11.6 days)"));
        QCOMPARE(maxDurationText(kMaxSimTime), std::string("9007199254740991us (about 285 years)"));
    }

    /// Adding a duration to a time saturates at the end of simulated time; no sum overflows.
    void addTimeSaturates_data()
    {
        QTest::addColumn<qint64>("t");
        QTest::addColumn<qint64>("d");
        QTest::addColumn<qint64>("expected");
        constexpr qint64 kMax = std::numeric_limits<qint64>::max();
        QTest::newRow("plain") << qint64(5) << qint64(7) << qint64(12);
        QTest::newRow("negative duration") << qint64(5) << qint64(-7) << qint64(5);
        QTest::newRow("to the end") << qint64(kMaxSimTime - 1) << qint64(1) << qint64(kMaxSimTime);
        QTest::newRow("past the end") << qint64(kMaxSimTime - 1) << qint64(2) << qint64(kMaxSimTime);
        QTest::newRow("from the end") << qint64(kMaxSimTime) << qint64(kMaxDuration) << qint64(kMaxSimTime);
        QTest::newRow("int64 max duration") << qint64(1) << kMax << qint64(kMaxSimTime);
        QTest::newRow("int64 max time") << kMax << kMax << qint64(kMaxSimTime);
        QTest::newRow("the issue's") << qint64(33971) << qint64(6'000'000'000'000'000'000) << qint64(kMaxSimTime);
    }
    void addTimeSaturates()
    {
        QFETCH(qint64, t);
        QFETCH(qint64, d);
        QFETCH(qint64, expected);
        QCOMPARE(qint64(addTime(t, d)), expected);
    }
    void durationFromDoubleClamps()
    {
        QCOMPARE(durationFromDouble(1.9), SimTime(1)); // truncated, as the engine always did
        QCOMPARE(durationFromDouble(-5), SimTime(0));
        QCOMPARE(durationFromDouble(std::numeric_limits<double>::quiet_NaN()), SimTime(0));
        QCOMPARE(durationFromDouble(1e300), kMaxSimTime);
        QCOMPARE(durationFromDouble(std::numeric_limits<double>::infinity()), kMaxSimTime);
    }
    void format()
    {
        QCOMPARE(formatDuration(17), std::string("17us"));
        QCOMPARE(formatDuration(3000), std::string("3ms"));
        QCOMPARE(formatDuration(1'250'000), std::string("1.250s"));
    }
};

QTEST_GUILESS_MAIN(TestSimTime)
#include "tst_simtime.moc"
