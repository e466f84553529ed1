#include "testservices.h"

#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "services/ecommerce/analyticsservice.h"
#include "services/ecommerce/fraudservice.h"
#include "services/ecommerce/inventoryservice.h"
#include "services/ecommerce/notificationservice.h"
#include "services/ecommerce/orderservice.h"
#include "services/ecommerce/paymentservice.h"
#include "services/ecommerce/shippingservice.h"

#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
const QString kShop = QStringLiteral(EVENTLOOM_TEST_FIXTURES "/shop.json");

std::unique_ptr<Simulation> shop(const QStringList& overrides = {}, std::optional<std::uint64_t> seed = {})
{
    const auto loaded = ScenarioLoader::loadFile(kShop, overrides);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    return ScenarioBuilder::build(*loaded.scenario, seed);
}

template <typename T>
const T& service(const Simulation& sim, const char* id)
{
    return dynamic_cast<const T&>(sim.service(sim.findService(id)));
}

std::size_t count(const Simulation& sim, std::string_view type)
{
    std::size_t n = 0;
    for (const Event& e : sim.log().events())
        n += sim.log().text(e.type) == type ? 1 : 0;
    return n;
}

// Commits land 40 ms after handling, so a crash always loses some: redeliveries follow.
const QStringList kSlowCommits { QStringLiteral("services.inventory.subscriptions.0.commitDelay=40ms"),
    QStringLiteral("services.payment.subscriptions.0.commitDelay=40ms"),
    QStringLiteral("services.notification.subscriptions.0.commitDelay=40ms") };

void crashRepeatedly(Simulation& sim)
{
    for (const char* victim : { "inventory", "payment", "notification" })
        for (SimTime at : { 700 * kMillisecond, 1900 * kMillisecond, 3100 * kMillisecond })
            sim.scheduleCrash(at, sim.findService(victim), 20 * kMillisecond);
}

/// Sends commands at given times (CancelOrder / PlaceOrder probes).
class Clerk : public Service {
public:
    struct Order {
        SimTime at;
        std::string command;
        std::string orderId;
        std::string sku;
        std::int64_t quantity;
    };
    explicit Clerk(std::vector<Order> orders)
        : m_orders(std::move(orders))
    {
    }
    void start(ServiceContext& ctx) override
    {
        for (std::size_t i = 0; i < m_orders.size(); ++i)
            ctx.scheduleTimer(m_orders[i].at, i);
    }
    HandleResult handle(ServiceContext&, const Event&) override { return {}; }
    void timer(ServiceContext& ctx, std::uint64_t id) override
    {
        const Order& o = m_orders[id];
        PayloadBuilder& p = ctx.payload();
        p.setString("orderId", o.orderId);
        p.setString("customerId", "cust-x");
        p.setString("sku", o.sku);
        p.setInt("quantity", o.quantity);
        p.setInt("amountCents", o.quantity * 1000);
        MessageOptions options;
        options.correlation = ctx.intern(o.orderId);
        ctx.send(ctx.intern("order"), ctx.intern(o.command), ctx.intern(o.orderId), p, options);
    }

private:
    std::vector<Order> m_orders;
};
}

