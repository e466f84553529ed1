#include "lessonclaims.h"

#include <QJsonArray>

namespace eventloom::test {

void addBusLessonClaims(std::map<QString, std::vector<Claim>>& c)
{
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
        traced("40",
            [](const LabRun& run) {
                return count(run, [](const Row& r) {
                    return r.kind == QLatin1String("published") && r.t >= 3 * 1'000'000 && r.t < 5 * 1'000'000;
                });
            },
            0.15, {}, { crash }),
        // … its slowest delivery is about 2 s after publication …
        traced("2",
            [](const LabRun& run) {
                SimTime slowest = 0;
                for (const Row& r : run.rows)
                    if (r.kind == QLatin1String("handled") && r.group == QLatin1String("notification"))
                        slowest = std::max(slowest, r.t - run.publishedAt(r.message));
                return slowest / kS;
            },
            0.25, {}, { crash }),
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
        + QStringList { QStringLiteral("services.order.bulkheads.notification=4"),
              QStringLiteral("services.order.circuitBreaker.failures=2"),
              QStringLiteral("services.order.circuitBreaker.openFor=2s"),
              QStringLiteral("services.order.fallback.notification=defer") };
    c[QStringLiteral("02-request-response-vs-events")] = {
        // order-000001 completes about 12 ms after it was placed; its confirmation goes out about 70 ms later.
        traced(
            "12",
            [first](const LabRun& run) {
                return (timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCompleted"), first)
                           - timeOf(run, QStringLiteral("command"), QStringLiteral("PlaceOrder"), first))
                    / kMs;
            },
            0.1),
        traced(
            "70",
            [first](const LabRun& run) {
                SimTime emailed = -1;
                for (const Row& r : run.rows)
                    if (r.kind == QLatin1String("handled") && r.group == QLatin1String("notification")
                        && r.type == QLatin1String("OrderCompleted") && r.key == first)
                        emailed = r.t;
                return (emailed - timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCompleted"), first))
                    / kMs;
            },
            0.15),
        config("40", "services[4].latency", kMs),
        config("10", "workload.rate"),
        // The call chain (interaction sync).
        variant("56", sync, {}, "latency.p50Us / 1ms", 0.1),
        variant("150", sync, {}, "latency.p95Us / 1ms", 0.1),
        variant("200", sync, {}, "latency.p99Us / 1ms", 0.1),
        // Every email five times slower: 200 ms, and the orders do not notice.
        { QStringLiteral("200"),
            [](Lab& lab) { return 5 * Lab::number(lab.config(), QStringLiteral("services[4].latency")) / kMs; }, 0 },
        variant("13", {}, { slowEmail }, "latency.p50Us / 1ms", 0.05),
        variant("13.1", {}, { slowEmail }, "latency.p50Us / 1ms"),
        variant("15.0", {}, { slowEmail }, "latency.p99Us / 1ms"),
        variant("600", {}, { slowEmail }, "topics['orders.events'].records"),
        { QStringLiteral("20"), [](Lab& lab) { return 2 * Lab::number(lab.config(), QStringLiteral("workload.rate")); },
            0 },
        traced("90",
            [](const LabRun& run) {
                SimTime latest = 0;
                for (const Row& r : run.rows)
                    if (r.kind == QLatin1String("handled") && r.group == QLatin1String("notification")
                        && r.type == QLatin1String("OrderCompleted"))
                        latest = std::max(
                            latest, r.t - timeOf(run, QStringLiteral("command"), QStringLiteral("PlaceOrder"), r.key));
                return latest / kS;
            },
            0.1, {}, { slowEmail }),
        variant("120", {}, { slowEmail }, "simTimeUs / 1s", 0.05),
        // The call chain with the slow email: orders every 100 ms on average, and the queue never drains.
        { QStringLiteral("100"),
            [](Lab& lab) { return 1000 / Lab::number(lab.config(), QStringLiteral("workload.rate")); }, 0 },
        variant("15.6", sync + QStringList { QStringLiteral("services.notification.latency=200ms") }, {},
            "latency.p50Us / 1s", 0.03),
        variant("32", sync + QStringList { QStringLiteral("services.notification.latency=200ms") }, {},
            "latency.p99Us / 1s", 0.05),
        // notification down for 5 s: events finish every order; the call chain cancels 2 at its 2 s timeout.
        // The email outage, as its variants' `inject` names it: from 10 s for 5 s.
        { QStringLiteral("10"), [crashEmail](Lab&) { return spec(crashEmail).at / kS; }, 0 },
        { QStringLiteral("5"), [crashEmail](Lab&) { return spec(crashEmail).duration.value_or(0) / kS; }, 0 },
        variant("300", {}, { crashEmail }, "order.reachedStatus.completed"),
        variant("4.4", sync, { crashEmail }, "latency.p95Us / 1s", 0.05),
        variant("2", sync, { crashEmail }, "order.reachedStatus.cancelled"),
        config("2", "services[0].timeout", kS),
        // The single worker is the default, and what `--set interaction=sync` alone runs.
        variant("1", sync, {}, "order.pool.workers"),
        // A pool of 8 with the 200 ms email: the slowness hidden, never all 8 busy in this run.
        variant("8", pool, {}, "order.pool.workers"),
        { QStringLiteral("0.2"),
            [](Lab& lab) { return 5 * Lab::number(lab.config(), QStringLiteral("services[4].latency")) / kS; }, 0 },
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
        traced("2",
            [](const LabRun& run) {
                for (const Row& r : run.rows)
                    if (r.kind == QLatin1String("breaker") && r.detail == QLatin1String("open"))
                        return static_cast<double>(r.aux);
                return -1.0;
            },
            0, guarded, { crashEmail }),
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
        traced("0.5",
            [](const LabRun& run) {
                for (const Row& r : run.rows)
                    if (r.kind == QLatin1String("handled") && r.group == QLatin1String("order-status-view"))
                        return std::max(0.5, std::ceil(static_cast<double>(r.t) / kS * 10) / 10);
                return 0.0;
            }),
        // How far each view falls behind, from this run's trace.
        traced("4", [](const LabRun& run) { return maxLag(run, QStringLiteral("inventory-view")); }),
        traced("19", [](const LabRun& run) { return maxLag(run, QStringLiteral("order-status-view")); }),
        traced("37", [](const LabRun& run) { return maxLag(run, QStringLiteral("order-history-view")); }),
        traced(
            "295", [](const LabRun& run) { return maxLag(run, QStringLiteral("revenue-view")); }, 0.02),
        // revenue-view works some 8 s after the last event was published; the run lasts about 18 s, the orders stop at
        // about 10 s.
        traced(
            "8",
            [](const LabRun& run) {
                return lastTime(run, QStringLiteral("handled"), QStringLiteral("revenue-view"))
                    - lastTime(run, QStringLiteral("published"));
            },
            0.1),
        end("18", "simTimeUs / 1s", 0.05),
        traced(
            "10",
            [](const LabRun& run) { return lastOfType(run, QStringLiteral("command"), QStringLiteral("PlaceOrder")); },
            0.05),
        // Slowed five times (the step's injection): 40 ms per event …
        { QStringLiteral("40"),
            [](Lab& lab) { return 5 * Lab::number(lab.config(), QStringLiteral("services[6].latency")) / kMs; }, 0 },
        variant("13.1", {}, { slowStatus }, "latency.p50Us / 1ms"),
        variant("1788", {}, { slowStatus }, "readModels.orderStatusView.appliedEvents"),
        variant("164", {}, { slowStatus }, "staleReads"),
        variant("165", {}, { slowStatus }, "customer.queries"),
        variant("86", {}, { slowStatus }, "customer.notFoundYet"),
        traced("24",
            [](const LabRun& run) {
                return lastTime(run, QStringLiteral("handled"), QStringLiteral("order-status-view"));
            },
            0.05, {}, { slowStatus }),
        variant("300", {}, { slowStatus }, "readModels.orderStatusView.rows"),
    };
    // 03: payment's charge for order-000057 just before the crash at 2 s, and its redelivery at the restart.
    const QString payment = QStringLiteral("payment");
    const auto chargedBeforeCrash = [payment](const LabRun& run) {
        return firstRow(
            run, QStringLiteral("handled"), payment, QStringLiteral("StockReserved"), QStringLiteral("order-000057"));
    };
    const auto redelivered = [payment](const LabRun& run) {
        return firstRow(run, QStringLiteral("redelivered"), payment, QStringLiteral("StockReserved"),
            QStringLiteral("order-000057"));
    };
    const QStringList inboxes { QStringLiteral("services.payment.idempotent=true"),
        QStringLiteral("services.notification.idempotent=true") };
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
        { QStringLiteral("2.00"),
            [chargedBeforeCrash](Lab& lab) {
                return (chargedBeforeCrash(lab.run()).t
                           + Lab::number(lab.config(), QStringLiteral("services[2].subscriptions[0].commitDelay")))
                    / kS;
            },
            0 },
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
        { QStringLiteral("100"),
            [](Lab& lab) { return static_cast<double>(injection(lab, 0).latency.value_or(-1)) / kMs; }, 0 },
        config("1", "services[2].subscriptions[0].parkTimeout", kS),
        config("2", "services[0].rules[1].publish.data.entityVersion"), // OrderCompleted's entityVersion
    };
    // 10: fraud attaches at 10 s and replays the log.
    const QString fraud = QStringLiteral("fraud");
    const QString attach = QStringLiteral("services[6].attachAt");
    const auto placedBefore = [](SimTime t) {
        return [t](const LabRun& run) {
            return count(run, [t](const Row& r) {
                return r.kind == QLatin1String("command") && r.type == QLatin1String("PlaceOrder") && r.t < t;
            });
        };
    };
    const QString alert = QStringLiteral("order-000041"); // the first FraudSuspected is about it
    const QStringList latest { QStringLiteral("services.fraud.startFrom=latest") };
    const QStringList retention { QStringLiteral("topics.orders.events.retention=5s") }; // the last step's variant
    c[QStringLiteral("10-new-consumer")] = {
        config("10", "services[6].attachAt", kS),
        traced("300", placedBefore(10 * kS), 0.05),
        traced("308", placedBefore(10 * kS)),
        config("600", "workload.orders"),
        fact("0",
            [fraud](const LabRun& run) {
                return std::all_of(run.rows.begin(), run.rows.end(), [&](const Row& r) {
                    return r.kind != QLatin1String("rebalanced") || r.group != fraud
                        || (r.offset == 0 && r.t == 10 * kS);
                });
            }),
        traced(
            "445", [fraud](const LabRun& run) { return lagAt(run, fraud, 10'200'000); }, 0.02),
        fact("10.2",
            [fraud](const LabRun& run) {
                return lagAt(run, fraud, 10'200'000) > 0;
            }), // the moment the text looks at: still behind
        fact("11",
            [fraud](const LabRun& run) {
                const SimTime t = caughtUpAt(run, fraud, 10 * kS);
                return t > 0 && t < 11 * kS;
            }),
        traced("10.02",
            [alert](const LabRun& run) {
                return timeOf(run, QStringLiteral("published"), QStringLiteral("FraudSuspected"), alert) / kS;
            }),
        fact("10.02",
            [alert](const LabRun& run) {
                return std::find_if(run.rows.begin(), run.rows.end(),
                           [](const Row& r) { return r.type == QLatin1String("FraudSuspected"); })
                           ->key
                    == alert;
            }),
        traced("1.5",
            [alert](const LabRun& run) {
                return timeOf(run, QStringLiteral("command"), QStringLiteral("PlaceOrder"), alert) / kS;
            }),
        traced(
            "13",
            [alert](const LabRun& run) {
                return (timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCompleted"), alert)
                           - timeOf(run, QStringLiteral("command"), QStringLiteral("PlaceOrder"), alert))
                    / kMs;
            },
            0.05),
        traced("616",
            [](const LabRun& run) {
                return count(run, [](const Row& r) {
                    return r.kind == QLatin1String("published") && r.topic == QLatin1String("orders.events")
                        && r.t < 10 * kS;
                });
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
            return count(run, [&](const Row& r) {
                return r.kind == QLatin1String("handled") && r.group == g && r.topic == QLatin1String("orders.events")
                    && r.outcome == QLatin1String("skipped-tenant");
            });
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
        { QStringLiteral("5"),
            [](Lab& lab) {
                return lateAttach - Lab::number(lab.config(), QStringLiteral("services[6].attachAt")) / kS;
            },
            0 },
        { QStringLiteral("15"), [](Lab&) { return double(lateAttach); },
            0 }, // the variant's input, as the text states it
        config("300", "workload.tenants[2].orders"),
        variant("166", attachedLate, {}, "services['globex-notification'].emailsSent"),
        variant("300", attachedLate + QStringList { QStringLiteral("services.globex-notification.startFrom=earliest") },
            {}, "services['globex-notification'].emailsSent"),
        // Globex's flash sale, the shared payment service's capacity and the edge's quota.
        config("12", "workload.tenants[2].burst.at", kS),
        config("1", "workload.tenants[2].burst.for", kS),
        config("300", "workload.tenants[2].burst.rate"),
        config("20", "workload.rate"),
        config("5", "services[2].latency", kMs),
        config("40", "workload.tenants[2].quota"),
        // The rest of globex's orders arrive in the sale's second: fewer than 300 a second's worth were left.
        { QStringLiteral("1"),
            [](Lab& lab) {
                const LabRun& run = lab.run();
                double before = 0;
                for (const Row& r : run.rows)
                    before += r.kind == QLatin1String("command") && r.type == QLatin1String("PlaceOrder")
                            && r.key.startsWith(QLatin1String("order-globex-")) && static_cast<double>(r.t) < 12 * kS
                        ? 1
                        : 0;
                return (Lab::number(lab.config(), QStringLiteral("workload.tenants[2].orders")) - before) <= 300
                    ? 1.0
                    : std::nan("");
            },
            0 },
        // With the quota (as shipped), the neighbours' p99, quoted beside the variant's where its run replaces the
        // figure.
        end("41.9", "order.latencyUs.byTenant.acme.p99 / 1ms"),
        end("13", "analytics.tenants.acme.cancelled"),
        end("42.9", "order.latencyUs.byTenant.initech.p99 / 1ms"),
        // Without the quota: the neighbours' p99 and globex's own median, in seconds.
        variant("2.2", noQuota, {}, "order.latencyUs.byTenant.acme.p99 / 1s"),
        variant("1.7", noQuota, {}, "order.latencyUs.byTenant.initech.p99 / 1s"),
        variant("0.8", noQuota, {}, "order.latencyUs.byTenant.globex.p50 / 1s"),
        variant("0.2", noQuota + QStringList { QStringLiteral("services.payment.instances=3") }, {},
            "order.latencyUs.byTenant.acme.p99 / 1s"),
    };
    // 12: analytics' lag at the moments the text looks at, and how scaling it out ends the run sooner.
    const auto until
        = [](const char* time) { return QStringList { QStringLiteral("until=%1s").arg(QString::fromUtf8(time)) }; };
    // The run stopped at a moment the text names: the moment (the run reaches it) and analytics' lag then.
    const auto moment = [until](const char* time) { return variant(time, until(time), {}, "simTimeUs / 1s"); };
    const auto lagAtTime = [until](const char* literal, const char* time) {
        return variant(literal, until(time), {}, "groups.analytics.lag", 0.05);
    };
    const auto analytics = [](const char* setting) {
        return QStringList { QStringLiteral("services.analytics.") + QString::fromUtf8(setting) };
    };
    c[QStringLiteral("12-slow-consumer-backpressure")] = {
        config("80", "services[5].latency", kMs),
        config("40", "workload.rate"),
        { QStringLiteral("120"),
            [](Lab& lab) { return 3 * Lab::number(lab.config(), QStringLiteral("workload.rate")); },
            0 }, // three events an order
        config("400", "workload.orders"),
        config("10", "workload.orders / workload.rate"),
        config("1", "services[1].latency.min", kMs),
        config("3", "services[1].latency.max", kMs),
        traced(
            "10",
            [](const LabRun& run) {
                SimTime last = 0;
                for (const Row& r : run.rows)
                    if (r.kind == QLatin1String("handled") && !r.group.isEmpty()
                        && r.group != QLatin1String("analytics"))
                        last = r.t;
                return last / kS;
            },
            0.1),
        { QStringLiteral("100"), [](Lab&) { return static_cast<double>(CheckJudge::kSampleEvery) / kMs; }, 0 },
        moment("1"),
        lagAtTime("85", "1"),
        moment("5"),
        lagAtTime("500", "5"),
        moment("10"),
        lagAtTime("950", "10"),
        moment("20"),
        lagAtTime("700", "20"),
        moment("40"),
        lagAtTime("300", "40"),
        traced("7",
            [](const LabRun& run) {
                double most = 0;
                for (const char* group : { "inventory", "payment", "shipping", "order", "notification" })
                    most = std::max(most, maxLag(run, QString::fromUtf8(group)));
                return most;
            }),
        fact("10.1",
            [](const LabRun& run) {
                return lastTime(run, QStringLiteral("command")) < 10.1;
            }), // just after the last order
        moment("10.1"),
        variant("400", until("10.1"), {}, "payment.charges"),
        variant("1,161,000", until("10.1"), {}, "payment.balanceCents"),
        variant("372,000", until("10.1"), {}, "analytics.revenueCents"),
        config("3", "topics[0].partitions"),
        config("3", "topics[2].partitions"),
        variant("2", analytics("instances=2"), {}, "analytics.instances"),
        end("64",
            "simTimeUs / 1s"), // one instance, as shipped: quoted beside the variants' where their runs replace it
        variant("43.6", analytics("instances=2"), {}, "simTimeUs / 1s"),
        variant("24.3", analytics("instances=3"), {}, "simTimeUs / 1s"),
        variant("6", analytics("instances=6"), {}, "analytics.instances"),
        variant("24.3", analytics("instances=6"), {}, "simTimeUs / 1s"),
        { QStringLiteral("4"),
            [](Lab& lab) { return Lab::number(lab.config(), QStringLiteral("topics[0].partitions")) + 1; },
            0 }, // the first instance left idle
        variant("32", analytics("subscriptions.0.maxInFlight=4"), {}, "simTimeUs / 1s", 0.02),
    };
    // 13: order-000058's four failed attempts on partition 1, and what the retries cost the healthy orders.
    const QString notification = QStringLiteral("notification");
    const QString poisoned = QStringLiteral("order-000058");
    const auto attemptAt = [notification, poisoned](int attempt) {
        return [notification, poisoned, attempt](const LabRun& run) {
            for (const Row& r : run.rows)
                if (r.kind == QLatin1String("handled") && r.group == notification && r.key == poisoned
                    && r.attempt == attempt && r.outcome == QLatin1String("failed"))
                    return r.t / kS;
            return -1.0;
        };
    };
    const auto healthy = [notification](const Row& r) {
        static const QSet<QString> poison { QStringLiteral("order-000058"), QStringLiteral("order-000059"),
            QStringLiteral("order-000060") };
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
                * std::pow(Lab::number(lab.config(), QStringLiteral("services[1].subscriptions[0].retry.multiplier")),
                    retry - 1);
        };
    };
    // Partition `p` is one notification reads, and not the poison message's.
    const auto otherPartition = [notification, poisoned](int p) {
        return [notification, poisoned, p](const LabRun& run) {
            const bool read = std::any_of(run.rows.begin(), run.rows.end(), [&](const Row& r) {
                return r.kind == QLatin1String("handled") && r.group == notification && r.partition == p;
            });
            return read
                && firstRow(
                       run, QStringLiteral("dead-lettered"), notification, QStringLiteral("OrderCreated"), poisoned)
                       .partition
                != p;
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
        traced("2.782",
            [poisoned](const LabRun& run) {
                return firstRow(run, QStringLiteral("dead-lettered"), QStringLiteral("notification"),
                           QStringLiteral("OrderCreated"), poisoned)
                           .t
                    / kS;
            }),
        traced("0.7", [attemptAt](const LabRun& run) { return attemptAt(4)(run) - attemptAt(1)(run); }),
        fact("4",
            [attemptAt](
                const LabRun& run) { return attemptAt(4)(run) > 0 && attemptAt(5)(run) < 0; }), // attempts 1 to 4
        fact("5",
            [](const LabRun& run) {
                return lastTime(run, QStringLiteral("dead-lettered")) < 5;
            }), // play to about 5 s: all dead-lettered
        traced(
            "5.4", [](const LabRun& run) { return lastTime(run, QStringLiteral("command")); }, 0.02),
        traced("1",
            [notification, poisoned](const LabRun& run) {
                return static_cast<double>(firstRow(
                    run, QStringLiteral("dead-lettered"), notification, QStringLiteral("OrderCreated"), poisoned)
                                               .partition);
            }),
        config("3", "topics[0].partitions"),
        fact("0", otherPartition(0)),
        fact("2", otherPartition(2)),
        traced("0",
            [notification](const LabRun& run) {
                return static_cast<double>(firstRow(run, QStringLiteral("handled"), notification,
                    QStringLiteral("OrderCreated"), QStringLiteral("order-000061"))
                                               .partition);
            }),
        traced("2.2",
            [](const LabRun& run) {
                return timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCreated"),
                           QStringLiteral("order-000061"))
                    / kS;
            }),
        traced("2.787",
            [notification](const LabRun& run) {
                return firstRow(run, QStringLiteral("handled"), notification, QStringLiteral("OrderCreated"),
                           QStringLiteral("order-000061"))
                           .t
                    / kS;
            }),
        traced("2.07", attemptAt(1)),
        traced(
            "4.5",
            [healthy](const LabRun& run) {
                SimTime last = 0;
                for (const Row& r : run.rows)
                    if (healthy(r) && r.t - run.publishedAt(r.message) > 20 * kMs)
                        last = r.t;
                return last / kS;
            },
            0.05),
        traced(
            "1.5", [worstDelay](const LabRun& run) { return worstDelay(run) / kS; }, 0.05),
        traced(
            "20", [worstDelay](const LabRun& run) { return worstDelay(run) / kMs; }, 0.1, noRetries),
    };
}

} // namespace eventloom::test
