// Tenants: the workload's tenants (shares, own rates, onboarding), per-tenant consumers (the
// subscription's `tenant` filter), and the shipped scenario 11-multi-tenant.

#include "check/deliverychecker.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/fingerprint.h"
#include "testservices.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>
#include <map>
#include <set>

using namespace eventloom;
using namespace eventloom::test;

namespace {
/// A shop small enough to reason about: the order service announces each order; `audit` reads
/// every tenant, `globex-audit` only globex's (every tenant with an empty `filter`).
QByteArray shop(const QByteArray& tenants, const QByteArray& filter = R"("globex")", int orders = 400)
{
    return R"({
  "id": "tenants",
  "topics": [ { "id": "orders.events", "partitions": 3 } ],
  "services": [
    { "id": "order", "rules": [ { "on": "PlaceOrder",
        "publish": { "topic": "orders.events", "type": "OrderCreated", "key": "$.orderId", "data": "$" } } ] },
    { "id": "audit", "subscriptions": [ { "topic": "orders.events" } ] },
    { "id": "globex-audit", "latency": "5ms", "subscriptions": [ { "topic": "orders.events")"
        + (filter.isEmpty() ? QByteArray() : R"(, "tenant": )" + filter) + R"( } ] }
  ],
  "workload": { "orders": )"
        + QByteArray::number(orders) + R"(, "rate": 100, "customers": 30, "skus": 4, "tenants": )" + tenants + R"( }
})";
}

Scenario load(const QByteArray& text, const QStringList& overrides = {})
{
    const auto r = ScenarioLoader::loadText(text, QStringLiteral("tenants.json"), overrides);
    if (!r.ok())
        qFatal("%s", qPrintable(r.errors.front().toString()));
    return *r.scenario;
}

Scenario shipped(const QStringList& overrides = {})
{
    const auto r = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("11-multi-tenant")), overrides);
    if (!r.ok())
        qFatal("%s", qPrintable(r.errors.front().toString()));
    return *r.scenario;
}

struct Run {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
};

std::unique_ptr<Run> run(const Scenario& s, std::optional<std::uint64_t> seed = {})
{
    auto r = std::make_unique<Run>();
    r->sim = ScenarioBuilder::build(s, seed);
    r->sim->addObserver(&r->trace);
    r->sim->runToQuiescence();
    return r;
}

std::string text(const Simulation& sim, Atom a)
{
    return std::string(sim.log().text(a));
}

/// One placed order as the customer sent it.
struct Order {
    SimTime t = 0;
    std::string id, tenant, customer, sku;
    qint64 quantity = 0;
    bool operator==(const Order&) const = default;
};

std::vector<Order> ordersOf(const Simulation& sim, std::string_view command = "PlaceOrder")
{
    std::vector<Order> out;
    for (const Event& e : sim.log().events()) {
        if (e.kind != Event::Kind::Command || sim.log().text(e.type) != command)
            continue;
        const QJsonObject p = sim.log().payloadJson(e);
        out.push_back({ e.publishTime, text(sim, e.key), text(sim, e.tenant),
            p.value(QStringLiteral("customerId")).toString().toStdString(),
            p.value(QStringLiteral("sku")).toString().toStdString(), p.value(QStringLiteral("quantity")).toInteger() });
    }
    return out;
}

std::map<std::string, int> perTenant(const std::vector<Order>& orders)
{
    std::map<std::string, int> n;
    for (const Order& o : orders)
        ++n[o.tenant];
    return n;
}

std::vector<Order> without(std::vector<Order> orders, std::string_view tenant)
{
    std::erase_if(orders, [&](const Order& o) { return o.tenant == tenant; });
    return orders;
}

/// (outcome, event tenant) → how many events `service` handled so.
std::map<std::pair<HandleOutcome, std::string>, int> handledBy(const Run& r, std::string_view service)
{
    std::map<std::pair<HandleOutcome, std::string>, int> n;
    const std::uint16_t index = r.sim->findService(service);
    for (const TraceRecord& t : r.trace.records)
        if (t.kind == TraceKind::Handled && t.service == index && t.topic != kNoIndex)
            ++n[{ t.outcome, text(*r.sim, r.sim->log().at(t.message).tenant) }];
    return n;
}