class TestEcommerce : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyOrderEndsCompletedOrCancelledAndTheBooksBalance()
    {
        auto sim = shop();
        sim->runToQuiescence();
        const std::size_t created = count(*sim, "OrderCreated");
        const std::size_t completed = count(*sim, "OrderCompleted");
        const std::size_t cancelled = count(*sim, "OrderCancelled");
        QCOMPARE(created, std::size_t(150));
        QCOMPARE(completed + cancelled, created);
        QVERIFY(completed > 0);
        QVERIFY2(cancelled > 0, "stock of 40 per sku and declines make some orders fail");
        QVERIFY(count(*sim, "StockReservationFailed") > 0);
        QVERIFY(count(*sim, "PaymentFailed") > 0);
        QCOMPARE(count(*sim, "StockReleased"), count(*sim, "PaymentFailed")); // reserved, then payment failed

        // Money: what payment kept equals what the completed orders cost, and analytics agrees.
        std::int64_t completedRevenue = 0;
        for (const Event& e : sim->log().events())
            if (sim->log().text(e.type) == "OrderCompleted")
                completedRevenue += sim->log().field(e, sim->log().atoms().find("amountCents")).i;
        QCOMPARE(service<PaymentService>(*sim, "payment").balanceCents(), completedRevenue);
        QCOMPARE(service<AnalyticsService>(*sim, "analytics").revenueCents(), completedRevenue);

        // Stock: everything shipped left the warehouse, nothing is held for a finished order.
        const auto& inventory = service<InventoryService>(*sim, "inventory");
        QVERIFY(inventory.invariantsHold());
        std::int64_t shipped = 0;
        for (const Event& e : sim->log().events())
            if (sim->log().text(e.type) == "OrderCompleted") {
                const Atom orderId = sim->log().field(e, sim->log().atoms().find("orderId")).s;
                shipped += service<OrderService>(*sim, "order").order(orderId)->quantity;
            }
        std::int64_t total = 0;
        std::int64_t reserved = 0;
        for (int sku = 1; sku <= 4; ++sku) {
            const auto* s = inventory.stock(sim->log().atoms().find("sku-" + std::to_string(sku)));
            QVERIFY(s);
            total += s->total;
            reserved += s->reserved;
        }
        QCOMPARE(reserved, 0);
        QCOMPARE(total, 4 * 40 - shipped);

        // One email per finished order; no duplicates without faults.
        QCOMPARE(service<NotificationService>(*sim, "notification").sent().size(), completed + cancelled);
        QCOMPARE(sim->counters().duplicateEffects, 0u);
        QCOMPARE(service<OrderService>(*sim, "order").latencies().size(), completed);
    }

    void cancelledOrdersAreRefundedAndNeverShipped()
    {
        // Customers cancel 4 ms after ordering: the OrderCancelled (orders.events) races the flow's
        // StockReserved (inventory.events) to payment and PaymentCharged (payments.events) to shipping,
        // so it arrives before the order's other events as often as after them (issue 18, item 1).
        const QStringList cancels { QStringLiteral("workload.cancelProbability=0.3"),
            QStringLiteral("workload.cancelAfter=4ms") };
        for (const std::uint64_t seed : { 1, 2, 3, 4, 5 }) {
            auto sim = shop(cancels, seed);
            TraceCollector trace;
            sim->addObserver(&trace);
            sim->runToQuiescence();
            const auto& log = sim->log();
            const Atom orderIdField = log.atoms().find("orderId");
            const Atom amountField = log.atoms().find("amountCents");
            const Atom reasonField = log.atoms().find("reason");
            const auto& payment = service<PaymentService>(*sim, "payment");
            const auto& shipping = service<ShippingService>(*sim, "shipping");
            const auto& orders = service<OrderService>(*sim, "order");
            QCOMPARE(count(*sim, "OrderCompleted") + count(*sim, "OrderCancelled"), count(*sim, "OrderCreated"));

            std::int64_t completedRevenue = 0;
            std::size_t refusedAsCancelled = 0; // the cancel came first: remembered, nothing done
            std::size_t refunded = 0; // the cancel came later: the charge given back
            for (const Event& e : log.events()) {
                const std::string_view type = log.text(e.type);
                const Atom orderId = log.field(e, orderIdField).s;
                if (type == "OrderCompleted")
                    completedRevenue += log.field(e, amountField).i;
                if (type == "OrderCancelled") {
                    QVERIFY2(payment.chargedFor(orderId) == 0, "a cancelled order stays charged");
                    QVERIFY2(!shipping.shipping(orderId), "a cancelled order keeps its shipment");
                    QCOMPARE(orders.order(orderId)->status, OrderService::Status::Cancelled);
                }
                if ((type == "PaymentFailed" || type == "ShipmentFailed")
                    && log.field(e, reasonField).type == Value::Type::String
                    && log.text(log.field(e, reasonField).s) == "order cancelled")
                    ++refusedAsCancelled;
                if (type == "PaymentRefunded" && log.field(e, amountField).i > 0)
                    ++refunded;
            }
            QVERIFY2(refusedAsCancelled > 0, "some cancels overtook the flow");
            QVERIFY2(refunded > 0, "some cancels came after the charge");
            // The books balance: what payment kept is what the completed orders cost.
            QCOMPARE(payment.balanceCents(), completedRevenue);
            QCOMPARE(service<AnalyticsService>(*sim, "analytics").revenueCents(), completedRevenue);
            QCOMPARE(shipping.activeShipments(), static_cast<std::int64_t>(count(*sim, "OrderCompleted")));
            // Stock: nothing is held for a finished order, and only completed orders' goods left.
            const auto& inventory = service<InventoryService>(*sim, "inventory");
            QVERIFY(inventory.invariantsHold());
            std::int64_t shipped = 0;
            for (const Event& e : log.events())
                if (log.text(e.type) == "OrderCompleted")
                    shipped += orders.order(log.field(e, orderIdField).s)->quantity;
            std::int64_t total = 0;
            std::int64_t reserved = 0;
            for (int sku = 1; sku <= 4; ++sku) {
                const auto* s = inventory.stock(log.atoms().find("sku-" + std::to_string(sku)));
                QVERIFY(s);
                total += s->total;
                reserved += s->reserved;
            }
            QCOMPARE(reserved, 0);
            QCOMPARE(total, 4 * 40 - shipped);
            QCOMPARE(sim->counters().duplicateEffects, 0u);
        }
    }

    void conservationHoldsAfterEveryStepForManySeeds()
    {
        for (std::uint64_t seed = 1; seed <= 200; ++seed) {
            auto sim = shop({ QStringLiteral("workload.orders=40"), QStringLiteral("workload.rate=200") }, seed);
            const auto& inventory = service<InventoryService>(*sim, "inventory");
            const auto& payment = service<PaymentService>(*sim, "payment");
            if (seed % 4 == 0) // some runs also crash a service mid-flow
                sim->scheduleCrash(
                    50 * kMillisecond, sim->findService(seed % 8 == 0 ? "inventory" : "payment"), 30 * kMillisecond);
            while (sim->step()) {
                if (!inventory.invariantsHold() || payment.balanceCents() < 0)
                    QFAIL(qPrintable(
                        QStringLiteral("conservation broken at t=%1 with seed %2").arg(sim->now()).arg(seed)));
            }
            QCOMPARE(count(*sim, "OrderCompleted") + count(*sim, "OrderCancelled"), count(*sim, "OrderCreated"));
        }
    }

    void idempotentServicesSkipRedeliveries()
    {
        // Crashes after handling, before the delayed commit: redeliveries reach every service.
        auto sim = shop(kSlowCommits);
        TraceCollector trace;
        sim->addObserver(&trace);
        crashRepeatedly(*sim);
        sim->runToQuiescence();
        QVERIFY(sim->counters().redeliveries > 0);
        std::size_t skipped = 0;
        for (const TraceRecord& r : trace.of(TraceKind::Handled))
            skipped += r.outcome == HandleOutcome::SkippedDuplicate ? 1 : 0;
        QVERIFY(skipped > 0);
        QCOMPARE(sim->counters().duplicateEffects, 0u);
        QCOMPARE(service<NotificationService>(*sim, "notification").sent().size(),
            count(*sim, "OrderCompleted") + count(*sim, "OrderCancelled"));
    }

    void nonIdempotentServicesRepeatTheirEffects()
    {
        auto sim = shop(kSlowCommits
            + QStringList { QStringLiteral("services.payment.idempotent=false"),
                QStringLiteral("services.notification.idempotent=false"),
                QStringLiteral("services.inventory.idempotent=false") });
        TraceCollector trace;
        sim->addObserver(&trace);
        crashRepeatedly(*sim);
        sim->runToQuiescence();
        const auto duplicates = trace.of(TraceKind::DuplicateEffect);
        QVERIFY(!duplicates.empty());
        QCOMPARE(sim->counters().duplicateEffects, duplicates.size());
        // Each repeated effect belongs to a message that service had handled before.
        std::map<std::pair<int, std::uint32_t>, int> handledBefore;
        std::size_t repeatsWithEffect = 0;
        std::size_t emailRepeats = 0;
        for (const TraceRecord& r : trace.records) {
            if (r.kind == TraceKind::Handled)
                ++handledBefore[std::make_pair(static_cast<int>(r.service), r.message)];
            if (r.kind == TraceKind::DuplicateEffect) {
                const int earlier = handledBefore[std::make_pair(static_cast<int>(r.service), r.message)];
                QVERIFY2(earlier >= 1, "a duplicate effect repeats an earlier handling");
                ++repeatsWithEffect;
                emailRepeats += sim->log().text(r.detail) == "email" ? 1 : 0;
            }
        }
        QCOMPARE(repeatsWithEffect, duplicates.size());
        // The sent log shows the double emails.
        QCOMPARE(service<NotificationService>(*sim, "notification").sent().size(),
            count(*sim, "OrderCompleted") + count(*sim, "OrderCancelled") + emailRepeats);
    }

    void commandsAreCheckedAgainstTheOrdersInvariants()
    {
        auto sim = shop({ QStringLiteral("workload.orders=0") });
        const std::vector<Clerk::Order> probes {
            { 1 * kMillisecond, "PlaceOrder", "order-a", "sku-1", 1 },
            { 2 * kMillisecond, "PlaceOrder", "order-b", "sku-99", 1 },
            { 3 * kMillisecond, "PlaceOrder", "order-c", "sku-2", 0 },
            { 4 * kMillisecond, "PlaceOrder", "order-a", "sku-1", 1 },
            { 500 * kMillisecond, "CancelOrder", "order-a", "", 0 }, // order-a is complete by then
            { 501 * kMillisecond, "CancelOrder", "order-zzz", "", 0 },
            { 502 * kMillisecond, "PlaceOrder", "order-d", "sku-2", 1 },
            { 502 * kMillisecond + 1, "CancelOrder", "order-d", "", 0 }, // before anything shipped
        };
        sim->addService("clerk", std::make_unique<Clerk>(probes), LatencyModel::fixed(0));
        TraceCollector trace;
        sim->addObserver(&trace);
        sim->runToQuiescence();
        QStringList reasons;
        for (const TraceRecord& r : trace.of(TraceKind::Rejected))
            reasons << QString::fromUtf8(
                sim->log().text(r.detail).data(), static_cast<qsizetype>(sim->log().text(r.detail).size()));
        QCOMPARE(reasons,
            (QStringList { QStringLiteral("unknown sku 'sku-99'"), QStringLiteral("quantity must be positive"),
                QStringLiteral("order already exists"), QStringLiteral("cannot cancel after shipping"),
                QStringLiteral("unknown order") }));
        QCOMPARE(sim->counters().rejected, 5u);
        const auto& orders = service<OrderService>(*sim, "order");
        QCOMPARE(orders.order(sim->log().atoms().find("order-a"))->status, OrderService::Status::Completed);
        QCOMPARE(orders.order(sim->log().atoms().find("order-d"))->status, OrderService::Status::Cancelled);
        // The cancelled order's reservation came back.
        QVERIFY(service<InventoryService>(*sim, "inventory").invariantsHold());
        QCOMPARE(service<InventoryService>(*sim, "inventory").stock(sim->log().atoms().find("sku-2"))->available, 40);
    }

    void aConsumerAttachedMidRunReadsFromWhereItIsTold()
    {
        for (const bool earliest : { true, false }) {
            const QString fraud
                = QStringLiteral(R"({"id": "fraud", "kind": "fraud", "attachAt": "2s", "startFrom": "%1",
                "subscriptions": [{"topic": "orders.events", "group": "fraud"}]})")
                      .arg(earliest ? QStringLiteral("earliest") : QStringLiteral("latest"));
            auto sim = shop({ QStringLiteral("services.6=") + fraud });
            sim->runToQuiescence();
            const QJsonObject state = sim->service(sim->findService("fraud")).state();
            const std::int64_t scored = state.value(QStringLiteral("scored")).toInteger();
            const std::int64_t firstSeen = state.value(QStringLiteral("firstOrderSeenPublishedAtUs")).toInteger();
            if (earliest) {
                QCOMPARE(scored, 150); // replayed history, then kept up
                QVERIFY(firstSeen < 2 * kSecond);
            } else {
                QVERIFY(scored > 0 && scored < 150);
                QVERIFY(firstSeen >= 2 * kSecond);
            }
            QVERIFY(count(*sim, "FraudSuspected") > 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestEcommerce)
#include "tst_ecommerce.moc"
