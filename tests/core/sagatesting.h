#pragma once

// What the saga suites share (tst_sagas, tst_sagacoordinator): a shipped saga scenario run to its end with
// its trace collected, the overrides they use, and the shop's conservation check.

#include "sagas/sagatracker.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "services/ecommerce/inventoryservice.h"
#include "services/ecommerce/orderservice.h"
#include "services/ecommerce/paymentservice.h"
#include "services/ecommerce/shippingservice.h"
#include "testservices.h"

#include <QTest>
#include <optional>

namespace eventloom::test {

struct Run {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;

    template <class T>
    const T& service(const char* id) const
    {
        const std::uint16_t index = sim->findService(id);
        if (index == kNoIndex)
            qFatal("no service %s", id);
        return dynamic_cast<const T&>(sim->service(index));
    }
    /// (phase, step) of every saga record of one instance, in trace order.
    std::vector<std::pair<SagaPhase, int>> movesOf(std::string_view sagaId) const
    {
        std::vector<std::pair<SagaPhase, int>> moves;
        for (const TraceRecord& r : trace.of(TraceKind::Saga))
            if (sim->log().text(r.subject) == sagaId)
                moves.emplace_back(r.phase, static_cast<int>(r.aux));
        return moves;
    }
    std::vector<TraceRecord> sagaRecords(SagaPhase phase) const
    {
        std::vector<TraceRecord> out;
        for (const TraceRecord& r : trace.of(TraceKind::Saga))
            if (r.phase == phase)
                out.push_back(r);
        return out;
    }
};

inline std::unique_ptr<Run> run(
    const char* scenario, QStringList overrides, std::optional<std::uint64_t> seed = std::nullopt)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QLatin1String(scenario)), overrides);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    auto r = std::make_unique<Run>();
    r->sim = ScenarioBuilder::build(*loaded.scenario, seed);
    r->sim->addObserver(&r->trace);
    r->sim->runToQuiescence();
    r->sim->finish();
    return r;
}

inline constexpr const char* kOrderSaga = "07-saga-orchestration";
/// The charge tried three times, 100 ms apart at first, with no deadline: a short outage fails it.
inline const QString kThreeCharges
    = QStringLiteral("sagas.order-fulfilment.steps.charge-payment.retry={\"count\": 2, \"backoff\": \"100ms\"}");
inline constexpr const char* kTripSaga = "14-trip-booking-saga";

inline QString styleOverride(const char* scenario, const QString& style)
{
    return QStringLiteral("sagas.%1.style=%2")
        .arg(std::string_view(scenario) == kTripSaga ? QStringLiteral("trip") : QStringLiteral("order-fulfilment"),
            style);
}

/// What happened to one order, for a failure message: its messages and saga moves in trace order.
inline QString story(const Run& r, Atom orderId)
{
    QString text;
    const EventLog& log = r.sim->log();
    for (const TraceRecord& rec : r.trace.records) {
        const bool mine = (rec.kind == TraceKind::Saga && rec.subject == orderId)
            || ((rec.kind == TraceKind::Published || rec.kind == TraceKind::CommandSent
                    || rec.kind == TraceKind::Crashed || rec.kind == TraceKind::Restarted
                    || rec.kind == TraceKind::Handled)
                && (rec.message == kNoMessage || log.at(rec.message).correlation == orderId));
        if (!mine || (rec.kind == TraceKind::Handled && rec.message == kNoMessage))
            continue;
        text += QStringLiteral("%1 %2 ").arg(rec.t).arg(QLatin1String(traceKindName(rec.kind).data()));
        if (rec.kind == TraceKind::Saga)
            text += QLatin1String(sagaPhaseName(rec.phase).data())
                + QStringLiteral(" step %1 try %2 ").arg(rec.aux).arg(rec.attempt);
        else if (rec.message != kNoMessage)
            text += QString::fromStdString(std::string(log.text(log.at(rec.message).type))) + u' ';
        if (rec.service != kNoIndex)
            text += QString::fromStdString(std::string(r.sim->serviceName(rec.service))) + u' ';
        if (rec.detail != 0)
            text += QString::fromStdString(std::string(log.text(rec.detail)));
        text += u'\n';
    }
    return text;
}

/// Stock, money and shipments: nothing created or lost by the saga machinery.
inline void checkShopConservation(const Run& r, bool everythingUndone)
{
    const auto& inventory = r.service<InventoryService>("inventory");
    QVERIFY(inventory.invariantsHold());
    const auto& orders = r.service<OrderService>("order");
    const auto& payment = r.service<PaymentService>("payment");
    const auto& shipping = r.service<ShippingService>("shipping");
    std::int64_t paidForCompleted = 0;
    std::int64_t completed = 0;
    for (std::int64_t i = 1; i <= 200; ++i) {
        const std::string id = QStringLiteral("order-%1").arg(i, 6, 10, QLatin1Char('0')).toStdString();
        const Atom atom = r.sim->mutableLog().atoms().intern(id);
        const OrderService::Order* order = orders.order(atom);
        if (!order)
            continue;
        // Every saga is over: nothing stays reserved for an order, whatever its end.
        QCOMPARE(inventory.reservedFor(atom), 0);
        if (order->status == OrderService::Status::Completed) {
            ++completed;
            paidForCompleted += order->amountCents;
            QCOMPARE(payment.chargedFor(atom), order->amountCents);
            QVERIFY(shipping.shipping(atom));
        } else {
            QCOMPARE(order->status, OrderService::Status::Cancelled);
            if (payment.chargedFor(atom) != 0)
                qWarning().noquote() << id.c_str() << "kept its charge:\n" << story(r, atom);
            QCOMPARE(payment.chargedFor(atom), 0);
            QVERIFY(!shipping.shipping(atom));
        }
    }
    QCOMPARE(payment.balanceCents(), paidForCompleted);
    QCOMPARE(shipping.activeShipments(), completed);
    QCOMPARE(static_cast<std::int64_t>(r.sim->counters().sagas.completed), completed);
    if (everythingUndone)
        QCOMPARE(completed, 0);
}

} // namespace eventloom::test
