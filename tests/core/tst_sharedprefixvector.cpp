// SharedPrefixVector in chunks (issue 22, item 6): the message log, its payload arena, the atoms' texts and
// the partitions' logs grow by chunks instead of doubling, and share what was frozen with their copies.
// What is asserted: under random appends (one element, ranges, ranges of its own elements), shrinks,
// growths, reserves, freezes and copies — copies of copies, appended to on their own — every vector
// reads exactly as a std::vector given the same operations; every range appended by one call reads as
// one contiguous span; a copy made after a freeze copies no element, and nothing appended to the
// original or to another copy afterwards changes what it reads; no element ever moves (a string's
// view stays valid).

#include "base/sharedprefixvector.h"

#include <QTest>
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace eventloom;

namespace {
struct Item {
    std::uint64_t a = 0;
    std::uint32_t b = 0;
    bool operator==(const Item&) const = default;
};

/// One vector under test, its reference, and the ranges appended to it by one call.
struct Pair {
    SharedPrefixVector<Item> v;
    std::vector<Item> ref;
    std::vector<std::pair<std::size_t, std::size_t>> ranges; ///< (begin, count)
};

/// The vector reads as its reference (by index, by iterator, and each appended range as one span). Each
/// comparison is plain C++ and only a difference reaches QVERIFY2: a QVERIFY per element cost 90 % of the suite.
void expectEqual(const Pair& p, int step)
{
    QVERIFY2(p.v.size() == p.ref.size(), qPrintable(QStringLiteral("step %1").arg(step)));
    for (std::size_t i = 0; i < p.ref.size(); ++i)
        if (!(p.v[i] == p.ref[i]))
            QFAIL(qPrintable(QStringLiteral("step %1, element %2").arg(step).arg(i)));
    std::size_t i = 0;
    for (const Item& item : p.v)
        if (!(item == p.ref[i++]))
            QFAIL(qPrintable(QStringLiteral("step %1, iterated element %2").arg(step).arg(i - 1)));
    QCOMPARE(i, p.ref.size());
    for (const auto& [begin, count] : p.ranges) {
        if (begin + count > p.ref.size())
            continue;
        const std::span<const Item> s = p.v.span(begin, count);
        for (std::size_t k = 0; k < count; ++k)
            if (!(s[k] == p.ref[begin + k]))
                QFAIL(qPrintable(QStringLiteral("step %1, range %2+%3").arg(step).arg(begin).arg(k)));
    }
}
}

