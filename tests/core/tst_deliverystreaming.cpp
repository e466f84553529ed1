// The streaming delivery checker (issue 22) against the one it replaced, kept as the oracle
// (ReferenceDeliveryChecker): on every shipped scenario, at two seeds, clean and with faults drawn at random
// (duplicates, drops, delays, reordering, crashes, failures, producer retries, offset resets, detach and
// attach, scaling), both watch the same run and their reports must be equal — every count, every example
// record and its trace position — at random cut points and at the end, and so must check() on the whole
// trace. Then what it holds: a run of 4N orders leaves it with as many entries as a run of N.

#include "../sweep.h"
#include "referencedeliverychecker.h"
#include "testservices.h"

#include "base/randomstream.h"
#include "faults/faultinjector.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>
#include <span>

using namespace eventloom;
using namespace eventloom::test;

namespace {
QString describe(const TraceRecord& r)
{
    return QStringLiteral("{t=%1 kind=%2 msg=%3 g=%4 s=%5 i=%6 topic=%7 p=%8 o=%9 aux=%10 outcome=%11 attempt=%12}")
        .arg(r.t)
        .arg(static_cast<int>(r.kind))
        .arg(r.message)
        .arg(r.group)
        .arg(r.service)
        .arg(r.instance)
        .arg(r.topic)
        .arg(r.partition)
        .arg(r.offset)
        .arg(r.aux)
        .arg(static_cast<int>(r.outcome))
        .arg(r.attempt);
}

bool same(const TraceRecord& a, const TraceRecord& b)
{
    return a.t == b.t && a.kind == b.kind && a.outcome == b.outcome && a.phase == b.phase && a.attempt == b.attempt
        && a.message == b.message && a.service == b.service && a.instance == b.instance && a.group == b.group
        && a.topic == b.topic && a.partition == b.partition && a.offset == b.offset && a.aux == b.aux
        && a.detail == b.detail && a.subject == b.subject && a.saga == b.saga;
}

/// Where two findings differ, or empty.
QString difference(const char* name, const DeliveryChecker::Finding& got, const DeliveryChecker::Finding& want)
{
    if (got.count != want.count)
        return QStringLiteral("%1: count %2, the oracle %3").arg(QLatin1String(name)).arg(got.count).arg(want.count);
    if (got.positions != want.positions || got.first.size() != want.first.size())
        return QStringLiteral("%1: other examples (%2 at %3, the oracle %4 at %5)")
            .arg(QLatin1String(name))
            .arg(got.first.size())
            .arg(got.positions.empty() ? -1 : static_cast<qint64>(got.positions[0]))
            .arg(want.first.size())
            .arg(want.positions.empty() ? -1 : static_cast<qint64>(want.positions[0]));
    for (std::size_t i = 0; i < got.first.size(); ++i)
        if (!same(got.first[i], want.first[i]))
            return QStringLiteral("%1: example %2 is %3, the oracle's %4")
                .arg(QLatin1String(name))
                .arg(i)
                .arg(describe(got.first[i]), describe(want.first[i]));
    return {};
}

QString difference(const DeliveryChecker::Report& got, const DeliveryChecker::Report& want)
{
    const std::pair<const char*, DeliveryChecker::Finding DeliveryChecker::Report::*> findings[] = {
        { "lost", &DeliveryChecker::Report::lost },
        { "duplicate deliveries", &DeliveryChecker::Report::duplicateDeliveries },
        { "duplicate effects", &DeliveryChecker::Report::duplicateEffects },
        { "non-monotonic offsets", &DeliveryChecker::Report::nonMonotonicOffsets },
        { "order violations", &DeliveryChecker::Report::orderViolations },
        { "unfinished", &DeliveryChecker::Report::unfinished },
        { "expired", &DeliveryChecker::Report::expired },
    };
    for (const auto& [name, member] : findings)
        if (QString d = difference(name, got.*member, want.*member); !d.isEmpty())
            return d;
    return {};
}

Scenario load(const QString& id, const QStringList& overrides = {})
{
    QFile file(ShippedScenarios::resolve(id));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(id));
    ScenarioLoader::Result result = ScenarioLoader::loadText(file.readAll(), id, overrides);
    if (!result.ok())
        qFatal("cannot load %s", qPrintable(id));
    return *result.scenario;
}

