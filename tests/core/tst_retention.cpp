// Topic retention: a retention check deletes records once they are `retention` old and moves each
// partition's log-start offset; a group below it gets OffsetOutOfRange and resets by its startFrom; a
// late earliest group starts at the log start; the delivery checker counts what was deleted unread as
// expired, not lost; forks keep the log start; a run with retention is deterministic.

#include "testservices.h"

#include "check/deliverychecker.h"
#include "faults/faultinjector.h"
#include "lessons/checkstate.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QTest>
#include <map>
#include <set>

using namespace eventloom;
using namespace eventloom::test;

namespace {
struct Rig {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    Sink* sink = nullptr;
    std::uint16_t sinkService = 0;
    std::uint16_t group = kNoIndex;
};

/// `events` Ticks to "ticks" (one every millisecond from 1 ms), kept for `retention`; a sink that takes
/// `processing` per record, subscribed from the start unless `subscribed` is false.
std::unique_ptr<Rig> rig(int events, int partitions, SimTime retention, SimTime processing, bool subscribed = true,
    StartFrom start = StartFrom::Earliest)
{
    auto r = std::make_unique<Rig>();
    r->sim = std::make_unique<Simulation>(7);
    r->sim->addTopic("ticks", partitions, 500, retention);
    r->sim->addService(
        "producer", std::make_unique<Producer>("ticks", events, kMillisecond, 4), LatencyModel::fixed(0));
    auto sink = std::make_unique<Sink>();
    r->sink = sink.get();
    r->sinkService = r->sim->addService("sink", std::move(sink), LatencyModel::fixed(processing));
    if (subscribed)
        r->group = r->sim->subscribe(r->sinkService, "ticks", "sink", 1, 0, start);
    r->sim->addObserver(&r->trace);
    return r;
}

std::int64_t endOffset(const Simulation& sim, std::int32_t partition)
{
    return static_cast<std::int64_t>(sim.bus().topic(0).logs[static_cast<std::size_t>(partition)].size());
}

std::int64_t logStart(const Simulation& sim, std::int32_t partition)
{
    return sim.bus().topic(0).logStart[static_cast<std::size_t>(partition)];
}

/// Records of `partition` published `retention` before `t` or earlier: what a check at `t` deletes.
std::int64_t oldEnough(const Simulation& sim, std::int32_t partition, SimTime t)
{
    const Topic& topic = sim.bus().topic(0);
    std::int64_t n = 0;
    for (const std::uint32_t seq : topic.logs[static_cast<std::size_t>(partition)])
        n += sim.log().at(seq).publishTime + topic.retention <= t ? 1 : 0;
    return n;
}
}