std::size_t published(const Simulation& sim, std::string_view type, std::string_view tenant)
{
    std::size_t n = 0;
    for (const Event& e : sim.log().events())
        n += e.kind == Event::Kind::Event && sim.log().text(e.type) == type && sim.log().text(e.tenant) == tenant ? 1
                                                                                                                  : 0;
    return n;
}

QJsonObject stateOf(const Simulation& sim, std::string_view service)
{
    return sim.service(sim.findService(service)).state();
}

QStringList errorsOf(const QByteArray& text)
{
    QStringList out;
    for (const Diagnostic& d : ScenarioLoader::loadText(text, QStringLiteral("t.json")).errors)
        out << d.toString();
    return out;
}
}

class TestMultiTenant : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // --- The workload's tenants ---
    void plainTenantIdsStillLoadAndShareTheOrders()
    {
        const Scenario s = load(shop(R"(["acme", "globex"])"));
        QCOMPARE(s.workload->tenants.size(), std::size_t(2));
        QCOMPARE(s.workload->tenants[1].weight, 1.0);
        QCOMPARE(s.workload->tenants[1].from, SimTime(0));
        auto r = run(s);
        const auto n = perTenant(ordersOf(*r->sim));
        QCOMPARE(n.size(), std::size_t(2));
        QCOMPARE(n.at("acme") + n.at("globex"), 400);
        QVERIFY2(n.at("acme") > 160 && n.at("globex") > 160, "equal weights: about half each");
    }
    void tenantAssignmentIsDeterministicForASeed()
    {
        const Scenario s = load(shop(R"(["acme", "globex", "initech"])"));
        const auto a = ordersOf(*run(s, 7)->sim);
        const auto b = ordersOf(*run(s, 7)->sim);
        QCOMPARE(a.size(), std::size_t(400));
        QVERIFY(a == b);
        std::vector<std::string> tenantsA, tenantsOther;
        for (const Order& o : a)
            tenantsA.push_back(o.tenant);
        for (const Order& o : ordersOf(*run(s, 8)->sim))
            tenantsOther.push_back(o.tenant);
        QVERIFY2(tenantsA != tenantsOther, "another seed deals the tenants otherwise");
        QCOMPARE(run(s, 7)->sim->fingerprint(), run(s, 7)->sim->fingerprint());
    }
    void tenantsDrawFromTheirOwnStream()
    {
        // Naming tenants changes which tenant an order has, never its time, customer, SKU or quantity.
        const auto plain = ordersOf(*run(load(shop("[]", {})))->sim);
        auto tenanted = ordersOf(*run(load(shop(R"(["acme", {"id": "globex", "weight": 3}])")))->sim);
        QCOMPARE(tenanted.size(), plain.size());
        for (Order& o : tenanted)
            o.tenant.clear();
        QVERIFY(tenanted == plain);
    }
    void weightsShareTheOrders()
    {
        auto r = run(load(shop(R"([{"id": "acme", "weight": 3}, "globex"])", R"("globex")", 2000)));
        const auto n = perTenant(ordersOf(*r->sim));
        const double acme = n.at("acme") / 2000.0;
        QVERIFY2(acme > 0.70 && acme < 0.80, qPrintable(QString::number(acme)));
    }
    void aTenantIsOnboardedAtItsTime()
    {
        // 400 orders at 100/s: 4 s. Globex shares them from 2 s on, with twice acme's weight.
        auto r = run(load(shop(R"(["acme", {"id": "globex", "from": "2s", "weight": 2}])")));
        int before = 0, globexAfter = 0, after = 0;
        for (const Order& o : ordersOf(*r->sim)) {
            if (o.t < 2 * kSecond) {
                ++before;
                QCOMPARE(o.tenant, std::string("acme"));
            } else {
                ++after;
                globexAfter += o.tenant == "globex" ? 1 : 0;
            }
        }
        QVERIFY(before > 150 && after > 150);
        const double share = static_cast<double>(globexAfter) / after;
        QVERIFY2(share > 0.58 && share < 0.75, qPrintable(QString::number(share)));
        const QJsonObject globex
            = stateOf(*r->sim, "workload")[QStringLiteral("tenants")][QStringLiteral("globex")].toObject();
        QVERIFY(globex.value(QStringLiteral("firstOrderUs")).toInteger() >= 2 * kSecond);
        QCOMPARE(globex.value(QStringLiteral("ordersSent")).toInteger(), qint64(globexAfter));
    }
    void aTenantWithItsOwnRateLeavesTheOthersAlone()
    {
        const Scenario alone = load(shop(R"(["acme", "initech"])", R"("acme")"));
        const Scenario joined = load(
            shop(R"(["acme", "initech", {"id": "globex", "from": "1s", "rate": 50, "orders": 40}])", R"("acme")"));
        const auto before = ordersOf(*run(alone)->sim);
        auto r = run(joined);
        const auto after = ordersOf(*r->sim);
        QCOMPARE(after.size(), before.size() + 40);
        QVERIFY2(without(after, "globex") == before, "acme's and initech's orders are exactly what they were");
        std::vector<Order> globex;
        for (const Order& o : after)
            if (o.tenant == "globex")
                globex.push_back(o);
        QCOMPARE(globex.size(), std::size_t(40));
        QCOMPARE(globex.front().id, std::string("order-globex-000001"));
        QCOMPARE(globex.back().id, std::string("order-globex-000040"));
        QVERIFY(globex.front().t >= kSecond);
        const QJsonObject state = stateOf(*r->sim, "workload");
        QCOMPARE(state.value(QStringLiteral("ordersSent")).toInteger(), qint64(440));
        QCOMPARE(state.value(QStringLiteral("ordersPlanned")).toInteger(), qint64(440));
    }
    void cancellationsKeepTheOrdersTenant()
    {
        QByteArray text = shop(R"(["acme", {"id": "globex", "rate": 20, "orders": 10}])", R"("globex")", 20);
        text.replace(R"("rate": 100,)", R"("rate": 100, "cancelProbability": 1, "cancelAfter": "50ms",)");
        auto r = run(load(text));
        const auto placed = ordersOf(*r->sim);
        const auto cancelled = ordersOf(*r->sim, "CancelOrder");
        QCOMPARE(cancelled.size(), placed.size());
        std::map<std::string, std::string> tenantOf;
        for (const Order& o : placed)
            tenantOf[o.id] = o.tenant;
        for (const Order& c : cancelled)
            QCOMPARE(c.tenant, tenantOf.at(c.id));
    }

    // --- Per-tenant consumers ---
    void aPerTenantConsumerHandlesOnlyItsTenant()
    {
        auto r = run(load(shop(R"(["acme", "globex", "initech"])")));
        const auto orders = perTenant(ordersOf(*r->sim));
        const auto n = handledBy(*r, "globex-audit");
        QCOMPARE(n.at({ HandleOutcome::Ok, "globex" }), orders.at("globex"));
        QCOMPARE(n.at({ HandleOutcome::SkippedTenant, "acme" }), orders.at("acme"));
        QCOMPARE(n.at({ HandleOutcome::SkippedTenant, "initech" }), orders.at("initech"));
        QCOMPARE(n.size(), std::size_t(3));
        // The unfiltered group handles everything.
        const auto all = handledBy(*r, "audit");
        for (const auto& [tenant, count] : orders)
            QCOMPARE(all.at({ HandleOutcome::Ok, tenant }), count);

        // Skipped records are visible: delivered, then handled at once (no processing time), the
        // tenant as the detail, and committed like any other, so the group has no lag.
        const std::uint16_t consumer = r->sim->findService("globex-audit");
        std::map<std::uint32_t, SimTime> deliveredAt;
        int skipped = 0;
        for (const TraceRecord& t : r->trace.records) {
            if (t.service != consumer)
                continue;
            if (t.kind == TraceKind::Delivered)
                deliveredAt[t.message] = t.t;
            if (t.kind == TraceKind::Handled && t.outcome == HandleOutcome::SkippedTenant) {
                ++skipped;
                QCOMPARE(t.t, deliveredAt.at(t.message));
                QCOMPARE(t.detail, r->sim->log().at(t.message).tenant);
                QCOMPARE(outcomeName(t.outcome), std::string_view("skipped-tenant"));
            }
            if (t.kind == TraceKind::Handled && t.outcome == HandleOutcome::Ok)
                QCOMPARE(t.t, deliveredAt.at(t.message) + 5 * kMillisecond);
        }
        QCOMPARE(skipped, orders.at("acme") + orders.at("initech"));
        for (std::uint16_t g = 0; g < r->sim->bus().groupCount(); ++g)
            for (std::int32_t p = 0; p < 3; ++p)
                QCOMPARE(r->sim->bus().lag(g, p), 0);
        const auto report = DeliveryChecker::check(r->trace.records, r->sim->log());
        QCOMPARE(report.lost.count, 0u);
        QCOMPARE(report.duplicateDeliveries.count, 0u);
    }
    void aFilterMayNameSeveralTenants()
    {
        auto r = run(load(shop(R"(["acme", "globex", "initech"])", R"(["acme", "initech"])")));
        const auto orders = perTenant(ordersOf(*r->sim));
        const auto n = handledBy(*r, "globex-audit");
        QCOMPARE(n.at({ HandleOutcome::Ok, "acme" }), orders.at("acme"));
        QCOMPARE(n.at({ HandleOutcome::Ok, "initech" }), orders.at("initech"));
        QCOMPARE(n.at({ HandleOutcome::SkippedTenant, "globex" }), orders.at("globex"));
    }

    // --- Bursts and quotas ---
    void aBurstRaisesTheTenantsRateForItsWindow()
    {
        auto r = run(load(shop(
            R"(["acme", {"id": "globex", "rate": 20, "orders": 400, "burst": {"at": "2s", "for": "1s", "rate": 300}}])",
            R"("globex")", 200)));
        const auto orders = ordersOf(*r->sim);
        const auto globexIn = [&](SimTime from, SimTime to) {
            return std::count_if(orders.begin(), orders.end(),
                [&](const Order& o) { return o.tenant == "globex" && o.t >= from && o.t < to; });
        };
        QVERIFY2(globexIn(0, 2 * kSecond) < 70, "20 a second before the burst");
        QVERIFY2(globexIn(2 * kSecond + 100'000, 3 * kSecond) > 200, "300 a second in its window");
        QCOMPARE(perTenant(orders).at("globex"), 400); // `orders` counts the burst's orders too
    }
    void aQuotaHoldsATenantAtTheEdge()
    {
        const QByteArray tenants
            = R"(["acme", {"id": "globex", "rate": 20, "orders": 400, "burst": {"at": "2s", "for": "1s", "rate": 300}, "quota": 50}])";
        auto r = run(load(shop(tenants, R"("globex")", 200)));
        std::vector<SimTime> sent;
        for (const Order& o : ordersOf(*r->sim))
            if (o.tenant == "globex")
                sent.push_back(o.t);
        QCOMPARE(sent.size(), std::size_t(400)); // held, not refused
        for (std::size_t i = 1; i < sent.size(); ++i)
            QVERIFY2(sent[i] - sent[i - 1] >= kSecond / 50,
                qPrintable(QStringLiteral("orders %1 and %2 of globex: %3 us apart")
                               .arg(i)
                               .arg(i + 1)
                               .arg(sent[i] - sent[i - 1])));
        const QJsonObject globex
            = stateOf(*r->sim, "workload")[QStringLiteral("tenants")][QStringLiteral("globex")].toObject();
        QVERIFY(globex[QStringLiteral("heldAtEdge")].toInteger() > 100);
        QVERIFY(globex[QStringLiteral("maxEdgeWaitUs")].toInteger()
            > kSecond); // the burst's cost falls on globex's own customers
        // The quota holds globex back only: acme's orders are those of the run without it.
        auto free = run(load(shop(
            R"(["acme", {"id": "globex", "rate": 20, "orders": 400, "burst": {"at": "2s", "for": "1s", "rate": 300}}])",
            R"("globex")", 200)));
        QVERIFY(without(ordersOf(*r->sim), "globex") == without(ordersOf(*free->sim), "globex"));
        QVERIFY(
            !stateOf(*free->sim, "workload")[QStringLiteral("tenants")][QStringLiteral("globex")].toObject().contains(
                QStringLiteral("heldAtEdge")));
    }

    // --- The loader ---
    void loaderErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("typo in a filter") << shop(R"(["acme", "globex"])", R"("globx")")
                                          << "t.json:8:104: error: services[2].subscriptions[0].tenant: unknown tenant "
                                             "'globx' (did you mean 'globex'?)";
        QTest::newRow("filter names no tenant")
            << shop(R"(["acme", "globex"])", R"("wayne")")
            << "services[2].subscriptions[0].tenant: unknown tenant 'wayne' (the workload's tenants: acme, globex)";
        QTest::newRow("filter without tenants")
            << shop("[]", R"("globex")")
            << "services[2].subscriptions[0].tenant: unknown tenant 'globex': the workload has no tenants";
        QTest::newRow("filter list item") << shop(R"(["acme", "globex"])",
            R"(["acme", 3])") << "services[2].subscriptions[0].tenant[1]: expected a tenant id (a non-empty string)";
        QTest::newRow("empty filter") << shop(R"(["acme"])",
            "[]") << "services[2].subscriptions[0].tenant: expected a tenant id or a non-empty array of them";
        QTest::newRow("tenants not an array")
            << shop(R"("acme")") << "workload.tenants: expected an array of tenant ids or objects";
        QTest::newRow("typo in a tenant field")
            << shop(R"(["globex", {"id": "acme", "form": "1s"}])")
            << "workload.tenants[1].form: unknown field 'form' (did you mean 'from'?)";
        QTest::newRow("duplicate tenant")
            << shop(R"(["globex", "globex"])") << "workload.tenants[1]: duplicate tenant id 'globex'";
        QTest::newRow("orders without a rate") << shop(R"(["globex", {"id": "acme", "orders": 5}])")
                                               << "workload.tenants[1].orders: 'orders' needs a 'rate'";
        QTest::newRow("weight with a rate")
            << shop(R"(["globex", {"id": "acme", "rate": 5, "weight": 2}])")
            << "workload.tenants[1].weight: a tenant with a rate of its own places its own orders";
        QTest::newRow("bad onboarding time")
            << shop(R"(["globex", {"id": "acme", "from": "soon"}])") << "workload.tenants[1].from: expected a duration";
        QTest::newRow("zero weight") << shop(R"(["globex", {"id": "acme", "weight": 0}])")
                                     << "workload.tenants[1].weight: expected a number between";
        QTest::newRow("tenant without id")
            << shop(R"(["globex", {"weight": 2}])") << "workload.tenants[1]: missing required field 'id'";
        QTest::newRow("tenant of a wrong type")
            << shop(R"(["globex", 7])") << "workload.tenants[1]: expected a tenant id or an object";
        QTest::newRow("burst without a rate")
            << shop(R"(["globex", {"id": "acme", "burst": {"at": "1s", "for": "1s", "rate": 9}}])")
            << "workload.tenants[1].burst: 'burst' needs a 'rate'";
        QTest::newRow("quota without a rate")
            << shop(R"(["globex", {"id": "acme", "quota": 5}])") << "workload.tenants[1].quota: 'quota' needs a 'rate'";
        QTest::newRow("typo in a burst") << shop(
            R"(["globex", {"id": "acme", "rate": 5, "burst": {"at": "1s", "fro": "1s", "rate": 9}}])")
                                         << "workload.tenants[1].burst.fro: unknown field 'fro' (did you mean 'for'?)";
        QTest::newRow("negative quota") << shop(R"(["globex", {"id": "acme", "rate": 5, "quota": -1}])")
                                        << "workload.tenants[1].quota: expected a number between";
    }
    void loaderErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        const QStringList errors = errorsOf(text);
        QVERIFY2(std::any_of(errors.begin(), errors.end(), [&](const QString& e) { return e.contains(error); }),
            qPrintable(errors.join(u'\n')));
        for (const QString& e : errors) // FILE:LINE:COL: error: PATH: MESSAGE, with a real position
            QVERIFY2(QRegularExpression(QStringLiteral("^t\\.json:[1-9]\\d*:[1-9]\\d*: error: ")).match(e).hasMatch(),
                qPrintable(e));
    }

    // --- The shipped scenario ---
    void onboardingGlobexTouchesNothingUpstream()
    {
        auto r = run(shipped());
        const auto orders = ordersOf(*r->sim);
        const auto n = perTenant(orders);
        const qint64 globexOrders = shipped().workload->tenants[2].orders;
        QCOMPARE(qint64(n.at("globex")), globexOrders);
        QCOMPARE(n.at("acme") + n.at("initech"), 400);
        QVERIFY2(n.at("acme") > n.at("initech"), "acme has twice initech's weight");
        for (const Order& o : orders)
            if (o.tenant == "globex")
                QVERIFY(o.t >= 10 * kSecond);

        // Globex's own consumers handle globex's events only, from its onboarding on.
        const std::size_t globexEnded
            = published(*r->sim, "OrderCompleted", "globex") + published(*r->sim, "OrderCancelled", "globex");
        QCOMPARE(qint64(globexEnded), globexOrders);
        QCOMPARE(stateOf(*r->sim, "globex-notification").value(QStringLiteral("emailsSent")).toInteger(),
            qint64(globexEnded));
        for (const char* service : { "globex-notification", "globex-analytics" })
            for (const auto& [key, count] : handledBy(*r, service))
                if (key.first == HandleOutcome::Ok)
                    QCOMPARE(key.second, std::string("globex"));
                else
                    QCOMPARE(key.first, HandleOutcome::SkippedTenant);
        const QJsonObject globexDashboard = stateOf(*r->sim, "globex-analytics")[QStringLiteral("tenants")].toObject();
        QCOMPARE(globexDashboard.keys(), QStringList { QStringLiteral("globex") });
        QCOMPARE(globexDashboard[QStringLiteral("globex")][QStringLiteral("created")].toInteger(), globexOrders);
        const std::uint16_t globexNotification = r->sim->findService("globex-notification");
        for (const TraceRecord& t : r->trace.records)
            if (t.service == globexNotification && (t.kind == TraceKind::Delivered || t.kind == TraceKind::Rebalanced))
                QVERIFY(t.t >= 10 * kSecond);

        // The standard notification service mails acme and initech only; the platform's analytics sees everyone.
        std::size_t standardEnded = 0;
        for (const char* tenant : { "acme", "initech" })
            standardEnded
                += published(*r->sim, "OrderCompleted", tenant) + published(*r->sim, "OrderCancelled", tenant);
        QCOMPARE(
            stateOf(*r->sim, "notification").value(QStringLiteral("emailsSent")).toInteger(), qint64(standardEnded));
        QCOMPARE(handledBy(*r, "notification").count({ HandleOutcome::Ok, "globex" }), std::size_t(0));
        const QJsonObject platform = stateOf(*r->sim, "analytics")[QStringLiteral("tenants")].toObject();
        for (const auto& [tenant, count] : n)
            QCOMPARE(platform[QString::fromStdString(tenant)][QStringLiteral("created")].toInteger(), qint64(count));

        // Attaching globex's consumers rebalanced nobody else: their groups are their own.
        for (const TraceRecord& t : r->trace.records)
            if (t.kind == TraceKind::Rebalanced && t.t > 0)
                QVERIFY(r->sim->serviceName(t.service).starts_with("globex-"));
        QCOMPARE(DeliveryChecker::check(r->trace.records, r->sim->log()).lost.count, 0u);
    }
    void theOtherTenantsOrdersAreUnchanged()
    {
        const auto with = ordersOf(*run(shipped())->sim);
        const auto withoutGlobex = ordersOf(*run(shipped({ QStringLiteral("workload.tenants.globex.orders=0") }))->sim);
        QCOMPARE(withoutGlobex.size(), std::size_t(400));
        QVERIFY(without(with, "globex") == withoutGlobex);
    }
    void attachingLateFromLatestMissesTheFirstOrders()
    {
        // The onboarding mistake: globex orders from 10 s, its email sender attaches at 15 s.
        const QString late = QStringLiteral("services.globex-notification.attachAt=15s");
        auto latest = run(shipped({ late }));
        auto earliest = run(shipped({ late, QStringLiteral("services.globex-notification.startFrom=earliest") }));
        const auto emails = [](const Run& r) {
            return stateOf(*r.sim, "globex-notification").value(QStringLiteral("emailsSent")).toInteger();
        };
        const qint64 globexOrders = shipped().workload->tenants[2].orders;
        QVERIFY2(emails(*latest) > 0 && emails(*latest) < globexOrders * 2 / 3,
            qPrintable(QString::number(emails(*latest))));
        QCOMPARE(emails(*earliest), globexOrders); // replaying the topic catches up; it skips the others' history
        QVERIFY(handledBy(*earliest, "globex-notification").at({ HandleOutcome::SkippedTenant, "acme" })
            > handledBy(*latest, "globex-notification").at({ HandleOutcome::SkippedTenant, "acme" }));
    }
    void aBurstWithoutAQuotaSlowsEveryTenant()
    {
        // The noisy neighbour (issue 19, item 9): globex's flash sale, admitted whole, queues acme's and
        // initech's orders behind its own in the shared services; the edge's quota keeps it out.
        const auto p99 = [](const Run& r, const char* tenant) {
            return stateOf(*r.sim, "order")[QStringLiteral("latencyUs")][QStringLiteral("byTenant")]
                                           [QLatin1String(tenant)][QStringLiteral("p99")]
                                               .toInteger();
        };
        const auto latest = [](const Run& r, const char* tenant) { // the slowest order of `tenant`, placed to completed
            std::map<Atom, SimTime> placed;
            SimTime worst = 0;
            for (const Event& e : r.sim->log().events()) {
                if (text(*r.sim, e.tenant) != tenant)
                    continue;
                if (text(*r.sim, e.type) == "PlaceOrder")
                    placed[e.correlation] = e.publishTime;
                else if (text(*r.sim, e.type) == "OrderCompleted")
                    worst = std::max(worst, e.publishTime - placed.at(e.correlation));
            }
            return worst;
        };
        auto quota = run(shipped());
        auto noQuota = run(shipped({ QStringLiteral("workload.tenants.globex.quota=0") }));
        for (const char* tenant : { "acme", "initech" }) {
            QVERIFY2(p99(*quota, tenant) < 100'000, qPrintable(QString::number(p99(*quota, tenant))));
            QVERIFY2(p99(*noQuota, tenant) > 3 * p99(*quota, tenant),
                qPrintable(QStringLiteral("%1: p99 %2 us with the quota, %3 without")
                               .arg(QLatin1String(tenant))
                               .arg(p99(*quota, tenant))
                               .arg(p99(*noQuota, tenant))));
            // The state's p99 is the trace's: the slowest order is at least as slow.
            QVERIFY(latest(*noQuota, tenant) >= p99(*noQuota, tenant));
        }
        // Same customers, same orders, same times for acme and initech: only the contention differs.
        QVERIFY(without(ordersOf(*quota->sim), "globex") == without(ordersOf(*noQuota->sim), "globex"));
        // The quota's cost falls on globex: its orders waited at the edge.
        const QJsonObject globex
            = stateOf(*quota->sim, "workload")[QStringLiteral("tenants")][QStringLiteral("globex")].toObject();
        QVERIFY(globex[QStringLiteral("heldAtEdge")].toInteger() > 0);
        // Determinism: the same variant, the same run.
        QCOMPARE(Fingerprint::format(
                     run(shipped({ QStringLiteral("workload.tenants.globex.quota=0") }))->sim->fingerprint()),
            Fingerprint::format(noQuota->sim->fingerprint()));
    }
    void shippedScenarioIsDeterministic()
    {
        const Scenario s = shipped();
        QCOMPARE(Fingerprint::format(run(s)->sim->fingerprint()), Fingerprint::format(run(s)->sim->fingerprint()));
        QVERIFY(run(s, 8)->sim->fingerprint() != run(s)->sim->fingerprint());
    }
};

QTEST_GUILESS_MAIN(TestMultiTenant)
#include "tst_multitenant.moc"
