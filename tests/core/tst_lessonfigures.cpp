// Every number a shipped lesson states is either filled in from the run (a figure, `{{name}}`) or
// asserted here against the run, a variant of it or the scenario's configuration (issue 18, item 7;
// docs/scenario-format.md, "Lessons"). A number in a lesson's text that is neither fails, with the
// lesson, the place and the number.

#include "lessonlab.h"

#include "faults/injectionspec.h"

#include "lessons/lessonfigures.h"

#include <QJsonArray>
#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
/// A number the lesson states, and how to compute it.
struct Claim {
    QString literal; ///< as the text writes it
    std::function<double(Lab&)> value;
    double tolerance = 0; ///< relative, for "about"; 0: equal to the text's last digit
};

constexpr double kMs = 1000.0;
constexpr double kS = 1'000'000.0;

/// On the lesson's own run (default seed, no injection), at its end.
Claim end(const char* literal, const char* expression, double tolerance = 0)
{
    return { QString::fromUtf8(literal), [e = QString::fromUtf8(expression)](Lab& lab) { return Lab::number(lab.run().state, e); }, tolerance };
}
/// On a variant of the run, at its end.
Claim variant(const char* literal, QStringList sets, QStringList injects, const char* expression, double tolerance = 0)
{
    return { QString::fromUtf8(literal),
        [sets, injects, e = QString::fromUtf8(expression)](Lab& lab) { return Lab::number(lab.run(sets, injects).state, e); }, tolerance };
}
/// In the scenario file; durations ("8ms") in microseconds, divided by `unit`.
Claim config(const char* literal, const char* expression, double unit = 1)
{
    return { QString::fromUtf8(literal), [e = QString::fromUtf8(expression), unit](Lab& lab) { return Lab::number(lab.config(), e) / unit; }, 0 };
}
/// From the trace of a run (the default one unless `sets`/`injects`).
Claim traced(const char* literal, std::function<double(const LabRun&)> f, double tolerance = 0, QStringList sets = {}, QStringList injects = {})
{
    return { QString::fromUtf8(literal), [f, sets, injects](Lab& lab) { return f(lab.run(sets, injects)); }, tolerance };
}

/// The scenario's own injection `index` (its "injections" list), parsed.
InjectionSpec injection(Lab& lab, int index)
{
    const QString text = lab.config().value(QStringLiteral("injections")).toArray().at(index).toString();
    QString problem;
    const auto spec = InjectionSpec::parse(text, problem);
    if (!spec)
        throw LabError("injection " + std::to_string(index) + ": " + problem.toStdString());
    return *spec;
}
/// When the scenario's injection `index` takes effect, in `unit`, plus `offset` ("stop at 1.99 s", just before it).
Claim injectedAt(const char* literal, int index, double unit, double offset = 0)
{
    return { QString::fromUtf8(literal), [index, unit, offset](Lab& lab) { return injection(lab, index).at / unit + offset; }, 0 };
}
/// How long the scenario's injection `index` lasts (its `for=`), in `unit`.
Claim injectedFor(const char* literal, int index, double unit)
{
    return { QString::fromUtf8(literal), [index, unit](Lab& lab) { return static_cast<double>(injection(lab, index).duration.value_or(-1)) / unit; }, 0 };
}

/// A number that names something (a partition, an instance): the claim holds when `f` says the run shows it.
Claim fact(const char* literal, std::function<bool(const LabRun&)> f, QStringList sets = {}, QStringList injects = {})
{
    const QString text = QString::fromUtf8(literal);
    return { text, [f, sets, injects, text](Lab& lab) { return f(lab.run(sets, injects)) ? literalValue(text) : std::nan(""); }, 0 };
}

double count(const LabRun& run, const std::function<bool(const Row&)>& match)
{
    return static_cast<double>(std::count_if(run.rows.begin(), run.rows.end(), match));
}

/// The handled rows of one group on one partition.
std::function<double(const LabRun&)> handledOn(const QString& group, int partition)
{
    return [group, partition](const LabRun& run) {
        return count(run, [&](const Row& r) { return r.kind == QLatin1String("handled") && r.group == group && r.partition == partition; });
    };
}

/// Walks how many records `group` is behind over the run: after every trace record, the end offsets of the
/// partitions it reads minus its committed offsets, given to `visit` with the record's time until it returns false.
void walkLag(const LabRun& run, const QString& group, const std::function<bool(SimTime, qint64)>& visit)
{
    std::map<std::pair<QString, int>, qint64> end;
    std::map<std::pair<QString, int>, qint64> committed;
    QSet<QString> topics;
    for (const Row& r : run.rows)
        if (r.group == group && !r.topic.isEmpty())
            topics.insert(r.topic);
    qint64 lag = 0;
    for (const Row& r : run.rows) {
        const std::pair<QString, int> at { r.topic, r.partition };
        if (r.kind == QLatin1String("published") && topics.contains(r.topic)) {
            lag += r.offset + 1 - std::exchange(end[at], r.offset + 1);
        } else if (r.kind == QLatin1String("committed") && r.group == group) {
            lag -= r.offset - std::exchange(committed[at], r.offset);
        }
        if (!visit(r.t, lag))
            return;
    }
}

/// The most records `group` was ever behind, over the run.
double maxLag(const LabRun& run, const QString& group)
{
    qint64 most = 0;
    walkLag(run, group, [&most](SimTime, qint64 lag) {
        most = std::max(most, lag);
        return true;
    });
    return static_cast<double>(most);
}

/// How many records `group` was behind at `t`.
double lagAt(const LabRun& run, const QString& group, SimTime t)
{
    qint64 behind = 0;
    walkLag(run, group, [&behind, t](SimTime at, qint64 lag) {
        if (at > t)
            return false;
        behind = lag;
        return true;
    });
    return static_cast<double>(behind);
}

/// When `group` was first 0 records behind after `after`, or -1.
SimTime caughtUpAt(const LabRun& run, const QString& group, SimTime after)
{
    SimTime when = -1;
    walkLag(run, group, [&when, after](SimTime at, qint64 lag) {
        if (at <= after || lag != 0)
            return true;
        when = at;
        return false;
    });
    return when;
}

/// When `group` last handled something, or when the last of `kind` rows happened, in seconds.
double lastTime(const LabRun& run, const QString& kind, const QString& group = {})
{
    SimTime last = 0;
    for (const Row& r : run.rows)
        if (r.kind == kind && (group.isEmpty() || r.group == group))
            last = r.t;
    return last / kS;
}

/// When the last `kind` row of message `type` happened, in seconds.
double lastOfType(const LabRun& run, const QString& kind, const QString& type)
{
    SimTime last = 0;
    for (const Row& r : run.rows)
        if (r.kind == kind && r.type == type)
            last = r.t;
    return last / kS;
}

/// The row of `kind` ("appended", "append-conflict", "snapshot") on stream `key` that reached `version`
/// (for a conflict: the version the stream was at), or none.
const Row* streamRow(const LabRun& run, const QString& kind, const QString& key, qint64 version)
{
    for (const Row& r : run.rows)
        if (r.kind == kind && r.detail == key && r.aux == version)
            return &r;
    return nullptr;
}

/// How many `type` events were published with the reason "order cancelled": a cancelled order refused.
double refusedCancelled(const LabRun& run, const QString& type)
{
    return count(run, [&](const Row& r) {
        return r.kind == QLatin1String("published") && r.type == type && r.data.value(QLatin1String("reason")).toString() == QLatin1String("order cancelled");
    });
}

/// When `key`'s PlaceOrder was sent, and when message `type` of `key` was published, in the run.
SimTime timeOf(const LabRun& run, const QString& kind, const QString& type, const QString& key)
{
    for (const Row& r : run.rows)
        if (r.kind == kind && r.type == type && r.key == key)
            return r.t;
    throw LabError("no " + kind.toStdString() + " " + type.toStdString() + " for " + key.toStdString());
}

/// Whether every OrderCreated of `partition` was handled by inventory's instance `instance`.
std::function<bool(const LabRun&)> ownedBy(int partition, int instance)
{
    return [partition, instance](const LabRun& run) {
        return std::all_of(run.rows.begin(), run.rows.end(), [&](const Row& r) {
            return r.kind != QLatin1String("handled") || r.group != QLatin1String("inventory") || r.partition != partition || r.instance == instance;
        });
    };
}

