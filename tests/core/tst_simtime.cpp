#include "sim/simtime.h"

#include <QTest>

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
    void format()
    {
        QCOMPARE(formatDuration(17), std::string("17us"));
        QCOMPARE(formatDuration(3000), std::string("3ms"));
        QCOMPARE(formatDuration(1'250'000), std::string("1.250s"));
    }
};

QTEST_GUILESS_MAIN(TestSimTime)
#include "tst_simtime.moc"
