// Copy-on-write state for time travel (issue 9, B4): CowVector and CowAtomMap share their chunks with
// their copies until one of them writes, and the EventStore built on them copies in O(changed). What
// is asserted: a copy (a fork) equals its original; writing to either never changes the other; a copy
// shares every chunk until written and a write copies only the chunk it touches; the event store's
// copies load, dedupe and snapshot exactly as fresh stores with the same appends; and copies made on
// another thread while the original writes always read a consistent state.

#include "testservices.h"

#include "base/cowvector.h"
#include "eventstore/copyableaggregate.h"
#include "eventstore/eventstore.h"

#include <QTest>
#include <array>
#include <atomic>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

using namespace eventloom;
using namespace eventloom::test;

namespace {
/// Order-sensitive fold of the events' `amount`s.
class Sum : public CopyableAggregate<Sum> {
public:
    explicit Sum(Atom key)
        : m_key(key)
    {
    }
    void apply(const StoredEvent& event, const EventLog& log) override
    {
        const Value v = event.field(log, m_key);
        digest = digest * 31 + (v.type == Value::Type::Int ? v.i : -1) + event.version;
        ++count;
    }
    QJsonObject state() const override
    {
        return { { QStringLiteral("digest"), QString::number(digest) }, { QStringLiteral("count"), count } };
    }
    std::int64_t digest = 7;
    int count = 0;

private:
    Atom m_key;
};

struct Store {
    EventLog log;
    EventStore store;
    Atom amount = log.atoms().intern("amount");
    Atom type = log.atoms().intern("Deposited");
    std::deque<std::array<Field, 1>> payloads;

    Store()
    {
        store.setSnapshotPolicy(4, [this](Atom) { return std::make_unique<Sum>(amount); });
    }
    Atom stream(int n) { return log.atoms().intern("s-" + std::to_string(n)); }
    EventStore::AppendResult append(EventStore& into, Atom s, std::uint64_t id, std::int64_t value, SimTime t)
    {
        payloads.push_back({ Field { amount, Value::integer(value) } });
        NewEvent e;
        e.idHi = id;
        e.idLo = ~id;
        e.type = type;
        e.payload = payloads.back();
        return into.append(log, s, ExpectedVersion::Any, e, t);
    }
};

Sum loaded(const Store& f, const EventStore& store, Atom s, std::uint32_t version)
{
    Sum sum(f.amount);
    store.loadVersion(s, version, sum, f.log);
    return sum;
}
}