QString text(const Simulation& sim, Atom a)
{
    return QString::fromUtf8(sim.log().text(a).data(), static_cast<qsizetype>(sim.log().text(a).size()));
}

/// Faults drawn from `random` for what `sim` has: its groups, their topics and services.
QStringList faults(const Simulation& sim, RandomStream& random)
{
    const EventBus& bus = sim.bus();
    if (bus.groupCount() == 0)
        return {};
    const auto pick = [&](std::uint64_t n) { return static_cast<std::uint16_t>(random.next() % n); };
    const auto at = [&] { return QStringLiteral("@%1ms").arg(50 + random.next() % 3000); };
    QStringList out;
    const int count = 3 + static_cast<int>(random.next() % 5);
    for (int i = 0; i < count; ++i) {
        const ConsumerGroup& group = bus.group(pick(bus.groupCount()));
        const QString g = text(sim, group.name);
        const QString topic = text(sim, bus.topic(group.topic).name);
        const QString service = QString::fromStdString(std::string(sim.serviceName(group.service)));
        switch (random.next() % 11) {
        case 0:
            out << QStringLiteral("duplicate%1,topic=%2,probability=0.3,for=2s").arg(at(), topic);
            break;
        case 1:
            out << QStringLiteral("drop%1,group=%2,probability=0.2,for=1s").arg(at(), g);
            break;
        case 2:
            out << QStringLiteral("delay%1,topic=%2,probability=0.3,latency=40ms,jitter=30ms,for=2s").arg(at(), topic);
            break;
        case 3:
            out << QStringLiteral("reorder%1,topic=%2,window=4,probability=0.3,for=2s").arg(at(), topic);
            break;
        case 4:
            out << QStringLiteral("crash%1,service=%2,for=300ms").arg(at(), service);
            break;
        case 5:
            out << QStringLiteral("reset-offset%1,group=%2,to=%3")
                       .arg(at(), g,
                           QStringList { QStringLiteral("earliest"), QStringLiteral("latest"),
                               QStringLiteral("500ms") }[pick(3)]);
            break;
        case 6:
            out << QStringLiteral("detach%1,service=%2").arg(at(), service)
                << QStringLiteral("attach@%1ms,service=%2,from=%3")
                       .arg(3100 + random.next() % 1000)
                       .arg(service,
                           QStringList { QStringLiteral("earliest"), QStringLiteral("latest"),
                               QStringLiteral("committed") }[pick(3)]);
            break;
        case 7:
            out << QStringLiteral("scale%1,service=%2,instances=%3").arg(at(), service).arg(1 + random.next() % 4);
            break;
        case 8:
            out << QStringLiteral("fail%1,service=%2,for=500ms").arg(at(), service);
            break;
        case 9:
            out << QStringLiteral("producer-retry%1,service=%2,probability=0.3,for=2s")
                       .arg(at(), QString::fromStdString(std::string(sim.serviceName(pick(sim.serviceCount())))));
            break;
        default:
            out << QStringLiteral("poison%1,topic=%2,probability=0.05,for=1s").arg(at(), topic);
            break;
        }
    }
    return out;
}

struct Compared {
    int cuts = 0;
    int injections = 0; ///< of those asked for, how many the scenario took
    std::uint64_t records = 0;
    DeliveryChecker::Report report; ///< at the end
    QString failure;
};

