#include "base/randomstream.h"

#include <QTest>
#include <vector>

using namespace eventloom;

class TestRandomStream : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameSequence()
    {
        RandomStream a = RandomStream::derive(7, "service:payment");
        RandomStream b = RandomStream::derive(7, "service:payment");
        for (int i = 0; i < 100; ++i)
            QCOMPARE(a.next(), b.next());
    }
    void namesAndSeedsSeparateStreams()
    {
        QVERIFY(RandomStream::derive(7, "a").next() != RandomStream::derive(7, "b").next());
        QVERIFY(RandomStream::derive(7, "a").next() != RandomStream::derive(8, "a").next());
    }
    void aStreamDoesNotDependOnOtherStreams()
    {
        // Drawing from a new stream (a service added to the scenario) leaves the others untouched.
        RandomStream alone = RandomStream::derive(7, "service:inventory");
        RandomStream other = RandomStream::derive(7, "service:fraud");
        RandomStream again = RandomStream::derive(7, "service:inventory");
        for (int i = 0; i < 10; ++i)
            other.next();
        for (int i = 0; i < 10; ++i)
            QCOMPARE(alone.next(), again.next());
    }
    void uniformIntStaysInRangeAndCoversIt()
    {
        RandomStream r(1);
        std::vector<int> seen(6, 0);
        for (int i = 0; i < 6000; ++i) {
            const auto v = r.uniformInt(1, 6);
            QVERIFY(v >= 1 && v <= 6);
            ++seen[static_cast<std::size_t>(v - 1)];
        }
        for (int count : seen)
            QVERIFY2(count > 800 && count < 1200, "a fair die lands near 1000 times per face");
    }
    void exponentialMean()
    {
        RandomStream r(3);
        double sum = 0;
        const int n = 20000;
        for (int i = 0; i < n; ++i)
            sum += r.exponential(100.0);
        QVERIFY(std::abs(sum / n - 100.0) < 3.0);
    }
};

QTEST_GUILESS_MAIN(TestRandomStream)
#include "tst_randomstream.moc"
