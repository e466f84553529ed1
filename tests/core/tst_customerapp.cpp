// The customer-app kind (core/readmodels/customerappservice.h): a screen that places its own orders
// through the order service, is answered with where each write went, and shows the order from a read
// model as read-immediately, wait-for-version or optimistic. Each strategy on a small shop built from
// a scenario file, the order service's answers, and determinism.
#include "readmodels/customerappservice.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "sim/simulation.h"
#include "testservices.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <algorithm>
#include <map>

using namespace eventloom;
using namespace eventloom::test;

namespace {

/// A shop (order, inventory, payment, shipping, order-status-view) and one screen, `app`.
struct Shop {
    QString strategy = QStringLiteral("read-immediately");
    QString viewLatency = QStringLiteral("10ms");
    QString appLatency = QStringLiteral("1ms");
    int stock = 100;
    int orders = 10;
    QString catalog; ///< the order service's catalog, when it is not the workload's skus
    QString timeout = QStringLiteral("1s");
};

QByteArray scenarioText(const Shop& shop)
{
    QJsonArray topics;
    for (const char* t : { "orders.events", "inventory.events", "payments.events", "shipping.events" })
        topics.append(QJsonObject { { QStringLiteral("id"), QLatin1String(t) }, { QStringLiteral("partitions"), 2 } });
    const auto subscribed = [](std::initializer_list<const char*> ts, const char* group) {
        QJsonArray out;
        for (const char* t : ts)
            out.append(QJsonObject {
                { QStringLiteral("topic"), QLatin1String(t) }, { QStringLiteral("group"), QLatin1String(group) } });
        return out;
    };
    QJsonObject order { { QStringLiteral("id"), QStringLiteral("order") },
        { QStringLiteral("kind"), QStringLiteral("order") },
        { QStringLiteral("subscriptions"),
            subscribed({ "inventory.events", "payments.events", "shipping.events" }, "order") } };
    if (!shop.catalog.isEmpty())
        order.insert(QStringLiteral("catalog"), QJsonArray { shop.catalog });
    const QJsonArray services {
        order,
        QJsonObject { { QStringLiteral("id"), QStringLiteral("inventory") },
            { QStringLiteral("kind"), QStringLiteral("inventory") }, { QStringLiteral("stock"), shop.stock },
            { QStringLiteral("subscriptions"), subscribed({ "orders.events", "shipping.events" }, "inventory") } },
        QJsonObject { { QStringLiteral("id"), QStringLiteral("payment") },
            { QStringLiteral("kind"), QStringLiteral("payment") },
            { QStringLiteral("subscriptions"), subscribed({ "inventory.events", "orders.events" }, "payment") } },
        QJsonObject { { QStringLiteral("id"), QStringLiteral("shipping") },
            { QStringLiteral("kind"), QStringLiteral("shipping") },
            { QStringLiteral("subscriptions"), subscribed({ "payments.events", "orders.events" }, "shipping") } },
        QJsonObject { { QStringLiteral("id"), QStringLiteral("view") },
            { QStringLiteral("kind"), QStringLiteral("read-model") },
            { QStringLiteral("projection"), QStringLiteral("order-status") },
            { QStringLiteral("latency"), shop.viewLatency } },
        QJsonObject { { QStringLiteral("id"), QStringLiteral("app") },
            { QStringLiteral("kind"), QStringLiteral("customer-app") },
            { QStringLiteral("readModel"), QStringLiteral("view") }, { QStringLiteral("strategy"), shop.strategy },
            { QStringLiteral("every"), QStringLiteral("100ms") }, { QStringLiteral("orders"), shop.orders },
            { QStringLiteral("poll"), QStringLiteral("5ms") }, { QStringLiteral("timeout"), shop.timeout },
            { QStringLiteral("latency"), shop.appLatency } },
    };
    const QJsonObject root { { QStringLiteral("id"), QStringLiteral("app-test") },
        { QStringLiteral("title"), QStringLiteral("t") }, { QStringLiteral("topics"), topics },
        { QStringLiteral("services"), services },
        { QStringLiteral("workload"),
            QJsonObject {
                { QStringLiteral("orders"), 40 }, { QStringLiteral("rate"), 10 }, { QStringLiteral("skus"), 2 } } } };
    return QJsonDocument(root).toJson();
}

struct Run {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    QJsonObject app;
};

std::unique_ptr<Run> run(const Shop& shop, std::uint64_t seed = 7)
{
    const auto loaded = ScenarioLoader::loadText(scenarioText(shop), QStringLiteral("app-test.json"));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    auto r = std::make_unique<Run>();
    r->sim = ScenarioBuilder::build(*loaded.scenario, seed);
    r->sim->addObserver(&r->trace);
    r->sim->runToQuiescence(5'000'000);
    r->sim->finish();
    r->app = r->sim->service(r->sim->findService("app")).state();
    return r;
}

qint64 value(const QJsonObject& state, const char* key)
{
    return state.value(QLatin1String(key)).toInteger(-1);
}

/// Time of the first trace record of `kind` about a message of type `type` and order `orderId`,
/// handled by `service` (kNoIndex: any).
SimTime firstTime(const Run& r, TraceKind kind, std::string_view type, std::string_view orderId, std::uint16_t service)
{
    const EventLog& log = r.sim->log();
    const Atom orderField = log.atoms().find("orderId");
    for (const TraceRecord& t : r.trace.records) {
        if (t.kind != kind || t.message == kNoMessage || (service != kNoIndex && t.service != service))
            continue;
        const Event& e = log.at(t.message);
        const Value id = log.field(e, orderField);
        if (log.text(e.type) == type && id.type == Value::Type::String && log.text(id.s) == orderId)
            return t.t;
    }
    return -1;
}

} // namespace

