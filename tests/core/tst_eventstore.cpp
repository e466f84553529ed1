#include "testservices.h"

#include "eventstore/copyableaggregate.h"
#include "eventstore/eventstore.h"
#include "services/eventstoretrace.h"

#include <QJsonDocument>
#include <QTest>
#include <array>
#include <deque>
#include <string>

using namespace eventloom;
using namespace eventloom::test;

namespace {
/// A small aggregate whose state pins down exactly which events were folded, in which order.
class Tally : public CopyableAggregate<Tally> {
public:
    explicit Tally(Atom amountKey = 0)
        : m_amountKey(amountKey)
    {
    }
    void apply(const StoredEvent& event, const EventLog& log) override
    {
        ++count;
        const Value amount = event.field(log, m_amountKey);
        if (amount.type == Value::Type::Int)
            sum += amount.i;
        lastType = event.type;
        lastVersion = event.version;
        // Order-sensitive, so folding the right events in the wrong order shows.
        digest = (digest ^ event.position) * 0x100000001B3ull + event.version;
    }
    QJsonObject state() const override
    {
        return { { QStringLiteral("count"), count }, { QStringLiteral("sum"), static_cast<qint64>(sum) },
            { QStringLiteral("lastType"), static_cast<qint64>(lastType) },
            { QStringLiteral("lastVersion"), static_cast<qint64>(lastVersion) },
            { QStringLiteral("digest"), QString::number(digest, 16) } };
    }
    bool operator==(const Tally& o) const
    {
        return count == o.count && sum == o.sum && lastType == o.lastType && lastVersion == o.lastVersion
            && digest == o.digest;
    }

    int count = 0;
    std::int64_t sum = 0;
    Atom lastType = 0;
    std::uint32_t lastVersion = 0;
    std::uint64_t digest = 0xCBF29CE484222325ull;

private:
    Atom m_amountKey;
};

char* toString(const Tally& t) // found by QCOMPARE through ADL, for readable failures
{
    return qstrdup(QJsonDocument(t.state()).toJson(QJsonDocument::Compact).constData());
}

/// A log, a store and helpers to append events with an `amount` payload.
struct Fixture {
    EventLog log;
    EventStore store;
    Atom amount = log.atoms().intern("amount");
    Atom deposited = log.atoms().intern("Deposited");
    std::deque<std::array<Field, 1>> payloads; // per event; NewEvent borrows them, so they must not move

