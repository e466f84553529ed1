// The synchronous call chain as a real service runs it (issue 19, item 9): a pool of workers, a
// timeout per call and per chain, a bulkhead per downstream, a circuit breaker per downstream and
// the notification call's fallback. Runs lesson 02's shop with --set overrides, as the lesson does.

#include "faults/faultinjector.h"
#include "faults/injectionspec.h"
#include "scenario/diagnostic.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "services/ecommerce/circuitbreaker.h"
#include "services/ecommerce/orderservice.h"
#include "trace/traceobserver.h"

#include <QJsonObject>
#include <QTest>
#include <algorithm>
#include <map>

using namespace eventloom;

namespace {

/// Keeps every trace record of a run.
struct Recorder : TraceObserver {
    std::vector<TraceRecord> rows;
    void onTrace(const TraceRecord& record, const Simulation&) override { rows.push_back(record); }
};

struct Run {
    std::unique_ptr<Simulation> sim;
    std::unique_ptr<Recorder> trace = std::make_unique<Recorder>();

    QJsonObject order() const { return sim->service(sim->findService("order")).state(); }
    QJsonObject notification() const { return sim->service(sim->findService("notification")).state(); }
    std::string_view text(Atom atom) const { return sim->log().text(atom); }
    /// The time of the order's last OrderCompleted or OrderCancelled, and which it was.
    std::map<std::string, std::pair<SimTime, std::string>> outcomes() const
    {
        std::map<std::string, std::pair<SimTime, std::string>> ends;
        for (const TraceRecord& r : trace->rows) {
            if (r.kind != TraceKind::Published)
                continue;
            const Event& e = sim->log().at(r.message);
            const std::string_view type = text(e.type);
            if (type == "OrderCompleted" || type == "OrderCancelled")
                ends[std::string(text(e.key))] = { r.t, std::string(type) };
        }
        return ends;
    }
    /// The calls (commands that expect a reply) to `target` of type `type`: order id → time sent.
    std::map<std::string, SimTime> callsTo(std::string_view target, std::string_view type) const
    {
        std::map<std::string, SimTime> sent;
        for (const TraceRecord& r : trace->rows) {
            if (r.kind != TraceKind::CommandSent)
                continue;
            const Event& e = sim->log().at(r.message);
            if (sim->serviceName(e.target) == target && text(e.type) == type && e.replyTo != kNoIndex)
                sent[std::string(text(e.key))] = r.t;
        }
        return sent;
    }
};

constexpr std::uint64_t kSeed = 2;

Run run(QStringList sets, const QStringList& injects = {}, std::uint64_t seed = kSeed)
{
    sets.prepend(QStringLiteral("interaction=sync"));
    const auto loaded
        = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("02-request-response-vs-events")), sets);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    Run r;
    r.sim = ScenarioBuilder::build(*loaded.scenario, seed);
    r.sim->addObserver(r.trace.get());
    for (const QString& text : injects) {
        QString problem;
        const auto spec = InjectionSpec::parse(text, problem);
        if (!spec)
            qFatal("%s", qPrintable(problem));
        FaultInjector::schedule(*spec, *r.sim);
    }
    r.sim->runToQuiescence();
    r.sim->finish();
    return r;
}

qint64 at(const QJsonObject& o, const char* a, const char* b)
{
    return o.value(QLatin1String(a)).toObject().value(QLatin1String(b)).toInteger();
}
qint64 at(const QJsonObject& o, const char* a, const char* b, const char* c)
{
    return o.value(QLatin1String(a)).toObject().value(QLatin1String(b)).toObject().value(QLatin1String(c)).toInteger();
}

/// The most intervals [from, to) open at once.
int mostAtOnce(std::vector<std::pair<SimTime, int>> edges)
{
    std::sort(edges.begin(), edges.end()); // at equal times an end (-1) comes before a start (+1)
    int open = 0, most = 0;
    for (const auto& [t, delta] : edges)
        most = std::max(most, open += delta);
    return most;
}