class TestCustomerApp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theOrderServiceAnswersOnlyACallerWhoAskedForIt()
    {
        const auto r = run(Shop {});
        const EventLog& log = r->sim->log();
        int accepted = 0;
        int placed = 0;
        for (const Event& e : log.events()) {
            if (e.kind != Event::Kind::Command)
                continue;
            const std::string_view type = log.text(e.type);
            placed += type == "PlaceOrder" ? 1 : 0;
            if (type != "OrderAccepted")
                continue;
            ++accepted;
            QCOMPARE(r->sim->serviceName(e.target), std::string_view("app"));
            // The answer names where the order's OrderCreated went: that event is there.
            const Event& cause = log.at(e.causation);
            QCOMPARE(log.text(cause.type), std::string_view("PlaceOrder"));
            const auto number = [&](const char* name) { return log.field(e, log.atoms().find(name)).i; };
            const std::uint32_t created
                = r->sim->bus()
                      .topic(r->sim->bus().findTopic(log.atoms().find("orders.events")))
                      .logs[static_cast<std::size_t>(number("partition"))][static_cast<std::size_t>(number("offset"))];
            QCOMPARE(log.text(log.at(created).type), std::string_view("OrderCreated"));
            QCOMPARE(log.at(created).key, e.key);
            QCOMPARE(number("streamVersion"), 1);
        }
        QCOMPARE(placed, 40 + 10); // the workload's and the app's
        QCOMPARE(accepted, 10); // the workload asked for no answer and got none
    }

    void readImmediatelyFromASlowViewIsStaleAndTraced()
    {
        const auto r = run(Shop {});
        QCOMPARE(value(r->app, "acknowledged"), 10);
        QCOMPARE(value(r->app, "staleScreens"), 10); // 10 ms per event: never there when the answer comes
        QVERIFY(value(r->app, "notFound") > 0);
        const auto stale = r->trace.of(TraceKind::StaleRead);
        QCOMPARE(static_cast<qint64>(stale.size()), value(r->app, "staleScreens"));
        // The answer's handled record says what the screen showed.
        int told = 0;
        for (const TraceRecord& t : r->trace.of(TraceKind::Handled))
            if (t.service == r->sim->findService("app"))
                told += r->sim->log().text(t.detail).starts_with("stale: ") ? 1 : 0;
        QCOMPARE(told, 10);
        for (const TraceRecord& t : stale) {
            QCOMPARE(r->sim->serviceName(t.service), std::string_view("app"));
            QVERIFY(r->sim->log().text(t.detail).starts_with("app-"));
            QVERIFY(t.aux >= 1);
        }
    }

    void readImmediatelyFromAFastViewIsFresh()
    {
        Shop shop;
        shop.viewLatency = QStringLiteral("0ms");
        shop.appLatency = QStringLiteral("30ms"); // the screen takes its time to read the answer
        const auto r = run(shop);
        QCOMPARE(value(r->app, "acknowledged"), 10);
        QCOMPARE(value(r->app, "staleScreens"), 0);
        QVERIFY(r->trace.of(TraceKind::StaleRead).empty());
    }

    void waitForVersionIsNeverStaleAndWaitsForTheView()
    {
        Shop shop;
        shop.strategy = QStringLiteral("wait-for-version");
        const auto r = run(shop);
        QCOMPARE(value(r->app, "staleScreens"), 0);
        QCOMPARE(value(r->app, "timedOut"), 0);
        QCOMPARE(value(r->app, "waited"), 10);
        QVERIFY(r->trace.of(TraceKind::StaleRead).empty());
        // Each order waited at least until the view applied its OrderCreated, and at most a poll longer.
        const std::uint16_t app = r->sim->findService("app");
        const std::uint16_t view = r->sim->findService("view");
        SimTime lag = 0;
        for (int n = 1; n <= 10; ++n) {
            const std::string id = "app-" + QStringLiteral("%1").arg(n, 6, 10, QLatin1Char('0')).toStdString();
            const SimTime answered = firstTime(*r, TraceKind::Handled, "OrderAccepted", id, app);
            const SimTime applied = firstTime(*r, TraceKind::Handled, "OrderCreated", id, view);
            QVERIFY2(answered > 0 && applied > 0, id.c_str());
            lag = std::max(lag, applied - answered);
        }
        QVERIFY(lag > 0);
        QVERIFY2(value(r->app, "waitMaxUs") >= lag,
            qPrintable(QStringLiteral("waited %1, lag %2").arg(value(r->app, "waitMaxUs")).arg(lag)));
        QVERIFY(value(r->app, "waitMaxUs") <= lag + 5 * kMillisecond);
    }

    void waitForVersionGivesUpOnATooSlowView()
    {
        Shop shop;
        shop.strategy = QStringLiteral("wait-for-version");
        shop.viewLatency = QStringLiteral("40ms");
        shop.timeout = QStringLiteral("50ms");
        const auto r = run(shop);
        QVERIFY(value(r->app, "timedOut") > 0);
        QCOMPARE(value(r->app, "staleScreens"), value(r->app, "timedOut")); // it shows what the view has
        QCOMPARE(value(r->app, "waited") + value(r->app, "timedOut"), 10);
        QCOMPARE(static_cast<qint64>(r->trace.of(TraceKind::StaleRead).size()), value(r->app, "timedOut"));
    }

    void optimisticIsCorrectedWhenTheShopCancels()
    {
        Shop shop;
        shop.strategy = QStringLiteral("optimistic");
        shop.stock = 0; // out of stock: every order is cancelled after it was accepted
        auto r = run(shop);
        QCOMPARE(value(r->app, "shownOptimistically"), 10);
        QCOMPARE(value(r->app, "corrected"), 10);
        QCOMPARE(value(r->app, "confirmed"), 0);
        QCOMPARE(value(r->app, "turnedOutWrong"), 10);
        QCOMPARE(value(r->app, "wrongNow"), 0);
        QVERIFY(value(r->app, "settleMaxUs") > 0);
        QCOMPARE(r->app.value(QStringLiteral("screen")).toArray().first().toString(), QStringLiteral("cancelled"));

        shop.stock = 1000;
        r = run(shop);
        QCOMPARE(value(r->app, "confirmed"), 10);
        QCOMPARE(value(r->app, "corrected"), 0);
        QCOMPARE(value(r->app, "turnedOutWrong"), 0);
        QCOMPARE(value(r->app, "wrongNow"), 0);
    }

    void optimisticIsWrongUntilTheViewCatchesUp()
    {
        Shop shop;
        shop.strategy = QStringLiteral("optimistic");
        shop.stock = 0;
        const auto loaded = ScenarioLoader::loadText(scenarioText(shop), QStringLiteral("app-test.json"));
        QVERIFY(loaded.ok());
        auto sim = ScenarioBuilder::build(*loaded.scenario, 7);
        const Service& app = sim->service(sim->findService("app"));
        qint64 mostWrong = 0;
        while (sim->step())
            mostWrong = std::max(mostWrong, value(app.state(), "wrongNow"));
        QVERIFY(mostWrong > 0); // the write side had said no while the screen still showed "placed"
        QCOMPARE(value(app.state(), "wrongNow"), 0);
    }

    void optimisticIsCorrectedWhenTheShopRefuses()
    {
        Shop shop;
        shop.strategy = QStringLiteral("optimistic");
        shop.catalog = QStringLiteral("sku-9"); // the order service sells nothing the customers order
        const auto r = run(shop);
        QCOMPARE(value(r->app, "refused"), 10);
        QCOMPARE(value(r->app, "corrected"), 10);
        QCOMPARE(value(r->app, "turnedOutWrong"), 10);
        QCOMPARE(value(r->app, "wrongNow"), 0);
        QCOMPARE(r->app.value(QStringLiteral("screen")).toArray().first().toString(), QStringLiteral("refused"));
    }

    void sameSeedSameRun_data()
    {
        QTest::addColumn<QString>("strategy");
        for (const char* s : { "read-immediately", "wait-for-version", "optimistic" })
            QTest::newRow(s) << QString::fromLatin1(s);
    }
    void sameSeedSameRun()
    {
        QFETCH(QString, strategy);
        Shop shop;
        shop.strategy = strategy;
        shop.stock = 8;
        const auto a = run(shop, 3);
        const auto b = run(shop, 3);
        QCOMPARE(a->sim->fingerprint(), b->sim->fingerprint());
        QCOMPARE(a->app, b->app);
        QVERIFY(run(shop, 4)->sim->fingerprint() != a->sim->fingerprint());
    }

    void theLoaderKnowsTheKind()
    {
        Shop shop;
        shop.strategy = QStringLiteral("eventually");
        const auto bad = ScenarioLoader::loadText(scenarioText(shop), QStringLiteral("app-test.json"));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.errors.front().toString().contains(QLatin1String("strategy")),
            qPrintable(bad.errors.front().toString()));
        QCOMPARE(CustomerAppService::strategyFromName("optimistic"), CustomerAppService::Strategy::Optimistic);
        QCOMPARE(QString::fromLatin1(CustomerAppService::strategyName(CustomerAppService::Strategy::WaitForVersion)),
            QStringLiteral("wait-for-version"));
    }
};

QTEST_GUILESS_MAIN(TestCustomerApp)
#include "tst_customerapp.moc"
