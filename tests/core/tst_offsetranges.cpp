// OffsetRanges, the delivery checker's set of offsets as ranges: random operations against a std::set of
// the same offsets, and the ranges it keeps for what is in order (one) and out of order (few).

#include "base/randomstream.h"
#include "check/offsetranges.h"

#include <QTest>

#include <set>

using namespace eventloom;

namespace {
/// The offsets of [begin, end) not in `model`, as ranges.
std::vector<OffsetRanges::Range> gaps(const std::set<std::int64_t>& model, std::int64_t begin, std::int64_t end)
{
    std::vector<OffsetRanges::Range> out;
    for (std::int64_t o = begin; o < end; ++o)
        if (!model.count(o)) {
            if (!out.empty() && out.back().second == o)
                ++out.back().second;
            else
                out.emplace_back(o, o + 1);
        }
    return out;
}
}

class TestOffsetRanges : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void inOrderIsOneRange()
    {
        OffsetRanges set;
        for (std::int64_t o = 5; o < 10'000; ++o)
            QVERIFY(set.insert(o));
        QCOMPARE(set.rangeCount(), 1u);
        QVERIFY(!set.insert(7));
        QVERIFY(set.contains(5) && set.contains(9'999) && !set.contains(4) && !set.contains(10'000));
        set.insert(10'001); // one out of order past the frontier
        QCOMPARE(set.rangeCount(), 2u);
        set.insert(10'000); // the gap filled: one range again
        QCOMPARE(set.rangeCount(), 1u);
    }

    void equalsASetUnderRandomOperations_data()
    {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed = 1; seed <= 20; ++seed)
            QTest::addRow("seed %llu", seed) << seed;
    }
    void equalsASetUnderRandomOperations()
    {
        QFETCH(quint64, seed);
        RandomStream random(seed);
        OffsetRanges set;
        std::set<std::int64_t> model;
        constexpr std::int64_t kSpan = 200;
        for (int step = 0; step < 3000; ++step) {
            const auto o = static_cast<std::int64_t>(random.next() % kSpan);
            const auto len = static_cast<std::int64_t>(random.next() % 12);
            switch (random.next() % 6) {
            case 0:
            case 1:
                QCOMPARE(set.insert(o), model.insert(o).second);
                break;
            case 2:
                set.insert(o, o + len);
                for (std::int64_t x = o; x < o + len; ++x)
                    model.insert(x);
                break;
            case 3:
                if (random.next() % 8 == 0) {
                    set.eraseFrom(o);
                    model.erase(model.lower_bound(o), model.end());
                }
                break;
            case 4: {
                std::vector<OffsetRanges::Range> got;
                set.forEachGap(o, o + len * 5, [&](std::int64_t a, std::int64_t b) { got.emplace_back(a, b); });
                QCOMPARE(got, gaps(model, o, o + len * 5));
                break;
            }
            default: {
                std::int64_t inside = 0;
                set.anyRangeIn(o, o + len * 5, [&](std::int64_t a, std::int64_t b) {
                    inside += b - a;
                    return false;
                });
                QCOMPARE(inside,
                    static_cast<std::int64_t>(std::distance(model.lower_bound(o), model.lower_bound(o + len * 5))));
            }
            }
            QCOMPARE(set.contains(o), model.count(o) == 1);
            // Disjoint, sorted, never touching: as few ranges as the offsets allow.
            const auto& ranges = set.ranges();
            for (std::size_t i = 0; i < ranges.size(); ++i) {
                QVERIFY(ranges[i].first < ranges[i].second);
                if (i > 0)
                    QVERIFY(ranges[i - 1].second < ranges[i].first);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestOffsetRanges)
#include "tst_offsetranges.moc"