    Atom stream(const std::string& name) { return log.atoms().intern(name); }
    NewEvent event(std::uint64_t id, std::int64_t value, Atom type = 0)
    {
        payloads.push_back({ Field { amount, Value::integer(value) } });
        NewEvent e;
        e.idHi = id;
        e.idLo = ~id;
        e.type = type ? type : deposited;
        e.payload = payloads.back();
        return e;
    }
    EventStore::AppendResult append(Atom s, ExpectedVersion expected, std::vector<NewEvent> events, SimTime t = 0)
    {
        return store.append(log, s, expected, events, t);
    }
    Tally fresh() const { return Tally(amount); }
    /// A fold of the store's global log, filtered: independent of the per-stream index and of snapshots.
    template <class Keep>
    Tally referenceFold(Atom s, Keep keep) const
    {
        Tally t = fresh();
        for (const StoredEvent& e : store.events())
            if (e.stream == s && keep(e))
                t.apply(e, log);
        return t;
    }
};

/// Everything a read could change, as text.
QString dump(const EventStore& store, const EventLog& log)
{
    QString out;
    for (const StoredEvent& e : store.events())
        out += QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
                   .arg(e.position)
                   .arg(e.stream)
                   .arg(e.version)
                   .arg(e.time)
                   .arg(e.type)
                   .arg(e.idHi)
                   .arg(e.idLo)
                   .arg(e.causation)
                   .arg(QString::fromUtf8(QJsonDocument(log.toJson(e.payloadValue()).toObject()).toJson()));
    for (const Atom s : store.streams()) {
        out += QStringLiteral("stream %1 v%2:").arg(s).arg(store.version(s));
        for (const EventStore::Snapshot& snapshot : store.snapshots(s))
            out += QStringLiteral(" @%1/%2 %3")
                       .arg(snapshot.version)
                       .arg(snapshot.position)
                       .arg(QString::fromUtf8(QJsonDocument(snapshot.state->state()).toJson(QJsonDocument::Compact)));
        out += QLatin1Char('\n');
    }
    out += QStringLiteral("arena %1\n").arg(log.arena().size());
    return out;
}

/// A random history: `streams` streams, `events` events in batches of 1–3, time advancing by 0–3 ms
/// (so several events share a time), exact or Any expectations, some retries that add nothing.
void randomHistory(Fixture& f, std::uint64_t seed, int streams, int events)
{
    RandomStream random(seed);
    std::vector<Atom> ids;
    for (int i = 0; i < streams; ++i)
        ids.push_back(f.stream("account-" + std::to_string(i)));
    SimTime t = 0;
    std::uint64_t nextId = 1;
    int stored = 0;
    while (stored < events) {
        t += random.uniformInt(0, 3) * kMillisecond;
        const Atom s = ids[static_cast<std::size_t>(random.uniformInt(0, streams - 1))];
        std::vector<NewEvent> batch;
        const auto size = random.uniformInt(1, 3);
        for (int i = 0; i < size; ++i)
            batch.push_back(f.event(nextId++, random.uniformInt(-50, 100)));
        const ExpectedVersion expected
            = random.chance(0.5) ? ExpectedVersion::exact(f.store.version(s)) : ExpectedVersion::Any;
        const auto result = f.store.append(f.log, s, expected, batch, t);
        QVERIFY(result.ok());
        stored += static_cast<int>(result.appended);
        if (random.chance(0.1)) // a retry of the same batch: must add nothing
            QCOMPARE(f.store.append(f.log, s, expected, batch, t).status, EventStore::AppendStatus::AlreadyAppended);
    }
}

/// On every handled Tick, appends one event to stream "acc-<key>" with the version it last saw there,
/// through EventStoreTrace. Two of these share one store: the second to handle a Tick has a stale
/// version, gets a conflict, reloads and retries; then it retries that append once more, as if the
/// acknowledgement had been lost — which must add nothing.
class Writer : public Service {
public:
    Writer(EventStore& store, std::uint32_t index)
        : m_store(&store)
        , m_index(index)
    {
    }
    HandleResult handle(ServiceContext& ctx, const Event& message) override
    {
        std::string name = "acc-";
        name += ctx.log().text(message.key);
        const Atom stream = ctx.intern(name);
        std::uint32_t& seen = m_seen[stream];
        PayloadBuilder payload(ctx.log());
        payload.setInt("amount", 1);
        const NewEvent event = NewEvent::causedBy(message, m_index, ctx.intern("Counted"), payload.fields());
        auto result = EventStoreTrace::append(ctx, *m_store, stream, ExpectedVersion::exact(seen), event);
        if (result.status == EventStore::AppendStatus::Conflict) {
            ++conflicts;
            seen = result.version; // "reload", then retry once with what is actually there
            result = EventStoreTrace::append(ctx, *m_store, stream, ExpectedVersion::exact(seen), event);
        }
        if (!result.ok())
            return { HandleOutcome::Failed, ctx.intern("conflict") };
        seen = result.version;
        const auto retry = EventStoreTrace::append(ctx, *m_store, stream, ExpectedVersion::exact(seen - 1), event);
        if (retry.status != EventStore::AppendStatus::AlreadyAppended)
            return { HandleOutcome::Failed, ctx.intern("retry stored twice") };
        return {};
    }
    int conflicts = 0;

private:
    EventStore* m_store;
    std::uint32_t m_index;
    std::map<Atom, std::uint32_t> m_seen;
};

/// Two Writers sharing one store (snapshots every 4), fed 40 ticks over 5 keys, run to the end.
struct WriterRun {
    explicit WriterRun(std::uint64_t seed)
        : sim(seed)
        , prototype(sim.mutableLog().atoms().intern("amount"))
    {
        store.setSnapshotPolicy(4, [this](Atom) { return prototype.clone(); });
        sim.addTopic("ticks", 2, 500);
        sim.addService("producer", std::make_unique<Producer>("ticks", 40, kMillisecond, 5), LatencyModel::fixed(0));
        const char* names[2] = { "writer-a", "writer-b" };
        const SimTime processing[2] = { 300, 700 };
        for (std::uint32_t i = 0; i < 2; ++i) {
            auto writer = std::make_unique<Writer>(store, i);
            writers[i] = writer.get();
            services[i] = sim.addService(names[i], std::move(writer), LatencyModel::fixed(processing[i]));
            sim.subscribe(services[i], "ticks", names[i]);
        }
        sim.addObserver(&trace);
        sim.runToQuiescence();
    }

    EventStore store; // before the simulation, which owns the writers that point to it
    Simulation sim;
    Tally prototype;
    TraceCollector trace;
    Writer* writers[2] = {};
    std::uint16_t services[2] = {};
};
}

class TestEventStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appendThenLoadFolds()
    {
        Fixture f;
        const Atom a = f.stream("order-1");
        const Atom b = f.stream("order-2");
        const Atom created = f.stream("OrderCreated");
        NewEvent first = f.event(1, 10, created);
        first.causation = 7;
        auto r = f.append(a, ExpectedVersion::NoStream, { first, f.event(2, 5) }, 100);
        QCOMPARE(r.status, EventStore::AppendStatus::Appended);
        QCOMPARE(r.version, 2u);
        QCOMPARE(r.appended, 2u);
        QCOMPARE(r.firstPosition, 0u);
        r = f.append(b, ExpectedVersion::Any, { f.event(3, 1) }, 200);
        QCOMPARE(r.version, 1u);
        QCOMPARE(r.firstPosition, 2u);
        r = f.append(a, ExpectedVersion::exact(2), { f.event(4, -3) }, 300);
        QCOMPARE(r.version, 3u);
        QCOMPARE(r.firstPosition, 3u);

        QCOMPARE(f.store.size(), std::size_t(4));
        QCOMPARE(f.store.version(a), 3u);
        QCOMPARE(f.store.version(b), 1u);
        QCOMPARE(f.store.version(f.stream("order-3")), 0u);
        const auto streamA = f.store.streamPositions(a);
        const std::vector<std::uint32_t> positions(streamA.begin(), streamA.end());
        QCOMPARE(positions, (std::vector<std::uint32_t> { 0, 1, 3 }));

        const StoredEvent& e = f.store.streamEvent(a, 1);
        QCOMPARE(e.stream, a);
        QCOMPARE(e.version, 1u);
        QCOMPARE(e.position, 0u);
        QCOMPARE(e.time, SimTime(100));
        QCOMPARE(e.type, created);
        QCOMPARE(e.idHi, std::uint64_t(1));
        QCOMPARE(e.idLo, ~std::uint64_t(1));
        QCOMPARE(e.causation, 7u);
        QCOMPARE(f.store.streamEvent(a, 2).causation, kNoMessage);
        QCOMPARE(e.field(f.log, f.amount).i, std::int64_t(10));
        QCOMPARE(f.log.toJson(e.payloadValue()).toObject().value(QStringLiteral("amount")).toInt(), 10);
        for (std::uint32_t p = 0; p < f.store.size(); ++p)
            QCOMPARE(f.store.at(p).position, p);

        Tally t = f.fresh();
        const auto loaded = f.store.load(a, t, f.log);
        QCOMPARE(loaded.version, 3u);
        QCOMPARE(loaded.applied, 3u);
        QCOMPARE(t.count, 3);
        QCOMPARE(t.sum, std::int64_t(12));
        QCOMPARE(t.lastVersion, 3u);
        QCOMPARE(t.state().value(QStringLiteral("sum")).toInt(), 12);

        Tally none = f.fresh();
        QCOMPARE(f.store.load(f.stream("order-3"), none, f.log).version, 0u);
        QCOMPARE(none, f.fresh());
    }

    void expectedVersion_data()
    {
        QTest::addColumn<int>("existing"); // events already in the stream
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("exact");
        QTest::addColumn<bool>("accepted");

        const int any = int(ExpectedVersion::Kind::Any);
        const int none = int(ExpectedVersion::Kind::NoStream);
        const int exists = int(ExpectedVersion::Kind::StreamExists);
        const int exact = int(ExpectedVersion::Kind::Exact);
        QTest::newRow("any, new stream") << 0 << any << 0 << true;
        QTest::newRow("any, existing stream") << 3 << any << 0 << true;
        QTest::newRow("no stream, new stream") << 0 << none << 0 << true;
        QTest::newRow("no stream, existing stream") << 3 << none << 0 << false;
        QTest::newRow("stream exists, new stream") << 0 << exists << 0 << false;
        QTest::newRow("stream exists, existing stream") << 3 << exists << 0 << true;
        QTest::newRow("exact 0 = no stream, new stream") << 0 << exact << 0 << true;
        QTest::newRow("exact 0, existing stream") << 3 << exact << 0 << false;
        QTest::newRow("exact current") << 3 << exact << 3 << true;
        QTest::newRow("exact behind") << 3 << exact << 2 << false;
        QTest::newRow("exact ahead") << 3 << exact << 4 << false;
        QTest::newRow("exact 1, new stream") << 0 << exact << 1 << false;
    }

    void expectedVersion()
    {
        QFETCH(int, existing);
        QFETCH(int, kind);
        QFETCH(int, exact);
        QFETCH(bool, accepted);
        ExpectedVersion expected = ExpectedVersion::exact(static_cast<std::uint32_t>(exact));
        switch (static_cast<ExpectedVersion::Kind>(kind)) {
        case ExpectedVersion::Kind::Any:
            expected = ExpectedVersion::Any;
            break;
        case ExpectedVersion::Kind::NoStream:
            expected = ExpectedVersion::NoStream;
            break;
        case ExpectedVersion::Kind::StreamExists:
            expected = ExpectedVersion::StreamExists;
            break;
        case ExpectedVersion::Kind::Exact:
            break;
        }

        Fixture f;
        const Atom s = f.stream("order-1");
        for (int i = 0; i < existing; ++i)
            QVERIFY(f.append(s, ExpectedVersion::Any, { f.event(100 + i, 1) }).ok());
        const std::size_t arena = f.log.arena().size();
        const auto r = f.append(s, expected, { f.event(1, 1), f.event(2, 2) });
        QCOMPARE(r.ok(), accepted);
        QCOMPARE(r.expected, expected);
        if (accepted) {
            QCOMPARE(r.status, EventStore::AppendStatus::Appended);
            QCOMPARE(r.version, std::uint32_t(existing + 2));
            QCOMPARE(f.store.size(), std::size_t(existing + 2));
        } else {
            QCOMPARE(r.status, EventStore::AppendStatus::Conflict);
            QCOMPARE(r.version, std::uint32_t(existing)); // the actual version
            QCOMPARE(r.appended, 0u);
            QCOMPARE(r.firstPosition, kNoPosition);
            QCOMPARE(f.store.size(), std::size_t(existing)); // nothing stored
            QCOMPARE(f.log.arena().size(), arena); // not even a payload
            QCOMPARE(f.store.hasStream(s), existing > 0); // and no empty stream created
        }
    }

    void sameExpectedVersionExactlyOneWins_data()
    {
        QTest::addColumn<int>("existing");
        QTest::addColumn<int>("batch");
        QTest::newRow("new stream, one event each") << 0 << 1;
        QTest::newRow("new stream, batches of 3") << 0 << 3;
        QTest::newRow("version 5, one event each") << 5 << 1;
        QTest::newRow("version 5, batches of 2") << 5 << 2;
    }

    void sameExpectedVersionExactlyOneWins()
    {
        QFETCH(int, existing);
        QFETCH(int, batch);
        Fixture f;
        const Atom s = f.stream("order-1");
        for (int i = 0; i < existing; ++i)
            QVERIFY(f.append(s, ExpectedVersion::Any, { f.event(1000 + i, 1) }).ok());

        // Two writers loaded the same version and decided independently.
        Tally seenByA = f.fresh();
        Tally seenByB = f.fresh();
        const std::uint32_t versionA = f.store.load(s, seenByA, f.log).version;
        const std::uint32_t versionB = f.store.load(s, seenByB, f.log).version;
        QCOMPARE(versionA, versionB);
        std::vector<NewEvent> fromA;
        std::vector<NewEvent> fromB;
        for (int i = 0; i < batch; ++i) {
            fromA.push_back(f.event(1 + i, 10));
            fromB.push_back(f.event(100 + i, 20));
        }
        const auto a = f.append(s, ExpectedVersion::exact(versionA), fromA, 1);
        const auto b = f.append(s, ExpectedVersion::exact(versionB), fromB, 1);
        QCOMPARE(a.status, EventStore::AppendStatus::Appended);
        QCOMPARE(b.status, EventStore::AppendStatus::Conflict);
        QCOMPARE(b.version, std::uint32_t(existing + batch)); // what B must reload to
        QCOMPARE(f.store.version(s), std::uint32_t(existing + batch));
        for (const StoredEvent& e : f.store.events())
            QVERIFY(e.idHi < 100 || e.idHi >= 1000); // none of B's

        // B reloads and retries: now it goes through, after A's events.
        Tally reloaded = f.fresh();
        const std::uint32_t version = f.store.load(s, reloaded, f.log).version;
        QCOMPARE(version, b.version);
        const auto retry = f.append(s, ExpectedVersion::exact(version), fromB, 2);
        QCOMPARE(retry.status, EventStore::AppendStatus::Appended);
        QCOMPARE(retry.version, std::uint32_t(existing + 2 * batch));
    }

    void retryWithSameIdAddsNothing()
    {
        Fixture f;
        const Atom s = f.stream("order-1");
        const Atom other = f.stream("order-2");
        const auto first = f.append(s, ExpectedVersion::NoStream, { f.event(1, 10), f.event(2, 20) });
        QCOMPARE(first.version, 2u);
        const std::size_t arena = f.log.arena().size();

        // The same append again (the acknowledgement was lost): nothing added, and no conflict although
        // the expectation no longer holds.
        auto r = f.append(s, ExpectedVersion::NoStream, { f.event(1, 10), f.event(2, 20) });
        QCOMPARE(r.status, EventStore::AppendStatus::AlreadyAppended);
        QVERIFY(r.ok());
        QCOMPARE(r.version, 2u);
        QCOMPARE(r.appended, 0u);
        QCOMPARE(r.duplicates, 2u);
        QCOMPARE(f.store.size(), std::size_t(2));
        QCOMPARE(f.log.arena().size(), arena);
        r = f.append(s, ExpectedVersion::Any, { f.event(2, 999) });
        QCOMPARE(r.status, EventStore::AppendStatus::AlreadyAppended);
        QCOMPARE(f.store.size(), std::size_t(2));

        // A batch that repeats one id and brings a new one: the new one is stored, once.
        r = f.append(s, ExpectedVersion::exact(2), { f.event(2, 20), f.event(3, 30), f.event(3, 30) });
        QCOMPARE(r.status, EventStore::AppendStatus::Appended);
        QCOMPARE(r.appended, 1u);
        QCOMPARE(r.duplicates, 2u);
        QCOMPARE(r.version, 3u);
        // ...and its expectation is still checked.
        r = f.append(s, ExpectedVersion::exact(2), { f.event(3, 30), f.event(4, 40) });
        QCOMPARE(r.status, EventStore::AppendStatus::Conflict);
        QCOMPARE(r.version, 3u);

        // Ids are per stream: the same id in another stream is another event.
        r = f.append(other, ExpectedVersion::NoStream, { f.event(1, 10) });
        QCOMPARE(r.status, EventStore::AppendStatus::Appended);
        QCOMPARE(f.store.size(), std::size_t(4));

        Tally t = f.fresh();
        f.store.load(s, t, f.log);
        QCOMPARE(t.sum, std::int64_t(60));
    }

    void zeroIdsAreMintedAndNeverDeduplicated()
    {
        Fixture f;
        const Atom s = f.stream("order-1");
        NewEvent e = f.event(0, 1);
        e.idLo = 0;
        QCOMPARE(f.append(s, ExpectedVersion::Any, { e, e }).appended, 2u);
        QCOMPARE(f.append(s, ExpectedVersion::Any, { e }).appended, 1u);
        const StoredEvent& a = f.store.at(0);
        const StoredEvent& b = f.store.at(1);
        QVERIFY(a.idHi != 0 || a.idLo != 0);
        QVERIFY(a.idHi != b.idHi || a.idLo != b.idLo);
    }

    void causedByDerivesStableIds()
    {
        Event message;
        message.idHi = 0x1234;
        message.idLo = 0x5678;
        message.seq = 42;
        const NewEvent a = NewEvent::causedBy(message, 0, 1, {});
        const NewEvent again = NewEvent::causedBy(message, 0, 1, {});
        const NewEvent second = NewEvent::causedBy(message, 1, 1, {});
        QCOMPARE(a.idHi, again.idHi);
        QCOMPARE(a.idLo, again.idLo);
        QVERIFY(a.idHi != second.idHi || a.idLo != second.idLo);
        QCOMPARE(a.causation, 42u);
        QCOMPARE((a.idHi >> 12) & 0xF, std::uint64_t(8)); // version-8 UUID
    }

    void payloadMayBeAnotherPayloadOfTheArena()
    {
        // Appending a message's own payload: the fields live in the arena that the append grows.
        Fixture f;
        PayloadBuilder builder(f.log);
        builder.setInt("amount", 77).setString("note", "as published");
        Event message;
        const Event& logged = f.log.append(message, builder.fields(), 1);
        f.log.arena().shrink_to_fit(); // full, so the copy must reallocate
        NewEvent e = f.event(1, 0);
        e.payload = f.log.payload(logged);
        QVERIFY(f.append(f.stream("order-1"), ExpectedVersion::Any, { e }).ok());
        const QJsonObject stored = f.log.toJson(f.store.at(0).payloadValue()).toObject();
        QCOMPARE(stored.value(QStringLiteral("amount")).toInt(), 77);
        QCOMPARE(stored.value(QStringLiteral("note")).toString(), QStringLiteral("as published"));
    }

    void streamsAreListedInCreationOrder()
    {
        Fixture f;
        const std::vector<Atom> atoms { f.stream("a"), f.stream("b"), f.stream("c"), f.stream("d") };
        const std::vector<Atom> order { atoms[2], atoms[0], atoms[3], atoms[1] };
        std::uint64_t id = 1;
        for (const Atom s : order)
            f.append(s, ExpectedVersion::Any, { f.event(id++, 1) });
        f.append(atoms[0], ExpectedVersion::Any, { f.event(id++, 1) }); // appending again moves nothing
        QCOMPARE(std::vector<Atom>(f.store.streams().begin(), f.store.streams().end()), order);
        QVERIFY(f.append(atoms[1], ExpectedVersion::Any, {}).ok()); // an empty batch creates no stream...
        QVERIFY(!f.append(f.stream("e"), ExpectedVersion::StreamExists, {}).ok()); // ...but is checked
        QVERIFY(f.append(f.stream("e"), ExpectedVersion::Any, {}).ok());
        QVERIFY(!f.store.hasStream(f.stream("e")));
        QCOMPARE(f.store.streams().size(), std::size_t(4));
    }

    void snapshotsEveryN_data()
    {
        QTest::addColumn<int>("every");
        QTest::addColumn<int>("maxBatch");
        QTest::newRow("off") << 0 << 3;
        QTest::newRow("every event") << 1 << 1;
        QTest::newRow("every 3, single appends") << 3 << 1;
        QTest::newRow("every 3, batches up to 7") << 3 << 7;
        QTest::newRow("every 10, batches up to 4") << 10 << 4;
    }

    void snapshotsEveryN()
    {
        QFETCH(int, every);
        QFETCH(int, maxBatch);
        Fixture f;
        f.store.setSnapshotPolicy(static_cast<std::uint32_t>(every), [&f](Atom) { return f.fresh().clone(); });
        const Atom s = f.stream("order-1");
        RandomStream random(7);
        std::uint64_t id = 1;
        std::uint32_t taken = 0;
        while (f.store.version(s) < 60) {
            std::vector<NewEvent> batch;
            for (auto i = random.uniformInt(1, maxBatch); i > 0; --i)
                batch.push_back(f.event(id++, random.uniformInt(0, 9)));
            const std::uint32_t before = f.store.version(s);
            const auto r = f.append(s, ExpectedVersion::exact(before), batch);
            QVERIFY(r.ok());
            const std::uint32_t due = every == 0 ? 0 : r.version / every - before / every;
            QCOMPARE(r.snapshots, due);
            taken += r.snapshots;
        }
        const auto snapshots = f.store.snapshots(s);
        QCOMPARE(snapshots.size(), std::size_t(taken));
        QCOMPARE(snapshots.size(), std::size_t(every == 0 ? 0 : f.store.version(s) / every));
        for (std::size_t i = 0; i < snapshots.size(); ++i) {
            const EventStore::Snapshot& snapshot = snapshots[i];
            QCOMPARE(snapshot.version, std::uint32_t((i + 1) * every));
            QCOMPARE(snapshot.position, f.store.streamEvent(s, snapshot.version).position);
            const Tally expected
                = f.referenceFold(s, [&](const StoredEvent& e) { return e.version <= snapshot.version; });
            QCOMPARE(static_cast<const Tally&>(*snapshot.state), expected);
        }
        // Loading starts from the latest snapshot and applies fewer than N events.
        Tally t = f.fresh();
        const auto loaded = f.store.load(s, t, f.log);
        QCOMPARE(t, f.referenceFold(s, [](const StoredEvent&) { return true; }));
        QCOMPARE(loaded.snapshotVersion, snapshots.empty() ? 0u : snapshots.back().version);
        if (every > 0)
            QVERIFY(loaded.applied < std::uint32_t(every));
    }

    void noSnapshotsWithoutAFactoryOrWhenItDeclines()
    {
        Fixture f;
        const Atom mine = f.stream("order-1");
        const Atom other = f.stream("saga-1");
        f.store.setSnapshotPolicy(2, [&](Atom s) { return s == mine ? f.fresh().clone() : nullptr; });
        for (std::uint64_t id = 1; id <= 6; ++id) {
            f.append(mine, ExpectedVersion::Any, { f.event(id, 1) });
            f.append(other, ExpectedVersion::Any, { f.event(id, 1) });
        }
        QCOMPARE(f.store.snapshots(mine).size(), std::size_t(3));
        QCOMPARE(f.store.snapshots(other).size(), std::size_t(0));
        f.store.setSnapshotPolicy(2, nullptr);
        f.append(mine, ExpectedVersion::Any, { f.event(7, 1), f.event(8, 1) });
        QCOMPARE(f.store.snapshots(mine).size(), std::size_t(3));
    }

    void newAggregateComesFromTheSnapshotFactory()
    {
        Fixture f;
        const Atom mine = f.stream("order-1");
        const Atom other = f.stream("saga-1");
        QVERIFY(f.store.newAggregate(mine) == nullptr); // no factory yet
        f.store.setSnapshotPolicy(2, [&](Atom s) { return s == mine ? f.fresh().clone() : nullptr; });
        for (std::uint64_t id = 1; id <= 5; ++id)
            f.append(mine, ExpectedVersion::Any, { f.event(id, static_cast<std::int64_t>(id)) });
        QVERIFY(f.store.newAggregate(other) == nullptr); // the factory declines that stream
        const std::unique_ptr<Aggregate> made = f.store.newAggregate(mine);
        QVERIFY(made != nullptr);
        QCOMPARE(static_cast<const Tally&>(*made), f.fresh()); // empty: nothing folded into it
        // What the GUI does with it: load at a version (from the snapshot at 2, then one event).
        const EventStore::LoadResult loaded = f.store.loadVersion(mine, 3, *made, f.log);
        QCOMPARE(loaded.snapshotVersion, 2u);
        QCOMPARE(loaded.applied, 1u);
        QCOMPARE(static_cast<const Tally&>(*made).sum, std::int64_t(1 + 2 + 3));
    }

    void timeTravelEqualsAFreshFold_data()
    {
        QTest::addColumn<int>("every");
        QTest::addColumn<std::uint64_t>("seed");
        QTest::newRow("no snapshots") << 0 << std::uint64_t(1);
        QTest::newRow("snapshot every event") << 1 << std::uint64_t(2);
        QTest::newRow("snapshot every 4") << 4 << std::uint64_t(3);
        QTest::newRow("snapshot every 25") << 25 << std::uint64_t(4);
        QTest::newRow("snapshot every 25, other seed") << 25 << std::uint64_t(5);
    }

    void timeTravelEqualsAFreshFold()
    {
        QFETCH(int, every);
        QFETCH(std::uint64_t, seed);
        Fixture f;
        f.store.setSnapshotPolicy(static_cast<std::uint32_t>(every), [&f](Atom) { return f.fresh().clone(); });
        randomHistory(f, seed, 12, 1500);
        const auto streams = f.store.streams();
        const SimTime end = f.store.events().back().time;
        const auto size = static_cast<std::uint32_t>(f.store.size());

        RandomStream random(seed * 1000 + 17);
        bool usedSnapshot = false;
        for (int cut = 0; cut < 400; ++cut) {
            const Atom s = streams[static_cast<std::size_t>(random.uniformInt(0, std::int64_t(streams.size()) - 1))];

            const SimTime t = random.uniformInt(-1, end + 1);
            Tally atTime = f.fresh();
            const auto byTime = f.store.loadAtTime(s, t, atTime, f.log);
            const Tally expectedAtTime = f.referenceFold(s, [t](const StoredEvent& e) { return e.time <= t; });
            QCOMPARE(atTime, expectedAtTime);
            QCOMPARE(byTime.version, std::uint32_t(expectedAtTime.count));
            QCOMPARE(byTime.version, f.store.versionAtTime(s, t));

            const auto position = static_cast<std::uint32_t>(random.uniformInt(0, size + 1));
            Tally atPosition = f.fresh();
            const auto byPosition = f.store.loadAtPosition(s, position, atPosition, f.log);
            const Tally expectedAtPosition
                = f.referenceFold(s, [position](const StoredEvent& e) { return e.position <= position; });
            QCOMPARE(atPosition, expectedAtPosition);
            QCOMPARE(byPosition.version, std::uint32_t(expectedAtPosition.count));

            // From the nearest snapshot at or before the target, plus the tail.
            for (const auto& r : { byTime, byPosition }) {
                QCOMPARE(r.snapshotVersion + r.applied, r.version);
                if (every > 0) {
                    QCOMPARE(r.snapshotVersion, r.version / every * every);
                    usedSnapshot |= r.snapshotVersion > 0;
                } else {
                    QCOMPARE(r.snapshotVersion, 0u);
                }
            }
            // Replay ignores snapshots and agrees.
            Tally replayed = f.fresh();
            const auto r = f.store.replay(s, byTime.version, replayed, f.log);
            QCOMPARE(r.applied, byTime.version);
            QCOMPARE(replayed, atTime);

            const SimTime when = random.uniformInt(-1, end + 1);
            std::uint32_t expectedSize = 0;
            for (const StoredEvent& e : f.store.events())
                expectedSize += e.time <= when ? 1 : 0;
            QCOMPARE(f.store.sizeAtTime(when), expectedSize);
        }
        QCOMPARE(usedSnapshot, every > 0);
    }

    void readsDoNotChangeTheStore()
    {
        Fixture f;
        f.store.setSnapshotPolicy(5, [&f](Atom) { return f.fresh().clone(); });
        randomHistory(f, 99, 6, 300);
        const QString before = dump(f.store, f.log);
        const EventStore& store = f.store;
        for (const Atom s : store.streams()) {
            for (std::uint32_t v = 0; v <= store.version(s) + 1; ++v) {
                Tally a = f.fresh();
                store.loadVersion(s, v, a, f.log);
                Tally b = f.fresh();
                store.loadAtPosition(s, v * 7, b, f.log);
                Tally c = f.fresh();
                store.loadAtTime(s, v * kMillisecond, c, f.log);
                Tally d = f.fresh();
                store.replay(s, v, d, f.log);
            }
            Tally e = f.fresh();
            store.load(s, e, f.log);
            (void)store.snapshots(s);
            (void)store.streamPositions(s);
        }
        QCOMPARE(dump(f.store, f.log), before);
    }

    void traceRecordsDescribeTheAppend()
    {
        Fixture f;
        f.store.setSnapshotPolicy(2, [&f](Atom) { return f.fresh().clone(); });
        const Atom s = f.stream("order-1");
        f.append(f.stream("order-0"), ExpectedVersion::Any, { f.event(50, 1) });
        auto r = f.append(s, ExpectedVersion::NoStream, { f.event(1, 1), f.event(2, 1), f.event(3, 1) });
        TraceRecord record = EventStoreTrace::appendRecord(r, s);
        QCOMPARE(record.kind, TraceKind::Appended);
        QCOMPARE(record.outcome, HandleOutcome::Ok);
        QCOMPARE(record.detail, s);
        QCOMPARE(record.aux, std::int64_t(3));
        QCOMPARE(record.offset, std::int64_t(1));
        QCOMPARE(r.snapshots, 1u);
        record = EventStoreTrace::snapshotRecord(f.store.snapshots(s).back(), s);
        QCOMPARE(record.kind, TraceKind::SnapshotTaken);
        QCOMPARE(record.aux, std::int64_t(2));
        QCOMPARE(record.offset, std::int64_t(2));
        QCOMPARE(record.detail, s);

        r = f.append(s, ExpectedVersion::exact(1), { f.event(4, 1) });
        record = EventStoreTrace::appendRecord(r, s);
        QCOMPARE(record.kind, TraceKind::AppendConflict);
        QCOMPARE(record.outcome, HandleOutcome::Rejected);
        QCOMPARE(record.aux, std::int64_t(3)); // actual
        QCOMPARE(record.offset, std::int64_t(1)); // expected
        QCOMPARE(record.detail, s);

        r = f.append(s, ExpectedVersion::Any, { f.event(3, 1) });
        record = EventStoreTrace::appendRecord(r, s);
        QCOMPARE(record.kind, TraceKind::Appended);
        QCOMPARE(record.outcome, HandleOutcome::SkippedDuplicate);
        QCOMPARE(record.aux, std::int64_t(3));
        QCOMPARE(record.offset, std::int64_t(-1));
    }

    void appendsAndConflictsReachTheTrace()
    {
        WriterRun run(11);
        const Simulation& sim = run.sim;
        const EventStore& store = run.store;
        const TraceCollector& trace = run.trace;
        const std::uint16_t a = run.services[0];
        const std::uint16_t b = run.services[1];
        Writer* const* writers = run.writers;

        // Both writers handled every tick; for each tick one of them found the stream moved on.
        for (const TraceRecord& r : trace.of(TraceKind::Handled))
            QCOMPARE(r.outcome, HandleOutcome::Ok);
        QCOMPARE(store.size(), std::size_t(80));
        QCOMPARE(store.streams().size(), std::size_t(5));
        const int conflicts = writers[0]->conflicts + writers[1]->conflicts;
        QVERIFY(conflicts > 0);
        QCOMPARE(sim.counters().appendConflicts, std::uint64_t(conflicts));

        const auto conflictRecords = trace.of(TraceKind::AppendConflict);
        QCOMPARE(conflictRecords.size(), std::size_t(conflicts));
        std::vector<TraceRecord> appended;
        std::vector<TraceRecord> retries;
        for (const TraceRecord& r : trace.of(TraceKind::Appended))
            (r.outcome == HandleOutcome::SkippedDuplicate ? retries : appended).push_back(r);
        QCOMPARE(appended.size(), std::size_t(80));
        QCOMPARE(retries.size(), std::size_t(80)); // every lost-acknowledgement retry added nothing
        for (const TraceRecord& r : appended) {
            QVERIFY(r.service == a || r.service == b);
            QVERIFY(store.hasStream(r.detail));
            QVERIFY(sim.log().text(r.detail).starts_with("acc-"));
            QCOMPARE(store.at(static_cast<std::uint32_t>(r.offset)).version, std::uint32_t(r.aux));
            QCOMPARE(store.at(static_cast<std::uint32_t>(r.offset)).stream, r.detail);
            QVERIFY(r.message != kNoMessage);
            QCOMPARE(store.at(static_cast<std::uint32_t>(r.offset)).causation, r.message);
        }
        // Each conflict is followed, in the same handling, by the successful retry at the version it reported.
        for (const TraceRecord& c : conflictRecords) {
            QCOMPARE(c.outcome, HandleOutcome::Rejected);
            QVERIFY(c.offset < c.aux); // it expected an older version than the actual one
            bool retried = false;
            for (const TraceRecord& r : appended)
                retried |= r.t == c.t && r.service == c.service && r.detail == c.detail && r.aux == c.aux + 1;
            QVERIFY(retried);
        }
        // Snapshots every 4 events per stream, each reported.
        std::size_t snapshots = 0;
        for (const Atom s : store.streams())
            snapshots += store.snapshots(s).size();
        QVERIFY(snapshots > 0);
        QCOMPARE(trace.of(TraceKind::SnapshotTaken).size(), snapshots);

        // Stored times are the simulated times of the appends.
        for (const TraceRecord& r : appended)
            QCOMPARE(store.at(static_cast<std::uint32_t>(r.offset)).time, r.t);
    }

    void sameSeedSameStoreAndTrace()
    {
        WriterRun first(5);
        WriterRun second(5);
        QCOMPARE(first.sim.fingerprint(), second.sim.fingerprint());
        QCOMPARE(dump(first.store, first.sim.log()), dump(second.store, second.sim.log()));
    }
};

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