class TestCowVector : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void copyIsEqualAndShared()
    {
        CowVector<int, 4> a; // 16 per chunk
        for (int i = 0; i < 100; ++i)
            a.push_back(i * 3);
        QCOMPARE(a.size(), std::size_t(100));
        QCOMPARE(a.chunkCount(), std::size_t(7));
        QCOMPARE(a.sharedChunks(), std::size_t(0));
        const CowVector<int, 4> b = a;
        QCOMPARE(b.size(), a.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QCOMPARE(b[i], a[i]);
        QCOMPARE(a.sharedChunks(), std::size_t(7));
        QCOMPARE(b.sharedChunks(), std::size_t(7));
        QCOMPARE(std::vector<int>(b.begin(), b.end()), std::vector<int>(a.begin(), a.end()));
        QCOMPARE(b.back(), 297);
    }

    void writesToACopyStayInIt()
    {
        CowVector<int, 4> a;
        for (int i = 0; i < 64; ++i)
            a.push_back(i);
        CowVector<int, 4> b = a;
        b.mutableAt(17) = -1; // chunk 1
        QCOMPARE(a[17], 17);
        QCOMPARE(b[17], -1);
        QCOMPARE(b.sharedChunks(), std::size_t(3)); // only the chunk written to was copied
        a.mutableAt(40) = -2; // chunk 2, written by the original this time
        QCOMPARE(b[40], 40);
        QCOMPARE(a[40], -2);
        QCOMPARE(a.sharedChunks(), std::size_t(2));
        // Appends diverge too: the last chunk was full, then each grows its own.
        a.push_back(1000);
        b.push_back(2000);
        b.push_back(2001);
        QCOMPARE(a.size(), std::size_t(65));
        QCOMPARE(b.size(), std::size_t(66));
        QCOMPARE(a.back(), 1000);
        QCOMPARE(b[64], 2000);
        // A partly filled chunk that both hold: an append to one copies it first.
        CowVector<int, 4> c = b;
        c.push_back(3000);
        QCOMPARE(b.size(), std::size_t(66));
        QCOMPARE(c[66], 3000);
        b.push_back(4000);
        QCOMPARE(b[66], 4000);
        QCOMPARE(c[66], 3000);
        // Both originals' other elements are untouched.
        for (int i = 0; i < 64; ++i) {
            QCOMPARE(a[static_cast<std::size_t>(i)], i == 40 ? -2 : i);
            QCOMPARE(b[static_cast<std::size_t>(i)], i == 17 ? -1 : i);
            QCOMPARE(c[static_cast<std::size_t>(i)], i == 17 ? -1 : i);
        }
    }

    void resizeFillsAndShrinks()
    {
        CowVector<int, 4> a;
        a.resize(40, 5);
        QCOMPARE(a.size(), std::size_t(40));
        QCOMPARE(a[0], 5);
        QCOMPARE(a[39], 5);
        const CowVector<int, 4> shared = a;
        a.resize(20);
        QCOMPARE(a.size(), std::size_t(20));
        QCOMPARE(shared.size(), std::size_t(40));
        QCOMPARE(shared[25], 5);
        a.resize(30, 9); // what the shrink cut off is not read back
        QCOMPARE(a[19], 5);
        QCOMPARE(a[20], 9);
        QCOMPARE(a[29], 9);
        QCOMPARE(shared[20], 5);
        a.clear();
        QVERIFY(a.empty());
        QCOMPARE(shared.size(), std::size_t(40));
    }

    void atomMapForksIndependently()
    {
        CowAtomMap<Atom, std::int64_t, 4> m;
        QVERIFY(m.find(3) == nullptr);
        m[3] = 30;
        m[100] = 1000;
        m[1] += 10;
        QCOMPARE(m.size(), std::size_t(3));
        QCOMPARE(*m.find(3), std::int64_t(30));
        QVERIFY(m.find(2) == nullptr); // inside the range, never set
        QVERIFY(m.find(5000) == nullptr); // beyond it
        CowAtomMap<Atom, std::int64_t, 4> fork = m;
        *fork.findMutable(3) = 31;
        fork[7] = 70;
        QVERIFY(fork.erase(100));
        QVERIFY(!fork.erase(100));
        QCOMPARE(*m.find(3), std::int64_t(30));
        QVERIFY(m.find(7) == nullptr);
        QCOMPARE(*m.find(100), std::int64_t(1000));
        QCOMPARE(m.size(), std::size_t(3));
        QCOMPARE(fork.size(), std::size_t(3));
        QCOMPARE(*fork.find(3), std::int64_t(31));
        m[7] = 77; // and the other way round
        QCOMPARE(*fork.find(7), std::int64_t(70));
        QVERIFY(fork.findMutable(100) == nullptr);
    }

    void eventStoreForkIsIndependent()
    {
        Store f;
        for (int i = 0; i < 3000; ++i) // 300 streams of 10 events, interleaved: ids past kScannedIds too
            QCOMPARE(f.append(f.store, f.stream(i % 300), 1 + static_cast<std::uint64_t>(i), i, i).status,
                EventStore::AppendStatus::Appended);
        const EventStore fork = f.store; // a checkpoint
        QCOMPARE(fork.size(), f.store.size());
        QCOMPARE(fork.streams().size(), std::size_t(300));
        // The run goes on: new events, a new stream, an idempotent retry of an early and of a late event.
        const Atom s7 = f.stream(7);
        QCOMPARE(f.append(f.store, s7, 5000, 42, 3000).status, EventStore::AppendStatus::Appended);
        QCOMPARE(f.append(f.store, f.stream(999), 5001, 1, 3000).status, EventStore::AppendStatus::Appended);
        QCOMPARE(f.append(f.store, s7, 1 + 7, 7, 3001).status, EventStore::AppendStatus::AlreadyAppended); // version 1
        QCOMPARE(f.append(f.store, s7, 1 + 2707, 2707, 3001).status,
            EventStore::AppendStatus::AlreadyAppended); // version 10
        // The checkpoint did not see any of it.
        QCOMPARE(fork.size(), std::size_t(3000));
        QCOMPARE(fork.version(s7), std::uint32_t(10));
        QVERIFY(!fork.hasStream(f.stream(999)));
        QCOMPARE(f.store.version(s7), std::uint32_t(11));
        QCOMPARE(fork.snapshots(s7).size(), std::size_t(2));
        QCOMPARE(f.store.snapshots(s7).size(), std::size_t(2));
        // A fork of the checkpoint goes its own way, and the same appends give the same store.
        EventStore seek = fork;
        QCOMPARE(f.append(seek, s7, 6000, -5, 3000).status, EventStore::AppendStatus::Appended);
        QCOMPARE(f.append(seek, s7, 5000, 42, 3000).status, EventStore::AppendStatus::Appended);
        QCOMPARE(f.append(seek, s7, 6000, 0, 3000).status, EventStore::AppendStatus::AlreadyAppended);
        QCOMPARE(seek.version(s7), std::uint32_t(12));
        QCOMPARE(seek.snapshots(s7).size(), std::size_t(3));
        QCOMPARE(f.store.version(s7), std::uint32_t(11));
        QCOMPARE(f.store.streamEvent(s7, 11).idHi, std::uint64_t(5000));
        QCOMPARE(seek.streamEvent(s7, 11).idHi, std::uint64_t(6000));
        QCOMPARE(fork.version(s7), std::uint32_t(10));

        // Every load from each equals a fresh store given the same appends.
        Store fresh;
        for (int i = 0; i < 3000; ++i)
            fresh.append(fresh.store, fresh.stream(i % 300), 1 + static_cast<std::uint64_t>(i), i, i);
        fresh.append(fresh.store, fresh.stream(7), 6000, -5, 3000);
        fresh.append(fresh.store, fresh.stream(7), 5000, 42, 3000);
        for (std::uint32_t v = 0; v <= 12; ++v) {
            const Sum want = loaded(fresh, fresh.store, fresh.stream(7), v);
            const Sum got = loaded(f, seek, s7, v);
            QCOMPARE(got.digest, want.digest);
            QCOMPARE(got.count, want.count);
        }
        for (int s = 0; s < 300; s += 37) {
            QCOMPARE(loaded(f, fork, f.stream(s), 10).digest, loaded(fresh, fresh.store, fresh.stream(s), 10).digest);
            QCOMPARE(loaded(f, f.store, f.stream(s), 9).digest, loaded(fresh, fresh.store, fresh.stream(s), 9).digest);
        }
        QCOMPARE(loaded(f, f.store, s7, 11).digest, loaded(f, fork, s7, 10).digest * 31 + 42 + 11);
    }

    void copiesOnAnotherThreadReadConsistentState()
    {
        // The checkpointer's shape: one thread writes and hands out copies; another copies those and reads.
        CowVector<std::uint64_t, 6> live;
        std::vector<CowVector<std::uint64_t, 6>> handed;
        std::mutex mutex;
        std::atomic<bool> done = false;
        std::atomic<int> bad = 0, checked = 0;
        std::thread reader([&] {
            while (!done.load()) {
                CowVector<std::uint64_t, 6> copy;
                {
                    const std::lock_guard lock(mutex);
                    if (handed.empty())
                        continue;
                    copy = handed.back();
                }
                // A copy of n elements holds 0, 1, …, n - 1 in the high bits and exactly n bumps in the low
                // ones (one write per append): the writes made after it must not show.
                std::uint64_t sum = 0, bumps = 0;
                for (std::size_t i = 0; i < copy.size(); ++i) {
                    sum += copy[i] >> 20;
                    bumps += copy[i] & 0xFFFFF;
                }
                const std::uint64_t n = copy.size();
                bad += sum == n * (n - 1) / 2 && bumps == n ? 0 : 1;
                ++checked;
            }
        });
        for (std::uint64_t i = 0; i < 20'000; ++i) {
            live.push_back(i << 20);
            live.mutableAt((i * 7919) % live.size()) += 1; // low bits: writes all over
            if (i % 500 == 0) {
                const std::lock_guard lock(mutex);
                handed.push_back(live);
            }
        }
        while (checked.load() < 10)
            std::this_thread::yield();
        done = true;
        reader.join();
        QCOMPARE(bad.load(), 0);
        // And no copy was changed by the writes after it.
        for (std::size_t k = 0; k < handed.size(); ++k) {
            QCOMPARE(handed[k].size(), std::size_t(k * 500 + 1));
            std::uint64_t bumps = 0;
            for (std::size_t i = 0; i < handed[k].size(); ++i)
                bumps += handed[k][i] & 0xFFFFF;
            QCOMPARE(bumps, std::uint64_t(k * 500 + 1));
        }
    }
};

QTEST_GUILESS_MAIN(TestCowVector)
#include "tst_cowvector.moc"
