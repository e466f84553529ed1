// The timeline's time ↔ pixel mapping: positions, zoom around a pixel, fit.

#include "views/timeaxis.h"

#include <QTest>

using namespace eventloom;

class TestTimeAxis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mapsTimeToPixelsAndBack_data()
    {
        QTest::addColumn<qint64>("start");
        QTest::addColumn<double>("pixelsPerUs");
        QTest::addColumn<qint64>("time");
        QTest::addColumn<double>("x");
        QTest::newRow("origin") << qint64(0) << 1e-4 << qint64(0) << 0.0;
        QTest::newRow("one second at 100 px/s") << qint64(0) << 1e-4 << qint64(1'000'000) << 100.0;
        QTest::newRow("scrolled") << qint64(2'000'000) << 1e-4 << qint64(2'500'000) << 50.0;
        QTest::newRow("before the start") << qint64(2'000'000) << 1e-4 << qint64(1'000'000) << -100.0;
        QTest::newRow("microseconds") << qint64(10) << 2.0 << qint64(15) << 10.0;
        QTest::newRow("an hour") << qint64(0) << 1e-7 << qint64(3'600'000'000) << 360.0;
    }
    void mapsTimeToPixelsAndBack()
    {
        QFETCH(qint64, start);
        QFETCH(double, pixelsPerUs);
        QFETCH(qint64, time);
        QFETCH(double, x);
        const TimeAxis axis { start, pixelsPerUs };
        QCOMPARE(axis.toX(time), x);
        QCOMPARE(axis.toTime(x), time);
    }
    void zoomKeepsTheTimeUnderTheAnchor_data()
    {
        QTest::addColumn<double>("factor");
        QTest::addColumn<double>("anchor");
        QTest::newRow("in at the left edge") << 2.0 << 0.0;
        QTest::newRow("in at the middle") << 2.0 << 300.0;
        QTest::newRow("out at the middle") << 0.5 << 300.0;
        QTest::newRow("out at the right") << 0.1 << 600.0;
    }
    void zoomKeepsTheTimeUnderTheAnchor()
    {
        QFETCH(double, factor);
        QFETCH(double, anchor);
        TimeAxis axis { 5'000'000, 1e-4 };
        const SimTime before = axis.toTime(anchor);
        axis.zoom(factor, anchor);
        QCOMPARE(axis.pixelsPerUs, 1e-4 * factor);
        QVERIFY(std::abs(axis.toTime(anchor) - before) <= 1);
    }
    void zoomStopsAtItsLimits()
    {
        TimeAxis axis;
        for (int i = 0; i < 200; ++i)
            axis.zoom(10, 0);
        QCOMPARE(axis.pixelsPerUs, TimeAxis::kMaxPixelsPerUs);
        for (int i = 0; i < 200; ++i)
            axis.zoom(0.1, 0);
        QCOMPARE(axis.pixelsPerUs, TimeAxis::kMinPixelsPerUs);
    }
    void fitShowsTheRangeAcrossTheWidth()
    {
        TimeAxis axis;
        axis.fit(1'000'000, 3'000'000, 400);
        QCOMPARE(axis.start, SimTime { 1'000'000 });
        QCOMPARE(axis.toX(3'000'000), 400.0);
    }
};

QTEST_GUILESS_MAIN(TestTimeAxis)
#include "tst_timeaxis.moc"