/// Runs `scenario` at `seed` with `injections` (those it accepts), both checkers watching; compares their
/// reports at cut points drawn from `random` and at the end, and check() on the whole trace.
Compared compare(const Scenario& scenario, std::uint64_t seed, const QStringList& injections, RandomStream& random)
{
    // Under the sanitizers a run is cut at a quarter of the steps: every scenario's code paths are taken in the
    // first 100,000 (tests/sweep.h).
    constexpr std::uint64_t kMaxSteps = sweep::size<std::uint64_t>(400'000, 100'000);
    constexpr int kCuts = 12;
    Compared out;
    auto sim = ScenarioBuilder::build(scenario, seed);
    for (const QString& line : injections) {
        QString error;
        const auto spec = InjectionSpec::parse(line, error);
        if (spec && ScenarioLoader::checkInjection(*spec, scenario).isEmpty()
            && FaultInjector::schedule(*spec, *sim).isEmpty())
            ++out.injections;
    }
    DeliveryChecker streaming;
    ReferenceDeliveryChecker reference;
    TraceCollector trace;
    sim->addObserver(&streaming);
    sim->addObserver(&reference);
    sim->addObserver(&trace);
    const auto cut = [&](const char* where) {
        ++out.cuts;
        if (const QString d = difference(streaming.report(), reference.report()); !d.isEmpty() && out.failure.isEmpty())
            out.failure
                = QStringLiteral("%1 after %2 records: %3").arg(QLatin1String(where)).arg(trace.records.size()).arg(d);
    };
    std::uint64_t nextCut = random.next() % 200;
    SimTime stalledSince = -1;
    for (std::uint64_t step = 0; step < kMaxSteps && out.failure.isEmpty(); ++step) {
        if (scenario.until > 0 && (sim->nextTime() < 0 || sim->nextTime() > scenario.until))
            break;
        if (!sim->step() || (scenario.until == 0 && sim->stalledTooLong(stalledSince)))
            break;
        if (step == nextCut && out.cuts < kCuts) {
            cut("mid-run");
            nextCut = step + 1 + random.next() % (1 + step);
        }
    }
    sim->finish();
    cut("at the end");
    if (out.failure.isEmpty())
        if (const QString d = difference(DeliveryChecker::check(trace.records, sim->log()),
                ReferenceDeliveryChecker::check(trace.records, sim->log()));
            !d.isEmpty())
            out.failure = QStringLiteral("check() on the whole trace: ") + d;
    out.records = trace.records.size();
    out.report = streaming.report();
    sim->removeObserver(&trace);
    sim->removeObserver(&reference);
    sim->removeObserver(&streaming);
    return out;
}

/// Every lesson variant's `set` of a shipped scenario (the designs a lesson warns about: one that skips what
/// it cannot handle loses it, a short retention expires what a late group had not read, one blocks).
std::vector<QStringList> variants(const QString& id)
{
    QFile file(ShippedScenarios::resolve(id));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    std::vector<QStringList> out;
    std::function<void(const QJsonValue&)> walk = [&](const QJsonValue& v) {
        if (v.isArray()) {
            for (const QJsonValue& x : v.toArray())
                walk(x);
            return;
        }
        if (!v.isObject())
            return;
        const QJsonObject o = v.toObject();
        for (const QJsonValue& variant : o.value(QLatin1String("variants")).toArray()) {
            QStringList set;
            for (const QJsonValue& s : variant.toObject().value(QLatin1String("set")).toArray())
                set << s.toString();
            if (!set.isEmpty())
                out.push_back(set);
        }
        for (const QJsonValue& x : o)
            walk(x);
    };
    walk(QJsonDocument::fromJson(file.readAll()).object());
    return out;
}

/// `trace` with random damage to what is not `published` (the index needs those dense): records dropped,
/// repeated and swapped, commits moved back. Both checkers must still agree on what it says.
std::vector<TraceRecord> damaged(const std::vector<TraceRecord>& trace, RandomStream& random)
{
    std::vector<TraceRecord> out;
    out.reserve(trace.size());
    for (const TraceRecord& r : trace) {
        if (r.kind == TraceKind::Published) {
            out.push_back(r);
            continue;
        }
        switch (random.next() % 40) {
        case 0: // lost in the trace
            break;
        case 1: // said twice
            out.push_back(r);
            out.push_back(r);
            break;
        case 2: // a commit that goes back
            out.push_back(r);
            if (r.kind == TraceKind::Committed && r.offset > 0)
                out.back().offset -= 1 + static_cast<std::int64_t>(random.next() % 5);
            break;
        case 3: // before the record it followed, unless that was published
            out.push_back(r);
            if (out.size() >= 2 && out[out.size() - 2].kind != TraceKind::Published)
                std::swap(out[out.size() - 1], out[out.size() - 2]);
            break;
        default:
            out.push_back(r);
        }
    }
    return out;
}

