#include "testservices.h"

#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QRegularExpression>
#include <QTest>
#include <set>

using namespace eventloom;
using namespace eventloom::test;

namespace {
std::uint64_t runShipped(std::uint64_t seed, TraceObserver* observer = nullptr, SimTime until = 0)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::defaultPath());
    if (!loaded.ok())
        qFatal("default scenario does not load: %s", qPrintable(loaded.errors.front().toString()));
    auto sim = ScenarioBuilder::build(*loaded.scenario, seed);
    if (observer)
        sim->addObserver(observer);
    if (until > 0)
        sim->runUntil(until);
    else
        sim->runToQuiescence();
    return sim->fingerprint();
}
}

class TestDeterminism : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameFingerprint()
    {
        const std::uint64_t a = runShipped(7);
        const std::uint64_t b = runShipped(7);
        QCOMPARE(a, b);
    }
    void differentSeedsDifferentFingerprints()
    {
        QVERIFY(runShipped(7) != runShipped(8));
        QVERIFY(runShipped(1) != runShipped(2));
    }
    void observersDoNotChangeTheRun()
    {
        TraceCollector collector;
        QCOMPARE(runShipped(7, &collector), runShipped(7));
        QVERIFY(collector.records.size() > 1000);
    }
    void stepwiseEqualsRunToQuiescence()
    {
        // Pacing (GUI slices, single steps) must not change the outcome.
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::defaultPath());
        auto sim = ScenarioBuilder::build(*loaded.scenario, 7);
        SimTime t = 0;
        while (!sim->idle()) {
            t += 37'000; // arbitrary slice length
            sim->runUntil(t);
            sim->step();
        }
        QCOMPARE(sim->fingerprint(), runShipped(7));
    }
    void traceIsRecordForRecordIdentical()
    {
        TraceCollector first;
        TraceCollector second;
        runShipped(11, &first);
        runShipped(11, &second);
        QCOMPARE(first.records.size(), second.records.size());
        for (std::size_t i = 0; i < first.records.size(); ++i) {
            QCOMPARE(first.records[i].t, second.records[i].t);
            QCOMPARE(first.records[i].kind, second.records[i].kind);
            QCOMPARE(first.records[i].message, second.records[i].message);
            QCOMPARE(first.records[i].offset, second.records[i].offset);
        }
    }
    void fingerprintCoversTheWholeTrace()
    {
        // A shorter run of the same scenario must not collide with the full one.
        QVERIFY(runShipped(7, nullptr, 2 * kSecond) != runShipped(7));
    }
    /// The id's text is its 128 bits in hex, most significant first, every digit kept (leading zeros too).
    void eventIdsSpellTheirBits()
    {
        Event e;
        e.idHi = 0x0123456789abcdefull;
        e.idLo = 0xfedcba9876543210ull;
        QCOMPARE(EventLog::formatId(e), std::string("01234567-89ab-cdef-fedc-ba9876543210"));
        e.idHi = 0;
        e.idLo = 0;
        QCOMPARE(EventLog::formatId(e), std::string("00000000-0000-0000-0000-000000000000"));
        e.idHi = ~0ull;
        e.idLo = 0x000000000000000full;
        QCOMPARE(EventLog::formatId(e), std::string("ffffffff-ffff-ffff-0000-00000000000f"));
    }

    void eventIdsAreUuidShapedAndStable()
    {
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::defaultPath());
        auto a = ScenarioBuilder::build(*loaded.scenario, 7);
        auto b = ScenarioBuilder::build(*loaded.scenario, 7);
        a->runUntil(kSecond);
        b->runUntil(kSecond);
        QVERIFY(a->log().size() > 10);
        const QRegularExpression uuid(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        std::set<std::string> ids;
        for (std::uint32_t i = 0; i < a->log().size(); ++i) {
            const std::string id = EventLog::formatId(a->log().at(i));
            QVERIFY2(uuid.match(QString::fromStdString(id)).hasMatch(), id.c_str());
            QCOMPARE(id, EventLog::formatId(b->log().at(i)));
            ids.insert(id);
        }
        QCOMPARE(ids.size(), a->log().size());
    }
};

QTEST_GUILESS_MAIN(TestDeterminism)
#include "tst_determinism.moc"