/// The first row of `kind` for `group`'s handling of `type` of `key`.
const Row& firstRow(const LabRun& run, const QString& kind, const QString& group, const QString& type, const QString& key)
{
    for (const Row& r : run.rows)
        if (r.kind == kind && r.group == group && r.type == type && r.key == key)
            return r;
    throw LabError("no " + kind.toStdString() + " of " + type.toStdString() + " for " + key.toStdString() + " in " + group.toStdString());
}

/// How many of `service`'s duplicate effects came from a copy the bus `duplicated` (rather than a redelivery).
double effectsOfBusCopies(const LabRun& run, const QString& service, bool busCopies)
{
    QSet<std::uint32_t> copied;
    for (const Row& r : run.rows)
        if (r.kind == QLatin1String("duplicated") && r.group == service)
            copied.insert(r.message);
    return count(run, [&](const Row& r) { return r.kind == QLatin1String("duplicate-effect") && r.service == service && copied.contains(r.message) == busCopies; });
}

/// The lessons whose every number is accounted for, with the claims that account for the ones not filled in.
std::map<QString, std::vector<Claim>> claims()
{
    std::map<QString, std::vector<Claim>> c;
    const QString crash = QStringLiteral("crash@3s,service=notification,for=2s");
    c[QStringLiteral("01-pubsub-fanout")] = {
        config("3", "topics[0].partitions"),
        config("2", "services[1].instances"),
        config("200", "workload.orders"),
        // inventory#0 owns partitions 0 and 1, inventory#1 partition 2.
        fact("0", ownedBy(0, 0)),
        fact("1", ownedBy(1, 0)),
        fact("2", ownedBy(2, 1)),
        traced("62", handledOn(QStringLiteral("inventory"), 0)),
        traced("66", handledOn(QStringLiteral("inventory"), 1)),
        traced("72", handledOn(QStringLiteral("inventory"), 2)),
        config("1", "services[3].latency.value", kMs),
        config("2", "services[1].latency.min", kMs),
        config("6", "services[1].latency.max", kMs),
        config("8", "services[2].latency.mean", kMs),
        config("20", "workload.rate"),
        // While notification is down (3 s to 5 s), about 40 OrderCreated are published …
        traced("40", [](const LabRun& run) {
            return count(run, [](const Row& r) { return r.kind == QLatin1String("published") && r.t >= 3 * 1'000'000 && r.t < 5 * 1'000'000; });
        }, 0.15, {}, { crash }),
        // … its slowest delivery is about 2 s after publication …
        traced("2", [](const LabRun& run) {
            SimTime slowest = 0;
            for (const Row& r : run.rows)
                if (r.kind == QLatin1String("handled") && r.group == QLatin1String("notification"))
                    slowest = std::max(slowest, r.t - run.publishedAt(r.message));
            return slowest / kS;
        }, 0.25, {}, { crash }),
        // … and every group ends with lag 0.
        variant("0", {}, { crash }, "groups.notification.lag + groups.inventory.lag + groups.analytics.lag"),
    };
    const QStringList sync { QStringLiteral("interaction=sync") };
    const QString slowEmail = QStringLiteral("slow,service=notification,factor=5");
    const QString crashEmail = QStringLiteral("crash@10s,service=notification,for=5s");
    const QString first = QStringLiteral("order-000001");
    const QStringList pool = sync + QStringList { QStringLiteral("services.order.workers=8") };
    const QStringList slowSet { QStringLiteral("services.notification.latency=200ms") };
    const QStringList guarded = pool
        + QStringList { QStringLiteral("services.order.bulkheads.notification=4"), QStringLiteral("services.order.circuitBreaker.failures=2"),
              QStringLiteral("services.order.circuitBreaker.openFor=2s"), QStringLiteral("services.order.fallback.notification=defer") };
    c[QStringLiteral("02-request-response-vs-events")] = {
        // order-000001 completes about 12 ms after it was placed; its confirmation goes out about 70 ms later.
        traced("12", [first](const LabRun& run) {
            return (timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCompleted"), first) - timeOf(run, QStringLiteral("command"), QStringLiteral("PlaceOrder"), first)) / kMs;
        }, 0.1),
        traced("70", [first](const LabRun& run) {
            SimTime emailed = -1;
            for (const Row& r : run.rows)
                if (r.kind == QLatin1String("handled") && r.group == QLatin1String("notification") && r.type == QLatin1String("OrderCompleted") && r.key == first)
                    emailed = r.t;
            return (emailed - timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCompleted"), first)) / kMs;
        }, 0.15),
        config("40", "services[4].latency", kMs),
        config("10", "workload.rate"),
        // The call chain (interaction sync).
        variant("56", sync, {}, "latency.p50Us / 1ms", 0.1),
        variant("150", sync, {}, "latency.p95Us / 1ms", 0.1),
        variant("200", sync, {}, "latency.p99Us / 1ms", 0.1),
        // Every email five times slower: 200 ms, and the orders do not notice.
        { QStringLiteral("200"), [](Lab& lab) { return 5 * Lab::number(lab.config(), QStringLiteral("services[4].latency")) / kMs; }, 0 },
        variant("13", {}, { slowEmail }, "latency.p50Us / 1ms", 0.05),
        variant("13.1", {}, { slowEmail }, "latency.p50Us / 1ms"),
        variant("15.0", {}, { slowEmail }, "latency.p99Us / 1ms"),
        variant("600", {}, { slowEmail }, "topics['orders.events'].records"),
        { QStringLiteral("20"), [](Lab& lab) { return 2 * Lab::number(lab.config(), QStringLiteral("workload.rate")); }, 0 },
        traced("90", [](const LabRun& run) {
            SimTime latest = 0;
            for (const Row& r : run.rows)
                if (r.kind == QLatin1String("handled") && r.group == QLatin1String("notification") && r.type == QLatin1String("OrderCompleted"))
                    latest = std::max(latest, r.t - timeOf(run, QStringLiteral("command"), QStringLiteral("PlaceOrder"), r.key));
            return latest / kS;
        }, 0.1, {}, { slowEmail }),
        variant("120", {}, { slowEmail }, "simTimeUs / 1s", 0.05),
        // The call chain with the slow email: orders every 100 ms on average, and the queue never drains.
        { QStringLiteral("100"), [](Lab& lab) { return 1000 / Lab::number(lab.config(), QStringLiteral("workload.rate")); }, 0 },
        variant("15.6", sync + QStringList { QStringLiteral("services.notification.latency=200ms") }, {}, "latency.p50Us / 1s", 0.03),
        variant("32", sync + QStringList { QStringLiteral("services.notification.latency=200ms") }, {}, "latency.p99Us / 1s", 0.05),
        // notification down for 5 s: events finish every order; the call chain cancels 2 at its 2 s timeout.
        variant("300", {}, { crashEmail }, "order.reachedStatus.completed"),
        variant("4.4", sync, { crashEmail }, "latency.p95Us / 1s", 0.05),
        variant("2", sync, { crashEmail }, "order.reachedStatus.cancelled"),
        config("2", "services[0].timeout", kS),
        // The single worker is the default, and what `--set interaction=sync` alone runs.
        variant("1", sync, {}, "order.pool.workers"),
        // A pool of 8 with the 200 ms email: the slowness hidden, never all 8 busy in this run.
        variant("8", pool, {}, "order.pool.workers"),
        { QStringLiteral("0.2"), [](Lab& lab) { return 5 * Lab::number(lab.config(), QStringLiteral("services[4].latency")) / kS; }, 0 },
        variant("215", pool + slowSet, {}, "latency.p50Us / 1ms", 0.01),
        variant("216", pool + slowSet, {}, "latency.p99Us / 1ms", 0.01),
        variant("7", pool + slowSet, {}, "order.pool.busyMax"),
        // The pool in the outage: every worker stuck, orders queued, 16 cancelled and emailed anyway.
        variant("8", pool, { crashEmail }, "order.pool.busyMax"),
        variant("19", pool, { crashEmail }, "order.pool.queuedMax"),
        variant("16", pool, { crashEmail }, "order.reachedStatus.cancelled"),
        variant("16", pool, { crashEmail }, "notification.emailsSent - order.reachedStatus.completed"),
        variant("2", pool, { crashEmail }, "latency.p95Us / 1s", 0.05),
        // The guarded pool: a bulkhead of 4, a breaker after 2 timeouts for 2 s, the email deferred.
        variant("4", guarded, { crashEmail }, "order.calls.notification.inFlightMax"),
        traced("2", [](const LabRun& run) {
            for (const Row& r : run.rows)
                if (r.kind == QLatin1String("breaker") && r.detail == QLatin1String("open"))
                    return static_cast<double>(r.aux);
            return -1.0;
        }, 0, guarded, { crashEmail }),
        variant("300", guarded, { crashEmail }, "order.reachedStatus.completed"),
        variant("300", guarded, { crashEmail }, "notification.emailsSent"),
        variant("13", guarded, { crashEmail }, "order.breaker.notification.rejectedFast"),
        variant("34", guarded, { crashEmail }, "order.emailsDeferred"),
        variant("2", guarded, { crashEmail }, "latency.p99Us / 1s", 0.05),
    };
    c[QStringLiteral("15-dual-write-outbox")] = {
        config("20", "services[0].relayInterval", kMs),
    };
    const QString slowStatus = QStringLiteral("slow,service=order-status-view,factor=5");
    c[QStringLiteral("05-cqrs-read-models")] = {
        config("8", "services[6].latency", kMs),
        config("15", "services[7].latency", kMs),
        config("4", "services[8].latency", kMs),
        config("30", "services[9].latency", kMs),
        config("100", "services[10].every", kMs),
        config("30", "workload.rate"),
        // Run Until 0.5 s: the order-status view has rows to look at by then (its first handling, in tenths of a
        // second rounded up, is at most 0.5).
        traced("0.5", [](const LabRun& run) {
            for (const Row& r : run.rows)
                if (r.kind == QLatin1String("handled") && r.group == QLatin1String("order-status-view"))
                    return std::max(0.5, std::ceil(static_cast<double>(r.t) / kS * 10) / 10);
            return 0.0;
        }),
        // How far each view falls behind, from this run's trace.
        traced("4", [](const LabRun& run) { return maxLag(run, QStringLiteral("inventory-view")); }),
        traced("19", [](const LabRun& run) { return maxLag(run, QStringLiteral("order-status-view")); }),
        traced("37", [](const LabRun& run) { return maxLag(run, QStringLiteral("order-history-view")); }),
        traced("295", [](const LabRun& run) { return maxLag(run, QStringLiteral("revenue-view")); }, 0.02),
        // revenue-view works some 8 s after the last event was published; the run lasts about 18 s, the orders stop at about 10 s.
        traced("8", [](const LabRun& run) {
            return lastTime(run, QStringLiteral("handled"), QStringLiteral("revenue-view")) - lastTime(run, QStringLiteral("published"));
        }, 0.1),
        end("18", "simTimeUs / 1s", 0.05),
        traced("10", [](const LabRun& run) { return lastOfType(run, QStringLiteral("command"), QStringLiteral("PlaceOrder")); }, 0.05),
        // Slowed five times (the step's injection): 40 ms per event …
        { QStringLiteral("40"), [](Lab& lab) { return 5 * Lab::number(lab.config(), QStringLiteral("services[6].latency")) / kMs; }, 0 },
        variant("13.1", {}, { slowStatus }, "latency.p50Us / 1ms"),
        variant("1788", {}, { slowStatus }, "readModels.orderStatusView.appliedEvents"),
        variant("164", {}, { slowStatus }, "staleReads"),
        variant("165", {}, { slowStatus }, "customer.queries"),
        variant("86", {}, { slowStatus }, "customer.notFoundYet"),
        traced("24", [](const LabRun& run) { return lastTime(run, QStringLiteral("handled"), QStringLiteral("order-status-view")); }, 0.05, {}, { slowStatus }),
        variant("300", {}, { slowStatus }, "readModels.orderStatusView.rows"),
    };
    // 03: payment's charge for order-000057 just before the crash at 2 s, and its redelivery at the restart.
    const QString payment = QStringLiteral("payment");
    const auto chargedBeforeCrash = [payment](const LabRun& run) {
        return firstRow(run, QStringLiteral("handled"), payment, QStringLiteral("StockReserved"), QStringLiteral("order-000057"));
    };
    const auto redelivered = [payment](const LabRun& run) {
        return firstRow(run, QStringLiteral("redelivered"), payment, QStringLiteral("StockReserved"), QStringLiteral("order-000057"));
    };
    const QStringList inboxes { QStringLiteral("services.payment.idempotent=true"), QStringLiteral("services.notification.idempotent=true") };
    c[QStringLiteral("03-duplicates-idempotency")] = {
        config("50", "services[2].subscriptions[0].commitDelay", kMs),
        config("50", "services[4].subscriptions[0].commitDelay", kMs),
        injectedAt("2", 0, kS),
        injectedAt("4", 1, kS),
        injectedAt("6", 2, kS),
        injectedFor("500", 0, kMs),
        injectedFor("500", 1, kMs),
        injectedFor("500", 2, kMs),
        injectedAt("3", 3, kS),
        injectedAt("5", 4, kS),
        injectedAt("1.99", 0, kS, -0.01),
        traced("1.95", [chargedBeforeCrash](const LabRun& run) { return chargedBeforeCrash(run).t / kS; }),
        { QStringLiteral("2.00"), [chargedBeforeCrash](Lab& lab) {
             return (chargedBeforeCrash(lab.run()).t + Lab::number(lab.config(), QStringLiteral("services[2].subscriptions[0].commitDelay"))) / kS;
         }, 0 },
        traced("2.5", [redelivered](const LabRun& run) { return redelivered(run).t / kS; }),
        traced("2.6", [redelivered](const LabRun& run) { return redelivered(run).t / kS + 0.1; }), // just after it
        traced("32", [redelivered](const LabRun& run) { return static_cast<double>(redelivered(run).offset); }),
        traced("2", [redelivered](const LabRun& run) { return static_cast<double>(redelivered(run).attempt); }),
        // Payment's double charges: 3 from the duplicated deliveries, 5 from redeliveries after the crashes.
        traced("3", [payment](const LabRun& run) { return effectsOfBusCopies(run, payment, true); }),
        traced("5", [payment](const LabRun& run) { return effectsOfBusCopies(run, payment, false); }),
        end("8", "payment.duplicateEffects"),
        variant("937,500", inboxes, {}, "analytics.revenueCents"),
        variant("937,500", inboxes, {}, "payment.balanceCents"),
    };
    c[QStringLiteral("04-ordering-partitions")] = {
        config("3", "services[0].rules[1].after", kMs),
        // The producer's retry backoff (the injection's latency=) and the resequencer's parkTimeout.
        { QStringLiteral("100"), [](Lab& lab) { return static_cast<double>(injection(lab, 0).latency.value_or(-1)) / kMs; }, 0 },
        config("1", "services[2].subscriptions[0].parkTimeout", kS),
        config("2", "services[0].rules[1].publish.data.entityVersion"), // OrderCompleted's entityVersion
    };
    // 10: fraud attaches at 10 s and replays the log.
    const QString fraud = QStringLiteral("fraud");
    const QString attach = QStringLiteral("services[6].attachAt");
    const auto placedBefore = [](SimTime t) {
        return [t](const LabRun& run) { return count(run, [t](const Row& r) { return r.kind == QLatin1String("command") && r.type == QLatin1String("PlaceOrder") && r.t < t; }); };
    };
    const QString alert = QStringLiteral("order-000041"); // the first FraudSuspected is about it
    const QStringList latest { QStringLiteral("services.fraud.startFrom=latest") };
    const QStringList retention { QStringLiteral("topics.orders.events.retention=5s") }; // the last step's variant
    c[QStringLiteral("10-new-consumer")] = {
        config("10", "services[6].attachAt", kS),
        traced("300", placedBefore(10 * kS), 0.05),
        traced("308", placedBefore(10 * kS)),
        config("600", "workload.orders"),
        fact("0", [fraud](const LabRun& run) {
            return std::all_of(run.rows.begin(), run.rows.end(), [&](const Row& r) { return r.kind != QLatin1String("rebalanced") || r.group != fraud || (r.offset == 0 && r.t == 10 * kS); });
        }),
        traced("445", [fraud](const LabRun& run) { return lagAt(run, fraud, 10'200'000); }, 0.02),
        fact("10.2", [fraud](const LabRun& run) { return lagAt(run, fraud, 10'200'000) > 0; }), // the moment the text looks at: still behind
        fact("11", [fraud](const LabRun& run) { const SimTime t = caughtUpAt(run, fraud, 10 * kS); return t > 0 && t < 11 * kS; }),
        traced("10.02", [alert](const LabRun& run) { return timeOf(run, QStringLiteral("published"), QStringLiteral("FraudSuspected"), alert) / kS; }),
        fact("10.02", [alert](const LabRun& run) {
            return std::find_if(run.rows.begin(), run.rows.end(), [](const Row& r) { return r.type == QLatin1String("FraudSuspected"); })->key == alert;
        }),
        traced("1.5", [alert](const LabRun& run) { return timeOf(run, QStringLiteral("command"), QStringLiteral("PlaceOrder"), alert) / kS; }),
        traced("13", [alert](const LabRun& run) {
            return (timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCompleted"), alert) - timeOf(run, QStringLiteral("command"), QStringLiteral("PlaceOrder"), alert)) / kMs;
        }, 0.05),
        traced("616", [](const LabRun& run) {
            return count(run, [](const Row& r) { return r.kind == QLatin1String("published") && r.topic == QLatin1String("orders.events") && r.t < 10 * kS; });
        }),
        { QStringLiteral("100"), [](Lab&) { return static_cast<double>(CheckJudge::kSampleEvery) / kMs; }, 0 },
        variant("292", latest, {}, "fraud.scored"),
        variant("10.06", latest, {}, "fraud.firstOrderSeenPublishedAtUs / 1s"),
        variant("5", retention, {}, "topics['orders.events'].retentionUs / 1s"),
        variant("451", retention, {}, "fraud.scored"),
        variant("4.5", retention, {}, "fraud.firstOrderSeenPublishedAtUs / 1s"),
        variant("298", retention, {}, "groups.fraud.expired"),
    };
    // 11: Globex onboarded at 10 s; its email sender attached late, at 15 s, in the last step's variant.
    const auto skippedTenant = [](const char* group) {
        return [g = QString::fromUtf8(group)](const LabRun& run) {
            return count(run, [&](const Row& r) { return r.kind == QLatin1String("handled") && r.group == g && r.topic == QLatin1String("orders.events") && r.outcome == QLatin1String("skipped-tenant"); });
        };
    };
    constexpr int lateAttach = 15;
    const QStringList attachedLate { QStringLiteral("services.globex-notification.attachAt=%1s").arg(lateAttach) };
    const QStringList noQuota { QStringLiteral("workload.tenants.globex.quota=0") };
    c[QStringLiteral("11-multi-tenant")] = {
        config("10", "workload.tenants[2].from", kS),
        config("10", "services[6].attachAt", kS),
        config("10", "services[7].attachAt", kS),
        config("3", "topics[0].partitions"),
        traced("388", skippedTenant("globex-notification")),
        traced("600", skippedTenant("notification")),
        end("10.05", "workload.tenants.globex.firstOrderUs / 1s"),
        config("400", "workload.orders"),
        config("5", "services[2].declineProbability * 100"),
        variant("15", { QStringLiteral("workload.tenants.globex.orders=0") }, {}, "analytics.tenants.acme.cancelled"),
        { QStringLiteral("5"), [](Lab& lab) { return lateAttach - Lab::number(lab.config(), QStringLiteral("services[6].attachAt")) / kS; }, 0 },
        { QStringLiteral("15"), [](Lab&) { return double(lateAttach); }, 0 }, // the variant's input, as the text states it
        config("300", "workload.tenants[2].orders"),
        variant("166", attachedLate, {}, "services['globex-notification'].emailsSent"),
        variant("300", attachedLate + QStringList { QStringLiteral("services.globex-notification.startFrom=earliest") }, {}, "services['globex-notification'].emailsSent"),
        // Globex's flash sale, the shared payment service's capacity and the edge's quota.
        config("12", "workload.tenants[2].burst.at", kS),
        config("1", "workload.tenants[2].burst.for", kS),
        config("300", "workload.tenants[2].burst.rate"),
        config("20", "workload.rate"),
        config("5", "services[2].latency", kMs),
        config("40", "workload.tenants[2].quota"),
        // The rest of globex's orders arrive in the sale's second: fewer than 300 a second's worth were left.
        { QStringLiteral("1"), [](Lab& lab) {
             const LabRun& run = lab.run();
             double before = 0;
             for (const Row& r : run.rows)
                 before += r.kind == QLatin1String("command") && r.type == QLatin1String("PlaceOrder") && r.key.startsWith(QLatin1String("order-globex-")) && static_cast<double>(r.t) < 12 * kS ? 1 : 0;
             return (Lab::number(lab.config(), QStringLiteral("workload.tenants[2].orders")) - before) <= 300 ? 1.0 : std::nan("");
         }, 0 },
        // Without the quota: the neighbours' p99 and globex's own median, in seconds.
        variant("2.2", noQuota, {}, "order.latencyUs.byTenant.acme.p99 / 1s"),
        variant("1.7", noQuota, {}, "order.latencyUs.byTenant.initech.p99 / 1s"),
        variant("0.8", noQuota, {}, "order.latencyUs.byTenant.globex.p50 / 1s"),
        variant("0.2", noQuota + QStringList { QStringLiteral("services.payment.instances=3") }, {}, "order.latencyUs.byTenant.acme.p99 / 1s"),
    };
    // 12: analytics' lag at the moments the text looks at, and how scaling it out ends the run sooner.
    const auto until = [](const char* time) { return QStringList { QStringLiteral("until=%1s").arg(QString::fromUtf8(time)) }; };
    // The run stopped at a moment the text names: the moment (the run reaches it) and analytics' lag then.
    const auto moment = [until](const char* time) { return variant(time, until(time), {}, "simTimeUs / 1s"); };
    const auto lagAtTime = [until](const char* literal, const char* time) { return variant(literal, until(time), {}, "groups.analytics.lag", 0.05); };
    const auto analytics = [](const char* setting) { return QStringList { QStringLiteral("services.analytics.") + QString::fromUtf8(setting) }; };
    c[QStringLiteral("12-slow-consumer-backpressure")] = {
        config("80", "services[5].latency", kMs),
        config("40", "workload.rate"),
        { QStringLiteral("120"), [](Lab& lab) { return 3 * Lab::number(lab.config(), QStringLiteral("workload.rate")); }, 0 }, // three events an order
        config("400", "workload.orders"),
        config("10", "workload.orders / workload.rate"),
        config("1", "services[1].latency.min", kMs),
        config("3", "services[1].latency.max", kMs),
        traced("10", [](const LabRun& run) {
            SimTime last = 0;
            for (const Row& r : run.rows)
                if (r.kind == QLatin1String("handled") && !r.group.isEmpty() && r.group != QLatin1String("analytics"))
                    last = r.t;
            return last / kS;
        }, 0.1),
        { QStringLiteral("100"), [](Lab&) { return static_cast<double>(CheckJudge::kSampleEvery) / kMs; }, 0 },
        moment("1"), lagAtTime("85", "1"),
        moment("5"), lagAtTime("500", "5"),
        moment("10"), lagAtTime("950", "10"),
        moment("20"), lagAtTime("700", "20"),
        moment("40"), lagAtTime("300", "40"),
        traced("7", [](const LabRun& run) {
            double most = 0;
            for (const char* group : { "inventory", "payment", "shipping", "order", "notification" })
                most = std::max(most, maxLag(run, QString::fromUtf8(group)));
            return most;
        }),
        fact("10.1", [](const LabRun& run) { return lastTime(run, QStringLiteral("command")) < 10.1; }), // just after the last order
        moment("10.1"),
        variant("400", until("10.1"), {}, "payment.charges"),
        variant("1,161,000", until("10.1"), {}, "payment.balanceCents"),
        variant("372,000", until("10.1"), {}, "analytics.revenueCents"),
        config("3", "topics[0].partitions"),
        config("3", "topics[2].partitions"),
        variant("2", analytics("instances=2"), {}, "analytics.instances"),
        variant("43.6", analytics("instances=2"), {}, "simTimeUs / 1s"),
        variant("24.3", analytics("instances=3"), {}, "simTimeUs / 1s"),
        variant("6", analytics("instances=6"), {}, "analytics.instances"),
        variant("24.3", analytics("instances=6"), {}, "simTimeUs / 1s"),
        { QStringLiteral("4"), [](Lab& lab) { return Lab::number(lab.config(), QStringLiteral("topics[0].partitions")) + 1; }, 0 }, // the first instance left idle
        variant("32", analytics("subscriptions.0.maxInFlight=4"), {}, "simTimeUs / 1s", 0.02),
    };
    // 13: order-000058's four failed attempts on partition 1, and what the retries cost the healthy orders.
    const QString notification = QStringLiteral("notification");
    const QString poisoned = QStringLiteral("order-000058");
    const auto attemptAt = [notification, poisoned](int attempt) {
        return [notification, poisoned, attempt](const LabRun& run) {
            for (const Row& r : run.rows)
                if (r.kind == QLatin1String("handled") && r.group == notification && r.key == poisoned && r.attempt == attempt && r.outcome == QLatin1String("failed"))
                    return r.t / kS;
            return -1.0;
        };
    };
    const auto healthy = [notification](const Row& r) {
        static const QSet<QString> poison { QStringLiteral("order-000058"), QStringLiteral("order-000059"), QStringLiteral("order-000060") };
        return r.kind == QLatin1String("handled") && r.group == notification && !poison.contains(r.key);
    };
    // How late notification handled a healthy order at worst (seconds), and when it last was more than 20 ms late.
    const auto worstDelay = [healthy](const LabRun& run) {
        SimTime worst = 0;
        for (const Row& r : run.rows)
            if (healthy(r))
                worst = std::max(worst, r.t - run.publishedAt(r.message));
        return static_cast<double>(worst);
    };
    const auto retriedBackoff = [](int retry) { // the wait before retry `retry` (1-based), in ms
        return [retry](Lab& lab) {
            return Lab::number(lab.config(), QStringLiteral("services[1].subscriptions[0].retry.backoff")) / kMs
                * std::pow(Lab::number(lab.config(), QStringLiteral("services[1].subscriptions[0].retry.multiplier")), retry - 1);
        };
    };
    // Partition `p` is one notification reads, and not the poison message's.
    const auto otherPartition = [notification, poisoned](int p) {
        return [notification, poisoned, p](const LabRun& run) {
            const bool read = std::any_of(run.rows.begin(), run.rows.end(), [&](const Row& r) { return r.kind == QLatin1String("handled") && r.group == notification && r.partition == p; });
            return read && firstRow(run, QStringLiteral("dead-lettered"), notification, QStringLiteral("OrderCreated"), poisoned).partition != p;
        };
    };
    const QStringList noRetries { QStringLiteral("services.notification.subscriptions.0.retry.count=0") };
    c[QStringLiteral("13-poison-message-dead-letter")] = {
        injectedAt("2", 0, kS),
        config("3", "services[1].subscriptions[0].retry.count"),
        config("100", "services[1].subscriptions[0].retry.backoff", kMs),
        config("2", "services[1].subscriptions[0].retry.multiplier"),
        { QStringLiteral("100"), retriedBackoff(1), 0 },
        { QStringLiteral("200"), retriedBackoff(2), 0 },
        { QStringLiteral("400"), retriedBackoff(3), 0 },
        traced("2.067", attemptAt(1)),
        traced("2.172", attemptAt(2)),
        traced("2.377", attemptAt(3)),
        traced("2.782", attemptAt(4)),
        traced("2.782", [poisoned](const LabRun& run) { return firstRow(run, QStringLiteral("dead-lettered"), QStringLiteral("notification"), QStringLiteral("OrderCreated"), poisoned).t / kS; }),
        traced("0.7", [attemptAt](const LabRun& run) { return attemptAt(4)(run) - attemptAt(1)(run); }),
        fact("4", [attemptAt](const LabRun& run) { return attemptAt(4)(run) > 0 && attemptAt(5)(run) < 0; }), // attempts 1 to 4
        fact("5", [](const LabRun& run) { return lastTime(run, QStringLiteral("dead-lettered")) < 5; }), // play to about 5 s: all dead-lettered
        traced("5.4", [](const LabRun& run) { return lastTime(run, QStringLiteral("command")); }, 0.02),
        traced("1", [notification, poisoned](const LabRun& run) { return static_cast<double>(firstRow(run, QStringLiteral("dead-lettered"), notification, QStringLiteral("OrderCreated"), poisoned).partition); }),
        config("3", "topics[0].partitions"),
        fact("0", otherPartition(0)),
        fact("2", otherPartition(2)),
        traced("0", [notification](const LabRun& run) { return static_cast<double>(firstRow(run, QStringLiteral("handled"), notification, QStringLiteral("OrderCreated"), QStringLiteral("order-000061")).partition); }),
        traced("2.2", [](const LabRun& run) { return timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCreated"), QStringLiteral("order-000061")) / kS; }),
        traced("2.787", [notification](const LabRun& run) { return firstRow(run, QStringLiteral("handled"), notification, QStringLiteral("OrderCreated"), QStringLiteral("order-000061")).t / kS; }),
        traced("2.07", attemptAt(1)),
        traced("4.5", [healthy](const LabRun& run) {
            SimTime last = 0;
            for (const Row& r : run.rows)
                if (healthy(r) && r.t - run.publishedAt(r.message) > 20 * kMs)
                    last = r.t;
            return last / kS;
        }, 0.05),
        traced("1.5", [worstDelay](const LabRun& run) { return worstDelay(run) / kS; }, 0.05),
        traced("20", [worstDelay](const LabRun& run) { return worstDelay(run) / kMs; }, 0.1, noRetries),
    };
    // 07 and 08: the first orders, up to "Run Until 0.2 s": order-000001 has completed, no card is declined yet.
    const auto beforeTheFirstDecline = [](const char* literal) {
        return fact(literal, [t = literalValue(QString::fromUtf8(literal)) * kS](const LabRun& run) {
            const auto first = [&run](const char* type) {
                for (const Row& r : run.rows)
                    if (r.kind == QLatin1String("published") && r.type == QLatin1String(type))
                        return static_cast<double>(r.t);
                return std::nan("");
            };
            return first("OrderCompleted") < t && first("PaymentFailed") > t;
        });
    };
    // A step's own injection (the lesson's `inject`), parsed: when it acts and for how long, in s.
    const auto stepInjection = [](Lab& lab, int step) {
        const QString text = lab.config()[QLatin1String("lesson")][QLatin1String("steps")][step][QLatin1String("inject")].toString();
        QString problem;
        const auto spec = InjectionSpec::parse(text, problem);
        if (!spec)
            throw LabError("step " + std::to_string(step) + ": " + problem.toStdString());
        return *spec;
    };
    const auto outageEnds = [stepInjection](const char* literal, int step) {
        return Claim { QString::fromUtf8(literal), [stepInjection, step](Lab& lab) {
                          const InjectionSpec spec = stepInjection(lab, step);
                          return static_cast<double>(spec.at + spec.duration.value_or(0)) / kS;
                      } };
    };
    const auto chargeBackoffTimes = [](const char* literal, double factor) {
        return Claim { QString::fromUtf8(literal),
            [factor](Lab& lab) { return factor * Lab::number(lab.config(), QStringLiteral("sagas[0].steps[1].retry.backoff")) / kMs; } };
    };
    const QString ridden = QStringLiteral("crash@1s,service=payment,for=5s"); // step 6's outage
    c[QStringLiteral("07-saga-orchestration")] = {
        config("0.1", "services[2].declineProbability"),
        beforeTheFirstDecline("0.2"),
        injectedAt("2", 0, kS),
        // The charge's retry policy: 500 ms a try, then 200, 400, 800 ms, then every 1 s, up to 10 s.
        config("500", "sagas[0].steps[1].timeout", kMs),
        chargeBackoffTimes("200", 1),
        chargeBackoffTimes("400", 2),
        chargeBackoffTimes("800", 4),
        config("1", "sagas[0].steps[1].retry.maxBackoff", kS),
        config("10", "sagas[0].steps[1].retry.deadline", kS),
        // The outage of step 6 (asked about in step 5): from 1 s for 5 s, so until 6 s.
        { QStringLiteral("5"), [stepInjection](Lab& lab) { return static_cast<double>(stepInjection(lab, 6).duration.value_or(0)) / kS; } },
        outageEnds("6", 6),
        // …which cancelled 30 of the 60 orders with three tries a few hundred ms apart.
        variant("30", { QStringLiteral("sagas.order-fulfilment.steps.charge-payment.retry={\"count\": 2, \"backoff\": \"100ms\"}") }, { ridden },
            "sagas.compensated"),
        config("60", "workload.orders"),
        // Step 7's outage outlasts the deadline: payment is back at 16 s.
        outageEnds("16", 7),
        // A 90 s outage outlasts the compensation's minute of tries too: sagas are stuck.
        fact("90", [](const LabRun& run) { return Lab::number(run.state, QStringLiteral("sagas.stuck")) > 0; }, {},
            { QStringLiteral("crash@1s,service=payment,for=90s") }),
    };
    const QStringList orchestrated { QStringLiteral("sagas.order-fulfilment.style=orchestration") };
    const QString victim = QStringLiteral("order-000018");
    const auto publishedAt = [victim](const char* type) {
        return [victim, t = QString::fromUtf8(type)](const LabRun& run) { return timeOf(run, QStringLiteral("published"), t, victim) / kS; };
    };
    c[QStringLiteral("08-saga-choreography")] = {
        config("7", "seed"),
        beforeTheFirstDecline("0.2"),
        // The declined charge the scenario injects, and the events that undo it.
        traced("2.011", publishedAt("PaymentFailed")),
        traced("2.016", publishedAt("StockReleased")),
        traced("2.020", publishedAt("OrderCancelled")),
        // The same scenario with a coordinator.
        variant("28.2", orchestrated, {}, "latency.p50Us / 1ms"),
        variant("879", orchestrated, {}, "deliveries"),
    };
    const QString one = QStringLiteral("order-000001");
    const QString race = QStringLiteral("order-000024");
    // When the stream reached `version`, in ms (order-000001) or s (order-000024).
    const auto appended = [](const QString& key, qint64 version, double unit) {
        return [key, version, unit](const LabRun& run) {
            const Row* r = streamRow(run, QStringLiteral("appended"), key, version);
            return r ? r->t / unit : std::nan("");
        };
    };
    const auto isVersion = [](const QString& key, qint64 version, const char* cause) {
        return [key, version, c = QString::fromUtf8(cause)](const LabRun& run) {
            const Row* r = streamRow(run, QStringLiteral("appended"), key, version);
            return r && r->type == c;
        };
    };
    const auto at = [race](const char* kind, const char* type) {
        return [race, k = QString::fromUtf8(kind), t = QString::fromUtf8(type)](const LabRun& run) { return timeOf(run, k, t, race) / kS; };
    };
    const auto conflicts = [](const char* type) {
        return [t = QString::fromUtf8(type)](const LabRun& run) {
            return count(run, [&](const Row& r) { return r.kind == QLatin1String("append-conflict") && r.type == t; });
        };
    };
    // A conflict on `key`: expected `expected`, the stream was at `actual`, retried at once as `actual` + 1.
    const auto conflict = [](const QString& key, qint64 expected, qint64 actual) {
        return [key, expected, actual](const LabRun& run) {
            const Row* c = streamRow(run, QStringLiteral("append-conflict"), key, actual);
            const Row* retry = streamRow(run, QStringLiteral("appended"), key, actual + 1);
            return c && c->offset == expected && retry && retry->t == c->t;
        };
    };
    const auto orderConflictTime = [one](const LabRun& run) {
        const Row* c = streamRow(run, QStringLiteral("append-conflict"), one, 3);
        return c ? c->t / kMs : std::nan("");
    };
    const QStringList lateCancels { QStringLiteral("workload.cancelAfter=12ms") };
    const QStringList lateCancelsUnchecked { QStringLiteral("workload.cancelAfter=12ms"), QStringLiteral("services.order.expectedVersion=any") };
    // Some cancel's append expected version 3 (paid), found the stream at 5 (OrderShipped and OrderCompleted,
    // both from ShipmentScheduled), and the cancel was then rejected.
    const auto lateCancelRejected = [](const LabRun& run) {
        return std::any_of(run.rows.begin(), run.rows.end(), [&](const Row& c) {
            if (c.kind != QLatin1String("append-conflict") || c.type != QLatin1String("CancelOrder") || c.offset != 3 || c.aux != 5)
                return false;
            const Row* shipped = streamRow(run, QStringLiteral("appended"), c.detail, 4);
            const Row* completed = streamRow(run, QStringLiteral("appended"), c.detail, 5);
            const bool rejected = std::any_of(run.rows.begin(), run.rows.end(), [&](const Row& r) {
                return r.kind == QLatin1String("rejected") && r.message == c.message && r.detail == QLatin1String("cannot cancel after shipping");
            });
            return shipped && completed && shipped->type == QLatin1String("ShipmentScheduled") && completed->type == QLatin1String("ShipmentScheduled") && rejected;
        });
    };
    // Some stream's version 6 is a cancel appended on top of its completion (version 5).
    const auto cancelledAfterCompleting = [](const LabRun& run) {
        return std::any_of(run.rows.begin(), run.rows.end(), [&](const Row& r) {
            if (r.kind != QLatin1String("appended") || r.aux != 6 || r.type != QLatin1String("CancelOrder"))
                return false;
            const Row* completed = streamRow(run, QStringLiteral("appended"), r.detail, 5);
            return completed && completed->type == QLatin1String("ShipmentScheduled");
        });
    };
    QStringList oneAtATime;
    for (int i = 0; i < 3; ++i)
        oneAtATime << QStringLiteral("services.order.subscriptions.%1.maxInFlight=1").arg(i);
    c[QStringLiteral("06-event-sourcing-time-travel")] = {
        // order-000001's stream: versions 1 to 5, and what caused each.
        fact("1", isVersion(one, 1, "PlaceOrder")),
        fact("2", isVersion(one, 2, "StockReserved")),
        fact("3", isVersion(one, 3, "PaymentCharged")),
        fact("4", isVersion(one, 4, "ShipmentScheduled")),
        fact("5", [=](const LabRun& run) { return isVersion(one, 5, "ShipmentScheduled")(run) && !streamRow(run, QStringLiteral("appended"), one, 6); }),
        traced("8.9", appended(one, 1, kMs)),
        traced("15.5", appended(one, 2, kMs)),
        traced("19.9", appended(one, 3, kMs)),
        traced("23.0", appended(one, 4, kMs)),
        traced("23.0", appended(one, 5, kMs)),
        // Snapshots every 3 events, one for each stream that reached 3.
        fact("3", [](const LabRun& run) {
            return std::all_of(run.rows.begin(), run.rows.end(), [](const Row& r) { return r.kind != QLatin1String("snapshot") || r.aux % 3 == 0; });
        }),
        traced("139", [](const LabRun& run) { return count(run, [](const Row& r) { return r.kind == QLatin1String("snapshot"); }); }),
        // Time travel: at 21 ms order-000001 is at version 3; by 25 ms at version 5.
        fact("21", [=](const LabRun& run) { return appended(one, 3, kMs)(run) < 21 && appended(one, 4, kMs)(run) > 21; }),
        fact("0.021", [=](const LabRun& run) { return appended(one, 3, kS)(run) < 0.021 && appended(one, 4, kS)(run) > 0.021; }),
        fact("25", [=](const LabRun& run) { return appended(one, 5, kMs)(run) < 25; }),
        traced("18.5", [one](const LabRun& run) { return timeOf(run, QStringLiteral("published"), QStringLiteral("ShipmentScheduled"), one) / kMs; }),
        // order-000001's conflict: expected 2, the stream was at 3.
        fact("2", conflict(one, 2, 3)),
        fact("3", conflict(one, 2, 3)),
        traced("23.0", orderConflictTime),
        // order-000024: the cancel races StockReserved.
        traced("0.757", appended(race, 1, kS)),
        traced("0.7588", at("command", "CancelOrder")),
        traced("0.760", at("delivered", "CancelOrder")),
        traced("0.762", appended(race, 2, kS)),
        fact("1", conflict(race, 1, 2)),
        fact("2", conflict(race, 1, 2)),
        fact("3", isVersion(race, 3, "CancelOrder")),
        traced("0.7631", appended(race, 3, kS)),
        traced("0.7627", at("published", "PaymentCharged")),
        traced("0.7657", at("published", "ShipmentScheduled")),
        traced("0.7683", at("published", "StockShipped")),
        traced("0.7675", at("published", "PaymentRefunded")),
        traced("0.7675", at("published", "ShipmentCancelled")),
        traced("0.7685", at("published", "StockReleased")),
        // Running until 0.8 s shows order-000024's whole race: its last event, rounded up to a tenth of a second.
        traced("0.8", [released = at("published", "StockReleased")](const LabRun& run) { return std::ceil(released(run) * 10) / 10; }),
        // Where the conflicts come from.
        traced("42", conflicts("ShipmentScheduled")),
        traced("42", conflicts("PaymentCharged")),
        traced("3", conflicts("PaymentFailed")),
        traced("3", conflicts("CancelOrder")),
        config("1", "services[0].latency.min", kMs),
        config("4", "services[0].latency.max", kMs),
        config("2", "services[0].instances"),
        config("2", "services[0].subscriptions[0].maxInFlight"),
        config("2", "services[0].subscriptions[1].maxInFlight"),
        config("2", "services[0].subscriptions[2].maxInFlight"),
        end("90", "appendConflicts"),
        variant("90", { QStringLiteral("services.order.instances=1") }, {}, "appendConflicts"),
        variant("92", oneAtATime, {}, "appendConflicts"),
        // Refusals of cancelled orders.
        traced("14", [](const LabRun& run) { return refusedCancelled(run, QStringLiteral("PaymentFailed")); }),
        traced("44", [](const LabRun& run) { return refusedCancelled(run, QStringLiteral("ShipmentFailed")); }),
        // Late cancels: a cancel decided on a paid order (version 3) loses to OrderShipped and OrderCompleted
        // (versions 4 and 5): refused, then rejected — or, without the check, appended as version 6.
        config("4", "workload.cancelAfter", kMs),
        fact("12", lateCancelRejected, lateCancels),
        fact("3", lateCancelRejected, lateCancels),
        fact("4", lateCancelRejected, lateCancels),
        fact("5", lateCancelRejected, lateCancels),
        fact("6", cancelledAfterCompleting, lateCancelsUnchecked),
    };
    const QStringList noUpcaster { QStringLiteral("services.fraud.subscriptions.0.upcaster=false") };
    const QStringList analyticsUpgraded { QStringLiteral("services.analytics.subscriptions.0.schemaVersion=2"),
        QStringLiteral("services.analytics.subscriptions.0.upcaster=true"), QStringLiteral("services.analytics.rules.0.sum.revenueCents=$.total.amountCents") };
    c[QStringLiteral("09-schema-evolution")] = {
        // The producer's redeployment, from the scenario's injection.
        { QStringLiteral("3"), [](Lab& lab) {
             QString problem;
             const auto spec = InjectionSpec::parse(lab.config()[QLatin1String("injections")].toArray().first().toString(), problem);
             return spec ? spec->at / kS : std::nan("");
         }, 0 },
        traced("3.03", [](const LabRun& run) { return timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCreated"), QStringLiteral("order-000088")) / kS; }),
        config("1", "schemas[0].version"),
        config("2", "schemas[1].version"),
        config("0", "schemas[0].fields.amountCents"),
        config("1500", "workload.unitPriceCents"),
        config("50", "services[1].subscriptions[0].retry.backoff", kMs),
        config("50", "services[2].subscriptions[0].retry.backoff", kMs),
        config("50", "services[3].subscriptions[0].retry.backoff", kMs),
        // The question's amounts in euros.
        end("2,835.00", "analytics.sums.revenueCents / 100"),
        end("6,330.00", "order.sums.revenueCents / 100"),
        // Without fraud's upcaster: every v1 event dead-lettered by fraud, every v2 one by analytics.
        variant("200", noUpcaster, {}, "deadLettered"),
        variant("113", noUpcaster, {}, "workload.ordersSent - analytics.handled.OrderCreated"),
        variant("87", noUpcaster, {}, "workload.ordersSent - fraud.handled.OrderCreated"),
        // Analytics upgraded like fraud.
        variant("633,000", analyticsUpgraded, {}, "analytics.sums.revenueCents"),
        variant("7.3", analyticsUpgraded, {}, "simTimeUs / 1s"),
    };
    const QString trip21 = QStringLiteral("trip-000021");
    const auto tripAt = [trip21](const char* kind, const char* type) {
        return [trip21, k = QString::fromUtf8(kind), t = QString::fromUtf8(type)](const LabRun& run) { return timeOf(run, k, t, trip21) / kS; };
    };
    // Which trip rented the last car, and which was the first refused one.
    const auto lastOf = [](const char* type, bool last) {
        return [t = QString::fromUtf8(type), last](const LabRun& run) {
            QString key;
            for (const Row& r : run.rows)
                if (r.kind == QLatin1String("published") && r.type == t && (last || key.isEmpty()))
                    key = r.key;
            return key;
        };
    };
    const auto carFirst = [](QJsonObject& scenario) {
        QJsonArray sagas = scenario[QLatin1String("sagas")].toArray();
        QJsonObject saga = sagas[0].toObject();
        QJsonArray steps = saga[QLatin1String("steps")].toArray();
        const QJsonValue car = steps.takeAt(steps.size() - 1);
        steps.prepend(car);
        saga[QLatin1String("steps")] = steps;
        sagas[0] = saga;
        scenario[QLatin1String("sagas")] = sagas;
    };
    const auto carFirstRun = [carFirst](const char* literal, const char* expression) {
        return Claim { QString::fromUtf8(literal), [carFirst, e = QString::fromUtf8(expression)](Lab& lab) {
                          return Lab::number(lab.runEdited(QStringLiteral("rent-car first"), carFirst).state, e);
                      }, 0 };
    };
    const QStringList choreographed { QStringLiteral("sagas.trip.style=choreography") };
    const QString hotelFails = QStringLiteral("fail@1s,service=hotel,type=BookHotel,count=1");
    c[QStringLiteral("14-trip-booking-saga")] = {
        config("40", "services[1].capacity"),
        config("40", "workload.orders"),
        end("40", "hotel.bookings"),
        config("35", "services[2].capacity"),
        config("20", "services[3].capacity"),
        { QStringLiteral("21"), [](Lab& lab) { return Lab::number(lab.config(), QStringLiteral("services[3].capacity")) + 1; }, 0 },
        config("5", "services[1].declineProbability", 0.01),
        config("5", "services[3].declineProbability", 0.01),
        config("14", "seed"),
        // The 5% refusals never strike on this seed: every refusal is the car's, sold out.
        end("0", "flight.refused + hotel.refused + car.refused - (sagas.started - car.capacity)"),
        fact("20", [lastOf](const LabRun& run) { return lastOf("CarRented", true)(run) == QLatin1String("trip-000020"); }),
        fact("21", [lastOf](const LabRun& run) { return lastOf("CarRentalFailed", false)(run) == QLatin1String("trip-000021"); }),
        // trip-000021's refusal and its compensation.
        traced("1.953", tripAt("published", "CarRentalFailed")),
        fact("1.95", [tripAt](const LabRun& run) { return tripAt("published", "CarRentalFailed")(run) > 1.95 && tripAt("published", "HotelBooked")(run) < 1.95; }),
        traced("1.959", tripAt("command", "CancelHotel")),
        traced("1.974", tripAt("published", "HotelCancelled")),
        traced("1.980", tripAt("command", "CancelFlight")),
        traced("1.996", tripAt("published", "FlightCancelled")),
        traced("2.005", tripAt("published", "TripCancelled")),
        // The cars run out at about 1.9 s.
        traced("1.9", [](const LabRun& run) { return lastOfType(run, QStringLiteral("published"), QStringLiteral("CarRented")); }, 0.03),
        // The most rooms the hotel ever holds.
        traced("23", [](const LabRun& run) {
            int held = 0;
            int most = 0;
            for (const Row& r : run.rows) {
                if (r.kind != QLatin1String("published"))
                    continue;
                held += r.type == QLatin1String("HotelBooked") ? 1 : r.type == QLatin1String("HotelCancelled") ? -1 : 0;
                most = std::max(most, held);
            }
            return static_cast<double>(most);
        }),
        // A hotel failed early: still 20 and 20.
        variant("20", {}, { hotelFails }, "sagas.completed"),
        variant("20", {}, { hotelFails }, "sagas.compensated"),
        // The car step first.
        carFirstRun("20", "sagas.completed"),
        carFirstRun("20", "sagas.compensated"),
        carFirstRun("20", "flight.bookings"),
        carFirstRun("20", "hotel.bookings"),
        carFirstRun("0", "flight.cancellations + hotel.cancellations"),
        carFirstRun("160", "events"),
        // Choreographed: the same 20 and 20.
        variant("20", choreographed, {}, "sagas.completed"),
        variant("20", choreographed, {}, "sagas.compensated"),
    };
    // Every number of 16's text is a figure (tst_coordinatorcrash proves what it says of the crash).
    c[QStringLiteral("16-saga-coordinator-crash")] = {};
    // 17: the screens' settings; every number of the run is a figure.
    c[QStringLiteral("17-eventual-consistency-ui")] = {
        config("8", "services[4].latency", kMs),
        config("25", "workload.rate"),
        config("250", "services[5].every", kMs),
        config("30", "services[5].orders"),
        config("10", "services[6].poll", kMs),
        config("1", "services[6].timeout", kS),
        // The view five times slower (its step's button): 40 ms per event.
        { QStringLiteral("40"), [](Lab& lab) { return 5 * Lab::number(lab.config(), QStringLiteral("services[4].latency")) / kMs; }, 0 },
    };
    return c;
}

/// Every text of a lesson, with where it is; the choices a question does not accept are left out
/// (a wrong choice is wrong on purpose).
std::vector<FoundNumber> lessonNumbers(const Lesson& lesson)
{
    std::vector<FoundNumber> out;
    const auto add = [&out](const QString& text, const QString& where, const QString& inject = {}) {
        for (FoundNumber& n : numbersIn(text, where, inject))
            out.push_back(std::move(n));
    };
    add(lesson.title, QStringLiteral("title"));
    add(lesson.summary, QStringLiteral("summary"));
    for (qsizetype i = 0; i < lesson.goals.size(); ++i)
        add(lesson.goals[i], QStringLiteral("goals[%1]").arg(i));
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep& s = lesson.steps[i];
        const QString at = QStringLiteral("steps[%1].").arg(i);
        add(s.title, at + QStringLiteral("title"));
        add(s.text, at + QStringLiteral("text"), s.inject);
        add(s.action, at + QStringLiteral("action"), s.inject);
        if (!s.question)
            continue;
        add(s.question->prompt, at + QStringLiteral("question.prompt"));
        if (s.question->estimate)
            add(s.question->estimate->unit, at + QStringLiteral("question.unit"));
        else
            add(s.question->choices.value(s.question->answer), at + QStringLiteral("question.choices[%1]").arg(s.question->answer));
        add(s.question->explanation, at + QStringLiteral("question.explanation"));
    }
    return out;
}

/// One row per shipped lesson, by id.
void shippedLessons()
{
    QTest::addColumn<QString>("id");
    for (const auto& lesson : ShippedScenarios::lessons())
        QTest::newRow(qPrintable(lesson.id)) << lesson.id;
}

std::optional<Scenario> loadShipped(const QString& id)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(id));
    if (!loaded.ok())
        return std::nullopt;
    return *loaded.scenario;
}
}

class TestLessonFigures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFigureHasAValue_data() { shippedLessons(); }
    void everyFigureHasAValue()
    {
        QFETCH(QString, id);
        const auto scenario = loadShipped(id);
        QVERIFY(scenario);
        if (!scenario->lesson || scenario->lesson->figures.empty())
            QSKIP("no figures");
        Lab lab(id);
        const QJsonObject values = LessonFigures::evaluate(scenario->lesson->figures, lab.run().state);
        for (const LessonFigure& f : scenario->lesson->figures)
            QVERIFY2(values.contains(f.name), qPrintable(QStringLiteral("%1: figure '%2' (%3) has no value on the default run").arg(id, f.name, f.value)));
    }

    void everyNumberIsFilledInOrAsserted_data() { shippedLessons(); }
    void everyNumberIsFilledInOrAsserted()
    {
        QFETCH(QString, id);
        const auto scenario = loadShipped(id);
        QVERIFY(scenario && scenario->lesson);
        const auto all = claims();
        const auto found = all.find(id);
        QVERIFY2(found != all.end(), qPrintable(id + QStringLiteral(": a lesson with no claims here: fill its numbers in from the run or assert them in claims()")));
        const std::vector<Claim>& lessonClaims = found->second;

        QStringList problems;
        QSet<QString> stated;
        for (const FoundNumber& n : lessonNumbers(*scenario->lesson)) {
            stated.insert(n.literal);
            if (std::none_of(lessonClaims.begin(), lessonClaims.end(), [&](const Claim& c) { return c.literal == n.literal; }))
                problems << QStringLiteral("%1: %2 states %3, which is neither a figure nor asserted by this test").arg(id, n.where, n.literal);
        }
        Lab lab(id);
        for (const Claim& c : lessonClaims) {
            if (!stated.contains(c.literal)) {
                problems << QStringLiteral("%1: asserts %2, which the lesson no longer states").arg(id, c.literal);
                continue;
            }
            try {
                const double expected = literalValue(c.literal);
                const double value = c.value(lab);
                const int decimals = c.literal.contains(u'.') ? static_cast<int>(c.literal.size() - c.literal.indexOf(u'.') - 1) : 0;
                const double slack = std::max(0.5 * std::pow(10.0, -decimals), c.tolerance * std::abs(expected));
                if (!(std::abs(value - expected) <= slack + 1e-9))
                    problems << QStringLiteral("%1: the lesson states %2, the run gives %3").arg(id, c.literal).arg(value);
            } catch (const std::exception& e) {
                problems << QStringLiteral("%1: cannot compute %2: %3").arg(id, c.literal, QString::fromStdString(e.what()));
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void estimatesAskForAFigureWithoutGivingItAway_data() { shippedLessons(); }
    void estimatesAskForAFigureWithoutGivingItAway()
    {
        // An estimate is judged against the run's value of a figure: the figure must have one on the
        // lesson's run, and the question must not state it (nor a number that is its value).
        QFETCH(QString, id);
        const auto scenario = loadShipped(id);
        QVERIFY(scenario && scenario->lesson);
        const Lesson& lesson = *scenario->lesson;
        Lab lab(id);
        int estimates = 0;
        QStringList problems;
        for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
            const auto& q = lesson.steps[i].question;
            if (!q || !q->estimate)
                continue;
            ++estimates;
            const QString at = QStringLiteral("%1: steps[%2].question").arg(id).arg(i);
            const auto figure = std::find_if(lesson.figures.begin(), lesson.figures.end(), [&](const LessonFigure& f) { return f.name == q->estimate->figure; });
            if (figure == lesson.figures.end()) {
                problems << at + QStringLiteral(": estimates '%1', which is no figure of the lesson").arg(q->estimate->figure);
                continue;
            }
            // The run the question is about: with the step's injection when it has one (its button).
            const LabRun& run = lesson.steps[i].inject.isEmpty() ? lab.run() : lab.run({}, { lesson.steps[i].inject });
            const QJsonValue value = LessonFigures::evaluate(lesson.figures, run.state).value(figure->name);
            if (!value.isDouble()) {
                problems << at + QStringLiteral(": its figure '%1' has no number on the lesson's run").arg(figure->name);
                continue;
            }
            const QString shown = LessonFigures::format(value, figure->format);
            const QRegularExpression whole(QStringLiteral("(?<![\\d.,])%1(?![\\d])").arg(QRegularExpression::escape(shown)));
            for (const QString& text : { q->prompt, q->estimate->unit }) {
                if (whole.match(text).hasMatch())
                    problems << at + QStringLiteral(" gives the answer away: it states %1").arg(shown);
                for (const FoundNumber& n : numbersIn(text, at))
                    if (literalValue(n.literal) == value.toDouble())
                        problems << at + QStringLiteral(" gives the answer away: it states %1").arg(n.literal);
            }
        }
        problems.removeDuplicates(); // "1" found both as the value's text and as a number
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        if (estimates == 0)
            QSKIP("no estimate questions");
    }

    void findsTheNumbersOfAText()
    {
        const auto literals = [](const QString& text, const QString& inject = {}) {
            QStringList out;
            for (const FoundNumber& n : numbersIn(text, QStringLiteral("t"), inject))
                out << n.literal;
            return out;
        };
        QCOMPARE(literals(QStringLiteral("with maxInFlight 1 there are 137 conflicts")), (QStringList { QStringLiteral("1"), QStringLiteral("137") }));
        QCOMPARE(literals(QStringLiteral("{{conflicts}} conflicts, p50 about 13.1 ms, balance 1,161,000.")),
            (QStringList { QStringLiteral("13.1"), QStringLiteral("1,161,000") }));
        QCOMPARE(literals(QStringLiteral("order-000057, sku-1, inventory#0, p99 and 10-new-consumer")), QStringList());
        QCOMPARE(literals(QStringLiteral("1. first\n2. second, 3 items")), QStringList { QStringLiteral("3") });
        QCOMPARE(literals(QStringLiteral("inject `crash@3s,service=notification,for=2s` or run `eventloom-cli run x --set a=5` in 4 s")),
            QStringList { QStringLiteral("4") });
        QCOMPARE(literals(QStringLiteral("`count: 3` is configuration, not an input")), QStringList { QStringLiteral("3") });
        QCOMPARE(literals(QStringLiteral("crash at 3 s for 2 s, then 7"), QStringLiteral("crash@3s,service=n,for=2s")), QStringList { QStringLiteral("7") });
    }
};

QTEST_GUILESS_MAIN(TestLessonFigures)
#include "tst_lessonfigures.moc"