/// The checker's entries at their peak during a run of `id` with `orders` orders, and at its end.
std::pair<std::size_t, std::size_t> held(const QString& id, int orders)
{
    const Scenario scenario = load(id, { QStringLiteral("workload.orders=%1").arg(orders) });
    auto sim = ScenarioBuilder::build(scenario, 7);
    DeliveryChecker checker;
    sim->addObserver(&checker);
    std::size_t peak = 0;
    for (std::uint64_t step = 0; sim->step(); ++step)
        if (step % 512 == 0)
            peak = std::max(peak, checker.heldEntries());
    sim->removeObserver(&checker);
    return { std::max(peak, checker.heldEntries()), checker.heldEntries() };
}
}

class TestDeliveryStreaming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void equalsTheOracleOnEveryScenario_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("withFaults");
        for (const ShippedScenarios::Lesson& lesson : ShippedScenarios::lessons())
            for (const quint64 seed : { 7ull, 42ull })
                for (const bool withFaults : { false, true })
                    QTest::addRow("%s seed %llu%s", qPrintable(lesson.id), seed, withFaults ? " faults" : "")
                        << lesson.id << seed << withFaults;
    }
    void equalsTheOracleOnEveryScenario()
    {
        QFETCH(QString, id);
        QFETCH(quint64, seed);
        QFETCH(bool, withFaults);
        const Scenario scenario = load(id);
        RandomStream random(seed * 1000003u + static_cast<std::uint64_t>(qHash(id)) + (withFaults ? 1 : 0));
        QStringList injections;
        if (withFaults) {
            const auto probe = ScenarioBuilder::build(scenario, seed);
            injections = faults(*probe, random);
        }
        const Compared c = compare(scenario, seed, injections, random);
        if (!c.failure.isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 (faults: %2)").arg(c.failure, injections.join(QStringLiteral("; ")))));
        QVERIFY(c.cuts >= 3);
        QVERIFY(c.records > 100);
        QVERIFY(!withFaults || c.injections > 0);
        const DeliveryChecker::Report& r = c.report;
        qInfo("lost %llu dupd %llu dupe %llu mono %llu order %llu unfinished %llu expired %llu",
            static_cast<unsigned long long>(r.lost.count), static_cast<unsigned long long>(r.duplicateDeliveries.count),
            static_cast<unsigned long long>(r.duplicateEffects.count),
            static_cast<unsigned long long>(r.nonMonotonicOffsets.count),
            static_cast<unsigned long long>(r.orderViolations.count),
            static_cast<unsigned long long>(r.unfinished.count), static_cast<unsigned long long>(r.expired.count));
    }

    void equalsTheOracleUnderManyFaultMixes_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<quint64>("seed");
        // The scenarios whose consumers commit, retry, dead-letter, replay and keep records for a time.
        const QStringList ids { QStringLiteral("03-duplicates-idempotency"), QStringLiteral("04-ordering-partitions"),
            QStringLiteral("10-new-consumer"), QStringLiteral("12-slow-consumer-backpressure"),
            QStringLiteral("13-poison-message-dead-letter") };
        for (const QString& id : ids)
            for (quint64 seed = 1; seed <= 6; ++seed)
                QTest::addRow("%s mix %llu", qPrintable(id), seed) << id << seed;
    }
    void equalsTheOracleUnderManyFaultMixes()
    {
        QFETCH(QString, id);
        QFETCH(quint64, seed);
        const Scenario scenario = load(id);
        RandomStream random(seed * 7919u + static_cast<std::uint64_t>(qHash(id)));
        const auto probe = ScenarioBuilder::build(scenario, seed);
        const QStringList injections = faults(*probe, random) + faults(*probe, random);
        const Compared c = compare(scenario, seed, injections, random);
        if (!c.failure.isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 (faults: %2)").arg(c.failure, injections.join(QStringLiteral("; ")))));
    }

    void equalsTheOracleOnEveryVariant_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("set");
        for (const ShippedScenarios::Lesson& lesson : ShippedScenarios::lessons()) {
            int n = 0;
            for (const QStringList& set : variants(lesson.id))
                QTest::addRow("%s variant %d", qPrintable(lesson.id), n++) << lesson.id << set;
        }
    }
    void equalsTheOracleOnEveryVariant()
    {
        QFETCH(QString, id);
        QFETCH(QStringList, set);
        const Scenario scenario = load(id, set);
        RandomStream random(static_cast<std::uint64_t>(qHash(set.join(u','))));
        for (const quint64 seed : { 7ull, 42ull }) {
            QStringList injections;
            if (seed == 42) {
                const auto probe = ScenarioBuilder::build(scenario, seed);
                injections = faults(*probe, random);
            }
            const Compared c = compare(scenario, seed, injections, random);
            if (!c.failure.isEmpty())
                QFAIL(qPrintable(
                    QStringLiteral("seed %1: %2 (faults: %3)").arg(seed).arg(c.failure, injections.join(u';'))));
        }
    }

    void equalsTheOracleOnDamagedTraces_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("set");
        QTest::newRow("03") << QStringLiteral("03-duplicates-idempotency") << QStringList();
        QTest::newRow("04") << QStringLiteral("04-ordering-partitions") << QStringList();
        QTest::newRow("10 retention") << QStringLiteral("10-new-consumer")
                                      << QStringList { QStringLiteral("topics.orders.events.retention=5s") };
        QTest::newRow("13 skip") << QStringLiteral("13-poison-message-dead-letter")
                                 << QStringList { QStringLiteral(
                                        "services.notification.subscriptions.0.onFailure=skip") };
    }
    void equalsTheOracleOnDamagedTraces()
    {
        QFETCH(QString, id);
        QFETCH(QStringList, set);
        const Scenario scenario = load(id, set);
        auto sim = ScenarioBuilder::build(scenario, 7);
        TraceCollector trace;
        sim->addObserver(&trace);
        sim->runToQuiescence(400'000);
        sim->removeObserver(&trace);
        RandomStream random(static_cast<std::uint64_t>(qHash(id)));
        for (int round = 0; round < 20; ++round) {
            const std::vector<TraceRecord> bad = damaged(trace.records, random);
            // Cut at a random point too: report() on a prefix.
            const std::size_t cut = random.next() % (bad.size() + 1);
            for (const std::size_t n : { cut, bad.size() }) {
                const std::span<const TraceRecord> prefix(bad.data(), n);
                const QString d = difference(
                    DeliveryChecker::check(prefix, sim->log()), ReferenceDeliveryChecker::check(prefix, sim->log()));
                QVERIFY2(d.isEmpty(), qPrintable(QStringLiteral("round %1, %2 records: %3").arg(round).arg(n).arg(d)));
            }
        }
    }

    void holdsWhatIsInFlightNotTheRun_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("01") << QStringLiteral("01-pubsub-fanout");
        QTest::newRow("06") << QStringLiteral("06-event-sourcing-time-travel");
    }
    void holdsWhatIsInFlightNotTheRun()
    {
        QFETCH(QString, id);
        constexpr int kOrders = 500;
        const auto [peak, end] = held(id, kOrders);
        const auto [peak4, end4] = held(id, 4 * kOrders);
        qInfo().noquote() << id << "entries at the peak:" << peak << "(N)," << peak4 << "(4N); at the end:" << end
                          << "and" << end4;
        QVERIFY(end > 0);
        // Four times the run, not four times the entries: what is in flight at once is the same.
        QVERIFY2(end4 <= end + end / 4 + 8, qPrintable(QStringLiteral("%1 → %2").arg(end).arg(end4)));
        QVERIFY2(peak4 <= peak + peak / 2 + 16, qPrintable(QStringLiteral("%1 → %2").arg(peak).arg(peak4)));
    }
};

QTEST_GUILESS_MAIN(TestDeliveryStreaming)
#include "tst_deliverystreaming.moc"
