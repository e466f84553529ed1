#include "base/randomstream.h"

#include <QTest>
#include <limits>
#include <utility>
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
    void uniformIntDrawsAsTheDivisionFirstMethod()
    {
        // uniformInt divides only when a draw may be rejected; the draws it takes and the values it
        // returns are those of Lemire's method with the threshold computed first (the old path, here).
        const auto reference = [](RandomStream& r, std::int64_t lo, std::int64_t hi) {
            const std::uint64_t range = static_cast<std::uint64_t>(hi - lo) + 1;
            const std::uint64_t threshold = -range % range;
            for (;;) {
                const unsigned __int128 m = static_cast<unsigned __int128>(r.next()) * range;
                if (static_cast<std::uint64_t>(m) >= threshold)
                    return lo + static_cast<std::int64_t>(m >> 64);
            }
        };
        // Small ranges (latencies), and large ones where a quarter of the draws are rejected (3 * 2^61).
        const std::int64_t his[] = { 0, 1, 5, 999, 3000, 1'000'000'007, std::int64_t(1) << 62,
            3 * (std::int64_t(1) << 61) - 1, std::numeric_limits<std::int64_t>::max() - 3 };
        for (const std::int64_t lo :
            { std::int64_t(0), std::int64_t(-7), std::numeric_limits<std::int64_t>::min() / 2 })
            for (const std::int64_t hi : his) {
                std::int64_t span = 0;
                if (hi < lo || __builtin_sub_overflow(hi, lo, &span))
                    continue; // hi - lo must be an int64 (uniformInt's precondition)
                RandomStream fast(static_cast<std::uint64_t>(hi ^ lo));
                RandomStream slow(static_cast<std::uint64_t>(hi ^ lo));
                for (int i = 0; i < 2000; ++i)
                    QCOMPARE(fast.uniformInt(lo, hi), reference(slow, lo, hi));
                QCOMPARE(fast.next(), slow.next()); // the same number of draws taken
            }
    }
    /// Ranges wider than INT64_MAX (hi - lo overflows an int64) are drawn in unsigned arithmetic: in range,
    /// both ends reached, no undefined behaviour (the sanitizer preset runs this).
    void uniformIntOverRangesWiderThanInt64()
    {
        constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
        constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
        const std::pair<std::int64_t, std::int64_t> ranges[]
            = { { min, max }, { min, max / 2 }, { min / 2, max }, { min / 2 - 1, max / 2 + 2 } };
        for (const auto& [lo, hi] : ranges) {
            RandomStream r(static_cast<std::uint64_t>(lo ^ hi));
            bool negative = false;
            bool positive = false;
            for (int i = 0; i < 1000; ++i) {
                const std::int64_t v = r.uniformInt(lo, hi);
                QVERIFY(v >= lo && v <= hi);
                negative = negative || v < 0;
                positive = positive || v > 0;
            }
            QVERIFY(negative && positive);
        }
        RandomStream edge(7);
        QCOMPARE(edge.uniformInt(min, min), min);
        QCOMPARE(edge.uniformInt(max, max), max);
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