class TestSharedPrefixVector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void equalsAVectorUnderRandomOperations_data()
    {
        QTest::addColumn<unsigned>("seed");
        for (unsigned seed : { 1u, 2u, 3u, 7u, 42u, 1234u })
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
    }
    void equalsAVectorUnderRandomOperations()
    {
        QFETCH(unsigned, seed);
        std::mt19937_64 random(seed);
        auto below = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
        std::vector<Pair> pairs(1);
        std::vector<std::size_t> frozen(1, 0); // per pair: what it may not shrink below
        std::uint64_t next = 0;
        for (int step = 0; step < 6000; ++step) {
            const std::size_t which = below(pairs.size());
            Pair& p = pairs[which];
            const std::size_t op = below(100);
            if (op < 45) { // one element
                const Item item { ++next, static_cast<std::uint32_t>(step) };
                QVERIFY(p.v.push_back(item) == item);
                p.ref.push_back(item);
            } else if (op < 70) { // a range, up to a few hundred (larger than a small chunk)
                std::vector<Item> items(below(op < 68 ? 12 : 400) + 1);
                for (Item& item : items)
                    item = { ++next, static_cast<std::uint32_t>(step) };
                p.ranges.emplace_back(p.v.append(items), items.size());
                QCOMPARE(p.ranges.back().first, p.ref.size());
                p.ref.insert(p.ref.end(), items.begin(), items.end());
            } else if (op < 78 && !p.ranges.empty()) { // a range of its own elements, as a payload copied
                const auto [begin, count] = p.ranges[below(p.ranges.size())];
                if (begin + count <= p.ref.size()) {
                    p.ranges.emplace_back(p.v.append(p.v.span(begin, count)), count);
                    p.ref.insert(p.ref.end(), p.ref.begin() + static_cast<std::ptrdiff_t>(begin),
                        p.ref.begin() + static_cast<std::ptrdiff_t>(begin + count));
                }
            } else if (op < 81) { // insert from iterators
                std::vector<Item> items(below(20));
                for (Item& item : items)
                    item = { ++next, 0 };
                p.v.insert(p.v.end(), items.begin(), items.end());
                p.ref.insert(p.ref.end(), items.begin(), items.end());
            } else if (op < 84) { // shrink, never below the frozen part
                const std::size_t n = frozen[which] + below(p.ref.size() - frozen[which] + 1);
                p.v.resize(n);
                p.ref.resize(n);
                std::erase_if(p.ranges, [n](const auto& r) { return r.first + r.second > n; });
            } else if (op < 86) { // grow
                const std::size_t n = p.ref.size() + below(30);
                p.v.resize(n);
                p.ref.resize(n);
            } else if (op < 88) {
                p.v.reserve(p.ref.size() + below(100));
                QVERIFY(p.v.capacity() >= p.v.size());
            } else if (op < 89) {
                p.v.shrink_to_fit();
            } else if (op < 93) { // mutate what was appended since the last freeze
                if (p.ref.size() > frozen[which]) {
                    const std::size_t i = frozen[which] + below(p.ref.size() - frozen[which]);
                    p.v.mutableAt(i).b = 999;
                    p.ref[i].b = 999;
                }
            } else if (op < 97 && pairs.size() < 12) { // a fork: freeze, then copy
                p.v.freeze();
                frozen[which] = p.ref.size();
                Pair copy { p.v, p.ref, p.ranges };
                QCOMPARE(copy.v.sharedBytes(), copy.ref.size() * sizeof(Item));
                QVERIFY(copy.v.ownBytes() < 4096); // the chunks' pointers, no element
                pairs.push_back(std::move(copy));
                frozen.push_back(pairs.back().ref.size());
            } else if (pairs.size() < 12) { // a copy without a freeze: what was appended since is copied
                Pair copy { pairs[which].v, pairs[which].ref, pairs[which].ranges };
                pairs.push_back(std::move(copy));
                frozen.push_back(frozen[which]);
            } else { // drop a copy (never the first)
                if (which > 0) {
                    pairs.erase(pairs.begin() + static_cast<std::ptrdiff_t>(which));
                    frozen.erase(frozen.begin() + static_cast<std::ptrdiff_t>(which));
                }
            }
            if (step % 97 == 0)
                for (const Pair& each : pairs) {
                    expectEqual(each, step);
                    if (QTest::currentTestFailed())
                        return;
                }
        }
        for (const Pair& each : pairs)
            expectEqual(each, -1);
        SharedPrefixVector<Item> moved = std::move(pairs.front().v);
        QCOMPARE(moved.size(), pairs.front().ref.size());
        QCOMPARE(pairs.front().v.size(), std::size_t(0));
    }

    // A copy made after a freeze shares the original's last chunk, which the original goes on filling:
    // the copy still reads what it had, and its own appends go elsewhere.
    void copiesDoNotSeeLaterAppends()
    {
        SharedPrefixVector<Item> original;
        for (std::uint32_t i = 0; i < 10; ++i)
            original.push_back({ i, i });
        original.freeze();
        SharedPrefixVector<Item> copy = original;
        for (std::uint32_t i = 10; i < 5000; ++i)
            original.push_back({ i, i });
        copy.push_back({ 77, 77 });
        QCOMPARE(copy.size(), std::size_t(11));
        QVERIFY(copy[10] == (Item { 77, 77 }));
        QVERIFY(original[10] == (Item { 10, 10 }));
        for (std::uint32_t i = 0; i < 5000; ++i)
            if (!(original[i] == Item { i, i }))
                QFAIL(qPrintable(QStringLiteral("element %1").arg(i)));
        SharedPrefixVector<Item> copyOfCopy = copy; // not frozen since the append: copied
        copyOfCopy.mutableAt(10).b = 5;
        QCOMPARE(copy[10].b, 77u);
    }

    // No element moves as the vector grows: views into its strings stay valid (the atom table).
    void elementsNeverMove()
    {
        SharedPrefixVector<std::string> texts;
        std::vector<const char*> where;
        for (int i = 0; i < 100000; ++i) {
            where.push_back(texts.push_back(std::to_string(i)).data());
            if (i % 1000 == 0)
                texts.freeze();
        }
        for (int i = 0; i < 100000; ++i)
            if (const std::string& text = texts[static_cast<std::size_t>(i)];
                text.data() != where[static_cast<std::size_t>(i)] || text != std::to_string(i))
                QFAIL(qPrintable(QStringLiteral("element %1 moved or changed").arg(i)));
    }

    // A follower (RunRecorder's writer thread) fed frozenTail() after each freeze reads exactly what was
    // frozen, shares every chunk (owns no element), and keeps reading it on another thread while the
    // original goes on appending into the same last chunk.
    void aFollowerReadsWhatWasFrozenAndCopiesNothing()
    {
        std::mt19937_64 random(5);
        SharedPrefixVector<Item> original;
        SharedPrefixVector<Item> follower;
        std::vector<Item> ref;
        std::size_t sent = 0;
        std::uint64_t next = 0;
        for (int round = 0; round < 300; ++round) {
            // Single elements and ranges, some larger than a chunk so far.
            const std::size_t n = random() % 3 == 0 ? 1 + random() % 3000 : 1 + random() % 40;
            std::vector<Item> items(n);
            for (Item& item : items)
                item = { ++next, static_cast<std::uint32_t>(round) };
            if (n == 1)
                original.push_back(items.front());
            else
                original.append(items);
            ref.insert(ref.end(), items.begin(), items.end());
            if (random() % 4 != 0)
                continue;
            original.freeze();
            SharedPrefixVector<Item>::FrozenTail tail = original.frozenTail(sent);
            sent = tail.firstChunk + tail.chunks.size();
            const std::size_t frozen = ref.size();
            // The follower reads on its own thread while this one appends past what was frozen.
            bool readAsFrozen = false;
            std::thread reader([&follower, tail = std::move(tail), &ref, frozen, &readAsFrozen] {
                follower.follow(tail);
                readAsFrozen = follower.size() == frozen && std::equal(follower.begin(), follower.end(), ref.begin());
            });
            std::vector<Item> more(1 + random() % 50);
            for (Item& item : more)
                item = { ++next, static_cast<std::uint32_t>(round) };
            original.append(more);
            reader.join();
            QVERIFY2(readAsFrozen, qPrintable(QStringLiteral("round %1").arg(round)));
            QCOMPARE(follower.size(), frozen);
            for (std::size_t i = 0; i < frozen; ++i)
                if (!(follower[i] == ref[i]))
                    QFAIL(qPrintable(QStringLiteral("round %1, element %2").arg(round).arg(i)));
            QCOMPARE(follower.sharedBytes(), frozen * sizeof(Item));
            QVERIFY(follower.ownBytes() < 16 * 1024); // the chunks' pointers, no element
            ref.insert(ref.end(), more.begin(), more.end());
        }
        QVERIFY(sent > 3);
    }

    // Chunks grow with the vector, so a long one wastes at most a chunk and a short one little.
    void growsWithoutDoubling()
    {
        SharedPrefixVector<Item> v;
        for (std::uint32_t i = 0; i < 1'000'000; ++i)
            v.push_back({ i, i });
        QVERIFY(v.capacity() - v.size() <= SharedPrefixVector<Item>::kMaxChunk);
        SharedPrefixVector<Item> small;
        for (std::uint32_t i = 0; i < 100; ++i)
            small.push_back({ i, i });
        QVERIFY(small.capacity() <= 100 + 100 / 4 + SharedPrefixVector<Item>::kMinChunk);
    }
};

QTEST_GUILESS_MAIN(TestSharedPrefixVector)
#include "tst_sharedprefixvector.moc"