const QString kCrashEmail = QStringLiteral("crash@10s,service=notification,for=5s");

} // namespace

class TestSyncResilience : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void breakerOpensAfterConsecutiveFailuresAndAHalfOpenTrialDecides()
    {
        CircuitBreaker breaker({ 3, 2 * kSecond });
        QVERIFY(breaker.enabled());
        QVERIFY(!breaker.failed(0, false));
        QVERIFY(!breaker.failed(0, false));
        QVERIFY(!breaker.succeeded(false)); // an answer resets the count
        QCOMPARE(breaker.consecutiveFailures(), 0);
        QVERIFY(!breaker.failed(1, false));
        QVERIFY(!breaker.failed(2, false));
        QCOMPARE(breaker.ask(2), CircuitBreaker::Permit::Call);
        QVERIFY(breaker.failed(3, false)); // the third in a row opens it
        QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
        QCOMPARE(breaker.opened(), 1);
        QCOMPARE(breaker.ask(3 + kSecond), CircuitBreaker::Permit::Refuse);
        QCOMPARE(breaker.refused(), 1);
        // After openFor, one trial; every other call is refused while it runs.
        const auto trial = breaker.ask(3 + 2 * kSecond);
        QCOMPARE(trial, CircuitBreaker::Permit::Trial);
        QCOMPARE(breaker.state(), CircuitBreaker::State::HalfOpen);
        breaker.started(trial);
        QCOMPARE(breaker.ask(3 + 2 * kSecond), CircuitBreaker::Permit::Refuse);
        QVERIFY(breaker.failed(4 * kSecond, true)); // the trial timed out: open again, for openFor from now
        QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
        QCOMPARE(breaker.ask(5 * kSecond), CircuitBreaker::Permit::Refuse);
        QCOMPARE(breaker.ask(6 * kSecond), CircuitBreaker::Permit::Trial);
        breaker.started(CircuitBreaker::Permit::Trial);
        QVERIFY(breaker.succeeded(true)); // the trial answered: closed
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
        QCOMPARE(breaker.ask(6 * kSecond), CircuitBreaker::Permit::Call);
        QCOMPARE(breaker.opened(), 2);

        CircuitBreaker none;
        QVERIFY(!none.enabled());
        for (int i = 0; i < 10; ++i)
            QVERIFY(!none.failed(i, false));
        QCOMPARE(none.ask(10), CircuitBreaker::Permit::Call);
    }

    void theSettingsAreReadAndCheckedWithTheirPositions()
    {
        const QString lesson = ShippedScenarios::resolve(QStringLiteral("02-request-response-vs-events"));
        const auto good = ScenarioLoader::loadFile(lesson,
            { QStringLiteral("services.order.workers=8"),
                QStringLiteral("services.order.bulkheads={\"notification\":2,\"payment\":3}"),
                QStringLiteral("services.order.circuitBreaker={\"failures\":4,\"openFor\":\"1500ms\"}"),
                QStringLiteral("services.order.fallback.notification=defer") });
        QVERIFY(good.ok());
        const CallPolicy& policy = good.scenario->services[0].calls;
        QCOMPARE(policy.workers, 8);
        QCOMPARE(policy.bulkheads[CallPolicy::Notification], 2);
        QCOMPARE(policy.bulkheads[CallPolicy::Payment], 3);
        QCOMPARE(policy.bulkheads[CallPolicy::Inventory], 0);
        QCOMPARE(policy.breaker.failures, 4);
        QCOMPARE(policy.breaker.openFor, 1500 * kMillisecond);
        QVERIFY(policy.deferEmail);
        const CallPolicy defaults = ScenarioLoader::loadFile(lesson).scenario->services[0].calls;
        QCOMPARE(defaults.workers, 1);
        QVERIFY(!defaults.breaker.failures && !defaults.deferEmail);

        const auto errors = [&](const QString& set) {
            const auto r = ScenarioLoader::loadFile(lesson, { set });
            QStringList out;
            for (const Diagnostic& d : r.errors)
                out << d.toString();
            return out.join(u'\n');
        };
        QVERIFY(errors(QStringLiteral("services.order.workers=0"))
                    .contains(QStringLiteral("services[0].workers: must be between 1 and 10000")));
        QVERIFY(errors(QStringLiteral("services.order.bulkheads.email=2"))
                    .contains(QStringLiteral("services[0].bulkheads.email: unknown field")));
        QVERIFY(errors(QStringLiteral("services.order.bulkheads=2"))
                    .contains(QStringLiteral("services[0].bulkheads: expected an object")));
        QVERIFY(errors(QStringLiteral("services.order.circuitBreaker.openFor=0s"))
                    .contains(QStringLiteral("circuitBreaker.openFor: must be longer than 0")));
        QVERIFY(errors(QStringLiteral("services.order.circuitBreaker.failures=0"))
                    .contains(QStringLiteral("circuitBreaker.failures: must be between 1")));
        QVERIFY(errors(QStringLiteral("services.order.fallback.notification=drop"))
                    .contains(QStringLiteral("fallback.notification: expected \"defer\"")));
        QVERIFY(errors(QStringLiteral("services.payment.workers=2"))
                    .contains(QStringLiteral("'workers' does not apply to a 'payment' service")));
    }

    void theDefaultIsOneWorkerAsBefore()
    {
        // Before the pool existed, lesson 02's call chain (seed 2) had this fingerprint; one worker and
        // no guards must keep it, and saying so explicitly changes nothing.
        const Run plain = run({});
        QCOMPARE(QString::number(plain.sim->fingerprint(), 16), QStringLiteral("2f508b192b4e470f"));
        const Run explicitOne = run({ QStringLiteral("services.order.workers=1") });
        QCOMPARE(explicitOne.sim->fingerprint(), plain.sim->fingerprint());
        QCOMPARE(at(plain.order(), "pool", "busyMax"), 1);
        QVERIFY(at(plain.order(), "pool", "queuedMax") > 1);
        QVERIFY(!plain.order().contains(QLatin1String("breaker")));
    }

    void aPoolRunsNChainsAtOnceAndQueuesTheRestInOrder()
    {
        // Emails of 500 ms, orders every 100 ms: three workers are always busy and orders queue.
        const Run r = run(
            { QStringLiteral("services.order.workers=3"), QStringLiteral("services.notification.latency=500ms") });
        const auto ends = r.outcomes();
        const auto reserves = r.callsTo("inventory", "ReserveStock");
        QCOMPARE(reserves.size(), std::size_t(300));
        std::vector<std::pair<SimTime, int>> edges;
        std::vector<std::pair<SimTime, std::string>> starts;
        for (const auto& [order, started] : reserves) {
            QVERIFY2(ends.count(order) && ends.at(order).second == "OrderCompleted", order.c_str());
            edges.push_back({ started, +1 });
            edges.push_back({ ends.at(order).first, -1 });
            starts.push_back({ started, order });
        }
        QCOMPARE(mostAtOnce(edges), 3);
        QCOMPARE(at(r.order(), "pool", "busyMax"), 3);
        QVERIFY(at(r.order(), "pool", "queuedMax") > 10);
        // First in, first out: chains start in the order the orders were placed (their ids' order).
        std::stable_sort(starts.begin(), starts.end());
        for (std::size_t i = 1; i < starts.size(); ++i)
            QVERIFY2(starts[i - 1].second < starts[i].second, starts[i].second.c_str());
    }

    void repliesAndTimeoutsReachTheirOwnChain()
    {
        // Emails take 0.5 to 1.5 s and each call may take 1 s: with four chains in flight, each order
        // completes when its own email call answered in time and is cancelled exactly one timeout
        // after its own call otherwise.
        const Run r = run({ QStringLiteral("services.order.workers=4"), QStringLiteral("services.order.timeout=1s"),
            QStringLiteral(
                "services.notification.latency={\"dist\":\"uniform\",\"min\":\"500ms\",\"max\":\"1500ms\"}") });
        const auto ends = r.outcomes();
        const auto emails = r.callsTo("notification", "OrderCompleted");
        QCOMPARE(emails.size(), std::size_t(300));
        std::size_t completed = 0, cancelled = 0;
        for (const auto& [order, sent] : emails) {
            const auto& [t, outcome] = ends.at(order);
            if (outcome == "OrderCompleted") {
                ++completed;
                QVERIFY2(t - sent < kSecond, order.c_str());
            } else {
                ++cancelled;
                QCOMPARE(t - sent, kSecond);
            }
        }
        QVERIFY(completed > 50);
        QVERIFY(cancelled > 50);
        QCOMPARE(at(r.order(), "calls", "notification", "timeouts"), static_cast<qint64>(cancelled));
        QCOMPARE(at(r.order(), "reachedStatus", "cancelled"), static_cast<qint64>(cancelled));
    }

    void aBulkheadLimitsTheCallsToOneDownstream()
    {
        // Eight workers, slow emails, at most two email calls at once.
        const QStringList guarded { QStringLiteral("services.order.workers=8"),
            QStringLiteral("services.order.bulkheads.notification=2"),
            QStringLiteral("services.notification.latency=300ms") };
        const Run r = run(guarded);
        std::vector<std::pair<SimTime, int>> edges;
        for (const TraceRecord& row : r.trace->rows) {
            const bool sent = row.kind == TraceKind::CommandSent, handled = row.kind == TraceKind::Handled;
            if (!(sent || handled) || r.sim->serviceName(row.service) != "notification")
                continue;
            edges.push_back({ row.t, sent ? +1 : -1 });
        }
        QCOMPARE(mostAtOnce(edges), 2);
        QCOMPARE(at(r.order(), "calls", "notification", "inFlightMax"), 2);
        const qint64 full = at(r.order(), "calls", "notification", "bulkheadFull");
        QVERIFY(full > 0);
        // Without a fallback, an order that finds the bulkhead full fails at once and is undone.
        QCOMPARE(at(r.order(), "reachedStatus", "cancelled"), full);
        QCOMPARE(
            r.sim->service(r.sim->findService("payment")).state().value(QLatin1String("refunds")).toInteger(), full);

        // With the fallback, those orders complete and their emails are sent without waiting.
        const Run deferred
            = run(guarded + QStringList { QStringLiteral("services.order.fallback.notification=defer") });
        QCOMPARE(at(deferred.order(), "reachedStatus", "cancelled"), 0);
        QCOMPARE(at(deferred.order(), "reachedStatus", "completed"), 300);
        QCOMPARE(deferred.order().value(QLatin1String("emailsDeferred")).toInteger(),
            at(deferred.order(), "calls", "notification", "bulkheadFull"));
        QVERIFY(deferred.order().value(QLatin1String("emailsDeferred")).toInteger() > 0);
        QCOMPARE(deferred.notification().value(QLatin1String("emailsSent")).toInteger(), 300);
    }

    void aBreakerFailsFastWhileOpenAndItsTrialClosesIt()
    {
        // Notification is down from 10 s to 15 s; calls time out after 2 s.
        const QStringList guarded { QStringLiteral("services.order.workers=8"),
            QStringLiteral("services.order.circuitBreaker.failures=3"),
            QStringLiteral("services.order.circuitBreaker.openFor=1s") };
        const Run r = run(
            guarded + QStringList { QStringLiteral("services.order.fallback.notification=defer") }, { kCrashEmail });
        std::vector<std::pair<SimTime, std::string>> changes;
        for (const TraceRecord& row : r.trace->rows)
            if (row.kind == TraceKind::Breaker) {
                QCOMPARE(r.text(row.subject), std::string_view("notification"));
                QCOMPARE(r.sim->serviceName(row.service), std::string_view("order"));
                changes.push_back({ row.t, std::string(r.text(row.detail)) });
            }
        QVERIFY(changes.size() >= 3);
        QCOMPARE(changes.front().second, std::string("open"));
        QVERIFY(changes.front().first >= 12 * kSecond); // the first timeouts, 2 s into the outage
        QCOMPARE(changes.back().second, std::string("closed"));
        QVERIFY(changes.back().first >= 15 * kSecond); // only once notification is back
        for (std::size_t i = 1; i < changes.size(); ++i) {
            // open → half-open (after openFor) → open or closed
            const bool toHalf = changes[i].second == "half-open";
            QCOMPARE(toHalf, changes[i - 1].second == "open");
            if (toHalf)
                QVERIFY(changes[i].first - changes[i - 1].first >= kSecond);
        }
        // While it is open no email call is made.
        const auto calls = r.callsTo("notification", "OrderCompleted");
        for (std::size_t i = 0; i + 1 < changes.size(); ++i)
            if (changes[i].second == "open")
                for (const auto& [order, sent] : calls)
                    QVERIFY2(sent < changes[i].first || sent >= changes[i + 1].first, order.c_str());
        const QJsonObject breaker
            = r.order().value(QLatin1String("breaker")).toObject().value(QLatin1String("notification")).toObject();
        QVERIFY(breaker.value(QLatin1String("rejectedFast")).toInteger() > 0);
        QCOMPARE(breaker.value(QLatin1String("opened")).toInteger(),
            std::count_if(changes.begin(), changes.end(), [](const auto& c) { return c.second == "open"; }));
        QCOMPARE(breaker.value(QLatin1String("state")).toString(), QStringLiteral("closed"));
        // The fallback: every order completes, every customer gets one email.
        QCOMPARE(at(r.order(), "reachedStatus", "completed"), 300);
        QCOMPARE(r.notification().value(QLatin1String("emailsSent")).toInteger(), 300);
        QVERIFY(r.order().value(QLatin1String("emailsDeferred")).toInteger()
            >= breaker.value(QLatin1String("rejectedFast")).toInteger());

        // Without the fallback an open breaker fails the order at once: no 2 s wait, and it is undone.
        const Run failing = run(guarded, { kCrashEmail });
        const auto ends = failing.outcomes();
        const auto charged = failing.callsTo("payment", "ChargePayment");
        std::size_t fast = 0;
        for (const auto& [order, end] : ends)
            if (end.second == "OrderCancelled" && end.first - charged.at(order) < kSecond)
                ++fast;
        QVERIFY(fast > 0);
        QCOMPARE(static_cast<qint64>(fast), at(failing.order(), "breaker", "notification", "rejectedFast"));
    }

    void theGuardedChainIsDeterministic()
    {
        const QStringList guarded { QStringLiteral("services.order.workers=8"),
            QStringLiteral("services.order.bulkheads.notification=2"),
            QStringLiteral("services.order.circuitBreaker.failures=2"),
            QStringLiteral("services.order.circuitBreaker.openFor=2s"),
            QStringLiteral("services.order.fallback.notification=defer") };
        const Run a = run(guarded, { kCrashEmail });
        const Run b = run(guarded, { kCrashEmail });
        QCOMPARE(a.sim->fingerprint(), b.sim->fingerprint());
        QCOMPARE(a.trace->rows.size(), b.trace->rows.size());
        QVERIFY(run(guarded, { kCrashEmail }, 3).sim->fingerprint() != a.sim->fingerprint());
    }
};

QTEST_GUILESS_MAIN(TestSyncResilience)
#include "tst_syncresilience.moc"