class TestRetention : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void logStartMovesAtEachCheck()
    {
        const SimTime retention = 20 * kMillisecond;
        const SimTime interval = EventBus::retentionCheckInterval(retention);
        QCOMPARE(interval, retention / 10);
        auto r = rig(30, 2, retention, 0);
        r->sim->runToQuiescence();
        QVERIFY(r->sim->idle()); // the checks stop once every record is gone: the run still ends

        const auto moves = r->trace.of(TraceKind::Retention);
        QVERIFY(!moves.empty());
        std::map<std::int32_t, std::int64_t> previous;
        std::set<std::pair<SimTime, std::int32_t>> seen;
        for (const TraceRecord& m : moves) {
            QCOMPARE(m.t % interval, SimTime(0)); // checks run at multiples of the interval
            QVERIFY(seen.insert({ m.t, m.partition }).second); // one record per partition and check
            QCOMPARE(m.aux, previous[m.partition]); // from where the log started before
            QVERIFY(m.offset > m.aux);
            QCOMPARE(m.offset, oldEnough(*r->sim, m.partition, m.t)); // everything old enough, nothing younger
            previous[m.partition] = m.offset;
        }
        // Every record went within one interval of coming of age, and the logs end empty.
        for (std::int32_t p = 0; p < 2; ++p) {
            QCOMPARE(logStart(*r->sim, p), endOffset(*r->sim, p));
            for (const TraceRecord& m : moves)
                if (m.partition == p)
                    QVERIFY(oldEnough(*r->sim, p, m.t - interval) <= m.aux);
        }
        // The sink kept up, so nothing was deleted unread.
        QCOMPARE(r->sink->handled.size(), std::size_t(30));
        QCOMPARE(r->sim->bus().group(r->group).expired, 0u);
        QCOMPARE(r->trace.of(TraceKind::OffsetReset).size(), std::size_t(0));
    }

    void withoutRetentionNothingIsDeleted()
    {
        auto r = rig(30, 2, 0, 0);
        r->sim->runToQuiescence();
        QCOMPARE(r->trace.of(TraceKind::Retention).size(), std::size_t(0));
        for (std::int32_t p = 0; p < 2; ++p)
            QCOMPARE(logStart(*r->sim, p), std::int64_t(0));
    }

    void laggingGroupResetsByStartFrom_data()
    {
        QTest::addColumn<bool>("earliest");
        QTest::newRow("earliest") << true;
        QTest::newRow("latest") << false;
    }
    void laggingGroupResetsByStartFrom()
    {
        QFETCH(bool, earliest);
        // 5 ms a record against one a millisecond, kept 20 ms: the sink falls behind the log start.
        auto r
            = rig(80, 1, 20 * kMillisecond, 5 * kMillisecond, true, earliest ? StartFrom::Earliest : StartFrom::Latest);
        r->sim->runToQuiescence();
        QVERIFY(!r->trace.of(TraceKind::OffsetReset).empty());
        const ConsumerGroup& group = r->sim->bus().group(r->group);
        std::int64_t skipped = 0; // live records a latest reset passed over
        std::int64_t startThen = 0; // the log start and end as the trace has told them so far
        std::int64_t endThen = 0;
        for (const TraceRecord& m : r->trace.records) {
            if (m.kind == TraceKind::Retention)
                startThen = m.offset;
            if (m.kind == TraceKind::Published)
                ++endThen;
            if (m.kind != TraceKind::OffsetReset)
                continue;
            const QString detail = QString::fromStdString(std::string(r->sim->log().text(m.detail)));
            QVERIFY2(detail.contains(QStringLiteral("out of range")), qPrintable(detail));
            QVERIFY(detail.endsWith(earliest ? QStringLiteral("earliest") : QStringLiteral("latest")));
            QVERIFY(m.offset > m.aux); // forward, past what was deleted
            // Where it went: the log start (earliest) or the end (latest) at that moment.
            QCOMPARE(m.offset, earliest ? startThen : endThen);
            skipped += m.offset - startThen;
        }
        QVERIFY(group.expired > 0);
        // Each record was handled, deleted unread, or (latest) skipped by the reset: exactly once.
        QCOMPARE(static_cast<std::int64_t>(r->sink->handled.size() + group.expired) + skipped, std::int64_t(80));
        for (const auto& [seq, times] : r->sink->handled)
            QCOMPARE(times, 1);
        // Not lost by the bus: expired before read, a category of its own.
        const auto report = DeliveryChecker::check(r->trace.records, r->sim->log());
        QCOMPARE(report.lost.count, 0u);
        QCOMPARE(report.unfinished.count, 0u);
        QCOMPARE(report.expired.count, group.expired);
        QCOMPARE(report.nonMonotonicOffsets.count, 0u);
        const auto checks = DeliveryChecker::checks(report, *r->sim);
        QVERIFY(checks.front().passed);
        QVERIFY2(
            checks.front().detail.contains(QStringLiteral("expired before read")), qPrintable(checks.front().detail));
        // And a check expression can name both.
        const QJsonObject state = CheckState::of(*r->sim);
        QCOMPARE(state[u"groups"][u"sink"][u"expired"].toInteger(), static_cast<qint64>(group.expired));
        QCOMPARE(state[u"topics"][u"ticks"][u"logStart"].toInteger(), logStart(*r->sim, 0));
        QCOMPARE(state[u"topics"][u"ticks"][u"retentionUs"].toInteger(), qint64(20 * kMillisecond));
    }

    void lateEarliestGroupStartsAtTheLogStart()
    {
        auto r = rig(60, 2, 20 * kMillisecond, 0, false);
        r->sim->runUntil(40 * kMillisecond);
        std::vector<std::int64_t> starts;
        for (std::int32_t p = 0; p < 2; ++p) {
            starts.push_back(logStart(*r->sim, p));
            QVERIFY(starts.back() > 0);
        }
        r->group = r->sim->subscribe(r->sinkService, "ticks", "sink", 1, 0, StartFrom::Earliest);
        r->sim->runToQuiescence();

        const ConsumerGroup& group = r->sim->bus().group(r->group);
        QCOMPARE(group.expired, static_cast<std::uint64_t>(starts[0] + starts[1]));
        for (std::int32_t p = 0; p < 2; ++p) {
            // It says where it starts and why; its first rebalance and first delivery are there.
            bool reset = false;
            bool rebalanced = false;
            std::int64_t firstDelivered = -1;
            for (const TraceRecord& t : r->trace.records) {
                if (t.group != r->group || t.partition != p)
                    continue;
                if (t.kind == TraceKind::OffsetReset && !reset) {
                    reset = true;
                    QCOMPARE(t.offset, starts[static_cast<std::size_t>(p)]);
                    QCOMPARE(t.aux, std::int64_t(0));
                }
                if (t.kind == TraceKind::Rebalanced && !rebalanced) {
                    rebalanced = true;
                    QCOMPARE(t.offset, starts[static_cast<std::size_t>(p)]);
                }
                if (t.kind == TraceKind::Delivered && firstDelivered < 0)
                    firstDelivered = t.offset;
            }
            QVERIFY(reset && rebalanced);
            QCOMPARE(firstDelivered, starts[static_cast<std::size_t>(p)]);
        }
        QCOMPARE(static_cast<std::int64_t>(r->sink->handled.size()), 60 - starts[0] - starts[1]);
        const auto report = DeliveryChecker::check(r->trace.records, r->sim->log());
        QCOMPARE(report.lost.count, 0u);
        QCOMPARE(report.expired.count, group.expired);
    }

    void resetToEarliestGoesToTheLogStart()
    {
        auto r = rig(60, 1, 20 * kMillisecond, 0);
        r->sim->runUntil(50 * kMillisecond);
        const std::int64_t start = logStart(*r->sim, 0);
        QVERIFY(start > 0);
        QString error;
        const auto spec = InjectionSpec::parse(QStringLiteral("reset-offset,group=sink,to=earliest"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(FaultInjector::schedule(*spec, *r->sim), QString());
        r->sim->runUntil(50 * kMillisecond + 1);
        const auto resets = r->trace.of(TraceKind::OffsetReset);
        QCOMPARE(resets.size(), std::size_t(1));
        QVERIFY(resets[0].offset >= start); // not 0: what is deleted cannot be read again
        QCOMPARE(resets[0].offset, logStart(*r->sim, 0));
        // A time before the log start finds the log start too.
        QCOMPARE(r->sim->bus().offsetForTime(0, 0, 0), logStart(*r->sim, 0));
    }

    void forksKeepTheLogStart()
    {
        // Lesson 10 with a short retention: fraud attaches at 10 s, past records the checks deleted.
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("10-new-consumer")),
            { QStringLiteral("topics.orders.events.retention=3s") });
        QVERIFY(loaded.ok());
        auto original = ScenarioBuilder::build(*loaded.scenario);
        original->runUntil(12 * kSecond);
        const std::uint16_t topic = original->bus().findTopic(original->log().atoms().find("orders.events"));
        const Topic& kept = original->bus().topic(topic);
        QVERIFY(kept.logStart[0] > 0);
        auto fork = original->fork();
        QVERIFY(fork);
        QCOMPARE(fork->bus().topic(topic).logStart, kept.logStart);
        QCOMPARE(fork->fingerprint(), original->fingerprint());
        original->runToQuiescence();
        fork->runToQuiescence();
        QCOMPARE(fork->fingerprint(), original->fingerprint());
        QCOMPARE(fork->bus().topic(topic).logStart, original->bus().topic(topic).logStart);
        for (std::uint16_t g = 0; g < original->bus().groupCount(); ++g)
            QCOMPARE(fork->bus().group(g).expired, original->bus().group(g).expired);
    }

    void aCatchingUpGroupCanFallBelowTheLogStart()
    {
        // Lesson 10's warned variant: fraud starts at the log start at 10 s, and the checks that follow
        // delete records it has not reached yet, so it also gets OffsetOutOfRange (the lesson says both).
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("10-new-consumer")),
            { QStringLiteral("topics.orders.events.retention=5s") });
        QVERIFY(loaded.ok());
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        TraceCollector trace;
        sim->addObserver(&trace);
        sim->runToQuiescence();
        int starts = 0;
        int outOfRange = 0;
        for (const TraceRecord& r : trace.of(TraceKind::OffsetReset)) {
            const std::string_view detail = sim->log().text(r.detail);
            starts += detail.starts_with("no committed offset, auto.offset.reset=earliest") ? 1 : 0;
            outOfRange += detail.starts_with("offset out of range") ? 1 : 0;
        }
        const std::uint16_t orders = sim->bus().findTopic(sim->log().atoms().find("orders.events"));
        QCOMPARE(starts, sim->bus().topic(orders).partitionCount()); // one per partition, where fraud starts
        QVERIFY(outOfRange > 0);
        QCOMPARE(starts + outOfRange, static_cast<int>(trace.of(TraceKind::OffsetReset).size()));
    }

    void sameRunSameFingerprint()
    {
        auto a = rig(80, 2, 20 * kMillisecond, 5 * kMillisecond);
        auto b = rig(80, 2, 20 * kMillisecond, 5 * kMillisecond);
        a->sim->runToQuiescence();
        b->sim->runToQuiescence();
        QVERIFY(!a->trace.of(TraceKind::Retention).empty());
        QCOMPARE(a->sim->fingerprint(), b->sim->fingerprint());
        auto c = rig(80, 2, 0, 5 * kMillisecond);
        c->sim->runToQuiescence();
        QVERIFY(c->sim->fingerprint() != a->sim->fingerprint());
    }

    void theLoaderReadsRetention_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("error");
        QTest::addColumn<SimTime>("retention");
        QTest::newRow("seconds") << QByteArray("\"20s\"") << QString() << SimTime(20 * kSecond);
        QTest::newRow("microseconds") << QByteArray("1500") << QString() << SimTime(1500);
        QTest::newRow("zero") << QByteArray("\"0s\"")
                              << QStringLiteral("x.json:2:58: error: topics[0].retention: must be longer than 0")
                              << SimTime(0);
        QTest::newRow("not a duration") << QByteArray(
            "\"soon\"") << QStringLiteral("x.json:2:58: error: topics[0].retention: expected a duration")
                                        << SimTime(0);
        QTest::newRow("negative") << QByteArray("-5")
                                  << QStringLiteral("x.json:2:58: error: topics[0].retention: expected a duration")
                                  << SimTime(0);
    }
    void theLoaderReadsRetention()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, error);
        QFETCH(SimTime, retention);
        const QByteArray text = "{\"id\": \"x\",\n  \"topics\": [ { \"id\": \"t\", \"partitions\": 2, \"retention\": "
            + value + " } ],\n  \"services\": [] }";
        const auto r = ScenarioLoader::loadText(text, QStringLiteral("x.json"));
        if (error.isEmpty()) {
            QVERIFY(r.ok());
            QCOMPARE(r.scenario->topics[0].retention, retention);
            QCOMPARE(ScenarioBuilder::build(*r.scenario)->bus().topic(0).retention, retention);
            return;
        }
        QVERIFY(!r.ok());
        QCOMPARE(r.errors.size(), std::size_t(1));
        QVERIFY2(r.errors[0].toString().startsWith(error), qPrintable(r.errors[0].toString()));
    }
};

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
