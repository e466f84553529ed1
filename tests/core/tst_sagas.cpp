// Sagas, orchestrated and choreographed: compensation in reverse, conservation, timeouts, stuck
// compensations, saga definitions checked, and the same outcome in both styles. The coordinator itself:
// tst_sagacoordinator.

#include "sagas/sagacoordinator.h"
#include "sagatesting.h"
#include "services/resourceservice.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <random>

using namespace eventloom;
using namespace eventloom::test;

namespace {

/// The phases a saga that fails at step k must go through: steps 0…k-1 succeed, k fails, then the
/// compensations of k-1…0 — in reverse, and nothing for a step that never ran.
std::vector<std::pair<SagaPhase, int>> failedAt(int k)
{
    std::vector<std::pair<SagaPhase, int>> moves { { SagaPhase::Started, -1 } };
    for (int i = 0; i < k; ++i) {
        moves.emplace_back(SagaPhase::StepStarted, i);
        moves.emplace_back(SagaPhase::StepSucceeded, i);
    }
    moves.emplace_back(SagaPhase::StepStarted, k);
    moves.emplace_back(SagaPhase::StepFailed, k);
    for (int j = k - 1; j >= 0; --j) {
        moves.emplace_back(SagaPhase::CompensationStarted, j);
        moves.emplace_back(SagaPhase::CompensationSucceeded, j);
    }
    moves.emplace_back(SagaPhase::Compensated, -1);
    return moves;
}

const char* phase(SagaPhase p)
{
    return sagaPhaseName(p).data();
}

QByteArray describe(const std::vector<std::pair<SagaPhase, int>>& moves)
{
    QByteArray text;
    for (const auto& [p, step] : moves)
        text += QByteArray(phase(p)) + '(' + QByteArray::number(step) + ") ";
    return text;
}

void checkTripConservation(const Run& r)
{
    const std::int64_t completed = static_cast<std::int64_t>(r.sim->counters().sagas.completed);
    for (const char* id : { "flight", "hotel", "car" }) {
        const auto& resource = r.service<ResourceService>(id);
        QCOMPARE(resource.available() + resource.held(), resource.capacity());
        QCOMPARE(resource.held(), completed); // one unit per completed trip, none for the others
    }
}

} // namespace

class TestSagas : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aFailureAtStepKCompensatesTheCompletedStepsInReverse_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("style");
        QTest::addColumn<int>("step");
        const char* participants[2][3] = { { "inventory", "payment", "shipping" }, { "flight", "hotel", "car" } };
        for (const char* scenario : { kOrderSaga, kTripSaga })
            for (const char* style : { "orchestration", "choreography" })
                for (int k = 0; k < 3; ++k)
                    QTest::addRow("%s %s fails at %s", scenario == kOrderSaga ? "order" : "trip", style,
                        participants[scenario == kOrderSaga ? 0 : 1][k])
                        << QString::fromLatin1(scenario) << QString::fromLatin1(style) << k;
    }
    void aFailureAtStepKCompensatesTheCompletedStepsInReverse()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, style);
        QFETCH(int, step);
        const bool trip = scenario == QLatin1String(kTripSaga);
        static const char* const kTrip[] = { "flight", "hotel", "car" };
        static const char* const kShop[] = { "inventory", "payment", "shipping" };
        const char* participant = trip ? kTrip[step] : kShop[step];
        QStringList overrides { QStringLiteral("workload.orders=1"),
            styleOverride(trip ? kTripSaga : kOrderSaga, style),
            QStringLiteral("injections=[\"fail,service=%1,count=1\"]").arg(QLatin1String(participant)) };
        if (trip)
            overrides << QStringLiteral("services.flight.declineProbability=0")
                      << QStringLiteral("services.car.declineProbability=0");
        else
            overrides << QStringLiteral("services.payment.declineProbability=0");
        const auto r = run(scenario.toLatin1().constData(), overrides);

        const auto moves = r->movesOf(trip ? "trip-000001" : "order-000001");
        const auto expected = failedAt(step);
        if (moves != expected)
            QFAIL(qPrintable(QStringLiteral("got      %1\nexpected %2")
                                 .arg(QString::fromLatin1(describe(moves)), QString::fromLatin1(describe(expected)))));
        QCOMPARE(r->sim->counters().sagas.started, 1u);
        QCOMPARE(r->sim->counters().sagas.compensated, 1u);
        QCOMPARE(r->sim->counters().sagas.stuck, 0u);
        // The failure's reason is on the failed step's record.
        const auto failed = r->sagaRecords(SagaPhase::StepFailed);
        QCOMPARE(r->sim->log().text(failed.front().detail), std::string_view("injected failure"));
        if (trip) {
            checkTripConservation(*r);
            QCOMPARE(r->service<ResourceService>("flight").held(), 0);
        } else {
            checkShopConservation(*r, true);
        }
    }

    void underDuplicatesCrashesAndDeclinesEverySagaEndsCompletedOrCompensated_data()
    {
        QTest::addColumn<QString>("style");
        QTest::addColumn<int>("firstSeed");
        QTest::newRow("orchestration") << QStringLiteral("orchestration") << 1;
        QTest::newRow("choreography") << QStringLiteral("choreography") << 1001;
    }
    void underDuplicatesCrashesAndDeclinesEverySagaEndsCompletedOrCompensated()
    {
        QFETCH(QString, style);
        QFETCH(int, firstSeed);
        const bool orchestrated = style == QLatin1String("orchestration");
        std::uint64_t compensated = 0, completed = 0, redeliveries = 0, duplicates = 0;
        for (int seed = firstSeed; seed < firstSeed + 100; ++seed) {
            // Crashes at seeded times: participants (redeliveries, parked commands) and the coordinator.
            std::mt19937_64 pick(static_cast<std::uint64_t>(seed));
            QStringList crashes;
            QStringList targets { QStringLiteral("inventory"), QStringLiteral("payment"), QStringLiteral("shipping"),
                QStringLiteral("order") };
            if (orchestrated)
                targets << QStringLiteral("order-saga");
            for (int i = 0; i < 3; ++i)
                crashes << QStringLiteral("\"crash@%1ms,service=%2,for=%3ms\"")
                               .arg(pick() % 2500)
                               .arg(
                                   targets[static_cast<qsizetype>(pick() % static_cast<std::uint64_t>(targets.size()))])
                               .arg(100 + pick() % 800);
            // Duplicated deliveries on every topic: each participant and the coordinator see repeats.
            for (const char* topic : { "orders.events", "inventory.events", "payments.events", "shipping.events" })
                crashes << QStringLiteral("\"duplicate,topic=%1,probability=0.2\"").arg(QLatin1String(topic));
            const auto r = run(kOrderSaga,
                { QStringLiteral("workload.orders=15"), QStringLiteral("workload.rate=20"),
                    styleOverride(kOrderSaga, style), QStringLiteral("services.payment.declineProbability=0.25"),
                    QStringLiteral("services.inventory.stock=6"),
                    QStringLiteral("injections=[%1]").arg(crashes.join(u',')) },
                static_cast<std::uint64_t>(seed));
            const RunCounters& c = r->sim->counters();
            QCOMPARE(c.sagas.started, 15u);
            if (c.sagas.completed + c.sagas.compensated != 15u || c.sagas.stuck != 0)
                QFAIL(qPrintable(QStringLiteral("seed %1: %2 completed, %3 compensated, %4 stuck")
                                     .arg(seed)
                                     .arg(c.sagas.completed)
                                     .arg(c.sagas.compensated)
                                     .arg(c.sagas.stuck)));
            QCOMPARE(c.duplicateEffects, 0u); // idempotent services: no step's effect applied twice
            checkShopConservation(*r, false);
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("seed %1").arg(seed)));
            completed += c.sagas.completed;
            compensated += c.sagas.compensated;
            redeliveries += c.redeliveries;
            duplicates += c.duplicateDeliveries;
        }
        // The runs exercised both ends and the faults really redelivered.
        QVERIFY(completed > 0);
        QVERIFY(compensated > 0);
        QVERIFY(redeliveries > 0);
        QVERIFY(duplicates > 0);
    }

    void aStepWithoutAnswerTimesOutRetriesThenCompensates()
    {
        // Payment is down for 3 s: ChargePayment waits in its queue, unanswered, and the step has only
        // three tries (no deadline).
        const auto r = run(kOrderSaga,
            { QStringLiteral("workload.orders=1"), QStringLiteral("services.payment.declineProbability=0"),
                kThreeCharges, QStringLiteral("injections=[\"crash@0s,service=payment,for=3s\"]") });
        const auto moves = r->movesOf("order-000001");
        std::vector<std::pair<SagaPhase, int>> charge;
        for (const auto& m : moves)
            if (m.second == 1 && m.first <= SagaPhase::StepRetried)
                charge.push_back(m);
        const std::vector<std::pair<SagaPhase, int>> expected { { SagaPhase::StepStarted, 1 },
            { SagaPhase::StepTimedOut, 1 }, { SagaPhase::StepRetried, 1 }, { SagaPhase::StepTimedOut, 1 },
            { SagaPhase::StepRetried, 1 }, { SagaPhase::StepTimedOut, 1 }, { SagaPhase::StepFailed, 1 } };
        QCOMPARE(describe(charge), describe(expected));
        const auto failed = r->sagaRecords(SagaPhase::StepFailed);
        QCOMPARE(r->sim->log().text(failed.front().detail), std::string_view("timed out after 3 tries"));
        // The timed-out charge may have happened (it did, once payment came back): it is compensated
        // first, then the reservation.
        std::vector<int> compensatedSteps;
        for (const TraceRecord& rec : r->sagaRecords(SagaPhase::CompensationSucceeded))
            compensatedSteps.push_back(static_cast<int>(rec.aux));
        QCOMPARE(compensatedSteps, (std::vector<int> { 1, 0 }));
        QCOMPARE(r->sim->counters().sagas.compensated, 1u);
        checkShopConservation(*r, true);
    }

    void anOutageShorterThanTheBusinessDeadlineOnlyDelays_data()
    {
        QTest::addColumn<QString>("outage");
        QTest::addColumn<bool>("givesUp");
        QTest::newRow("5 s: the saga waits") << QStringLiteral("5s") << false;
        QTest::newRow("9 s: the saga waits") << QStringLiteral("9s") << false;
        QTest::newRow("15 s: the deadline passes") << QStringLiteral("15s") << true;
    }
    void anOutageShorterThanTheBusinessDeadlineOnlyDelays()
    {
        // 07's steps retry with backoff until a 10 s business deadline. Payment is down from 0 s.
        QFETCH(QString, outage);
        QFETCH(bool, givesUp);
        const auto r = run(kOrderSaga,
            { QStringLiteral("workload.orders=1"), QStringLiteral("services.payment.declineProbability=0"),
                QStringLiteral("injections=[\"crash@0s,service=payment,for=%1\"]").arg(outage) });
        const SagaCoordinator& coordinator = r->service<SagaCoordinator>("order-saga");
        const SagaRetry& retry = coordinator.definition().steps[1].action.retry;
        QCOMPARE(retry.deadline, 10 * kSecond);
        // Every try of the charge starts within the deadline of the first, and the waits grow to the cap.
        std::vector<SimTime> tries;
        for (const TraceRecord& rec : r->trace.of(TraceKind::Saga))
            if (rec.aux == 1 && (rec.phase == SagaPhase::StepStarted || rec.phase == SagaPhase::StepRetried))
                tries.push_back(rec.t);
        QVERIFY(tries.size() > 4);
        QVERIFY(tries.back() - tries.front() <= retry.deadline);
        QCOMPARE(tries[1] - tries[0], coordinator.definition().steps[1].action.timeout + retry.backoff);
        QCOMPARE(tries.back() - tries[tries.size() - 2],
            coordinator.definition().steps[1].action.timeout + retry.maxBackoff);

        const QJsonObject state = coordinator.state();
        const RunCounters& c = r->sim->counters();
        if (!givesUp) {
            // Delayed, not cancelled: the order completes once payment is back, charged once.
            QCOMPARE(c.sagas.completed, 1u);
            QCOMPARE(c.sagas.compensated, 0u);
            QCOMPARE(state.value(QLatin1String("gaveUp")).toInt(), 0);
            QVERIFY(r->sagaRecords(SagaPhase::StepFailed).empty());
            QVERIFY(r->sagaRecords(SagaPhase::Completed).front().t > parseDuration(outage.toStdString()).value());
            QCOMPARE(c.duplicateEffects, 0u);
            checkShopConservation(*r, false);
            return;
        }
        // The deadline passed: the step is given up (in doubt), compensated charge first, then stock.
        QCOMPARE(c.sagas.compensated, 1u);
        QCOMPARE(state.value(QLatin1String("gaveUp")).toInt(), 1);
        const auto failed = r->sagaRecords(SagaPhase::StepFailed);
        QCOMPARE(failed.size(), 1u);
        QVERIFY2(QString::fromStdString(std::string(r->sim->log().text(failed.front().detail)))
                     .contains(QLatin1String(" tries in ")),
            r->sim->log().text(failed.front().detail).data());
        std::vector<int> compensated;
        for (const TraceRecord& rec : r->sagaRecords(SagaPhase::CompensationSucceeded))
            compensated.push_back(static_cast<int>(rec.aux));
        QCOMPARE(compensated, (std::vector<int> { 1, 0 }));
        // The charge tries waited in payment's queue: it charged after the saga gave up (a late
        // command), then refunded; answers that came after the end are ignored and counted.
        const QJsonObject payment = r->service<PaymentService>("payment").state();
        QCOMPARE(payment.value(QLatin1String("charges")).toInt(), 1);
        QCOMPARE(payment.value(QLatin1String("refunds")).toInt(), 1);
        QVERIFY(std::any_of(r->trace.records.begin(), r->trace.records.end(), [&](const TraceRecord& rec) {
            return rec.kind == TraceKind::Handled && r->sim->serviceName(rec.service) == "order-saga"
                && r->sim->log().text(rec.detail).starts_with("ignored:");
        }));
        checkShopConservation(*r, true);
    }

    void aPaymentCrashBetweenChargeAndEventStrandsAChoreographyNotAnOrchestration_data()
    {
        QTest::addColumn<QString>("style");
        QTest::newRow("choreography") << QStringLiteral("choreography");
        QTest::newRow("orchestration") << QStringLiteral("orchestration");
    }
    void aPaymentCrashBetweenChargeAndEventStrandsAChoreographyNotAnOrchestration()
    {
        QFETCH(QString, style);
        const bool choreography = style == QLatin1String("choreography");
        const auto r = run(kOrderSaga,
            { QStringLiteral("workload.orders=1"), styleOverride(kOrderSaga, style),
                QStringLiteral("services.payment.declineProbability=0"),
                QStringLiteral("injections=[\"crash,service=payment,point=between-writes\"]") });
        const EventLog& log = r->sim->log();
        int windowCrashes = 0;
        for (const TraceRecord& rec : r->trace.of(TraceKind::Crashed))
            windowCrashes += log.text(rec.detail) == "between-writes" ? 1 : 0;
        QCOMPARE(windowCrashes, 1);
        int charged = 0;
        for (const TraceRecord& rec : r->trace.of(TraceKind::Published))
            charged += log.text(log.at(rec.message).type) == "PaymentCharged" ? 1 : 0;
        const Atom order = r->sim->mutableLog().atoms().intern("order-000001");
        const auto& payment = r->service<PaymentService>("payment");
        QCOMPARE(payment.state().value(QLatin1String("charges")).toInt(),
            1); // the card was charged once, whatever came after
        QCOMPARE(r->sim->counters().duplicateEffects, 0u);
        if (choreography) {
            // The redelivered StockReserved is a duplicate to payment's inbox: nothing publishes the event.
            QCOMPARE(charged, 0);
            QVERIFY(std::any_of(r->trace.records.begin(), r->trace.records.end(), [&](const TraceRecord& rec) {
                return rec.kind == TraceKind::Handled && rec.outcome == HandleOutcome::SkippedDuplicate
                    && r->sim->serviceName(rec.service) == "payment";
            }));
            QCOMPARE(r->sim->counters().sagas.stuck, 1u);
            QVERIFY(payment.chargedFor(order) > 0);
            QVERIFY(r->service<InventoryService>("inventory").reservedFor(order) > 0);
        } else {
            // The coordinator's retry is a new command, answered as before: the saga completes.
            QCOMPARE(charged, 1);
            QCOMPARE(r->sim->counters().sagas.completed, 1u);
            QVERIFY(!r->sagaRecords(SagaPhase::StepRetried).empty());
            checkShopConservation(*r, false);
        }
    }

    void lessonSevensShipmentFailureCompensatesInReverse()
    {
        // The lesson's step fails the next ScheduleShipment: on every seed, that saga refunds first,
        // then releases the stock, and only then is the order cancelled.
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QLatin1String(kOrderSaga)));
        QVERIFY(loaded.ok() && loaded.scenario->lesson);
        QString inject;
        for (const LessonStep& step : loaded.scenario->lesson->steps)
            if (step.inject && step.inject->text().contains(QLatin1String("ScheduleShipment")))
                inject = step.inject->text();
        QVERIFY(!inject.isEmpty());
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            const auto r = run(kOrderSaga, { QStringLiteral("injections=[\"%1\"]").arg(inject) }, seed);
            const auto failed = r->sagaRecords(SagaPhase::StepFailed);
            const auto shipment
                = std::find_if(failed.begin(), failed.end(), [](const TraceRecord& rec) { return rec.aux == 2; });
            QVERIFY2(shipment != failed.end(), qPrintable(QStringLiteral("seed %1: no shipment failed").arg(seed)));
            const std::string id(r->sim->log().text(shipment->subject));
            std::vector<std::pair<SagaPhase, int>> after;
            bool from = false;
            for (const auto& move : r->movesOf(id)) {
                from = from || (move.first == SagaPhase::StepFailed && move.second == 2);
                if (from)
                    after.push_back(move);
            }
            const std::vector<std::pair<SagaPhase, int>> expected { { SagaPhase::StepFailed, 2 },
                { SagaPhase::CompensationStarted, 1 }, { SagaPhase::CompensationSucceeded, 1 },
                { SagaPhase::CompensationStarted, 0 }, { SagaPhase::CompensationSucceeded, 0 },
                { SagaPhase::Compensated, -1 } };
            QVERIFY2(after == expected,
                qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(QString::fromLatin1(describe(after)))));
            // The commands went out in that order: RefundPayment, ReleaseStock, CancelOrder.
            QStringList commands;
            const EventLog& log = r->sim->log();
            for (const TraceRecord& rec : r->trace.of(TraceKind::CommandSent))
                if (log.text(log.at(rec.message).correlation) == id
                    && log.text(log.at(rec.message).producer) == "order-saga")
                    commands << QString::fromStdString(std::string(log.text(log.at(rec.message).type)));
            QCOMPARE(commands.mid(commands.size() - 3),
                (QStringList {
                    QStringLiteral("RefundPayment"), QStringLiteral("ReleaseStock"), QStringLiteral("CancelOrder") }));
        }
    }

    void aCompensationThatKeepsFailingLeavesTheSagaStuck_data()
    {
        QTest::addColumn<QString>("style");
        QTest::addColumn<QString>("reason");
        QTest::newRow("orchestration")
            << QStringLiteral("orchestration")
            << QStringLiteral("compensation RefundPayment of step charge-payment unanswered after 6 tries");
        QTest::newRow("choreography")
            << QStringLiteral("choreography")
            << QStringLiteral("no PaymentRefunded, and nothing left that could send it (no coordinator to retry)");
    }
    void aCompensationThatKeepsFailingLeavesTheSagaStuck()
    {
        QFETCH(QString, style);
        QFETCH(QString, reason);
        const auto r = run(kOrderSaga,
            { QStringLiteral("workload.orders=1"), styleOverride(kOrderSaga, style),
                QStringLiteral("services.payment.declineProbability=0"),
                QStringLiteral("sagas.order-fulfilment.steps.charge-payment.compensation.retry={\"count\": 5, "
                               "\"backoff\": \"200ms\"}"),
                QStringLiteral("injections=[\"fail,service=shipping,count=1\", "
                               "\"fail,service=payment,type=RefundPayment,count=100\"]") });
        QCOMPARE(r->sim->counters().sagas.stuck, 1u);
        QCOMPARE(r->sim->counters().sagas.compensated, 0u);
        const auto stuck = r->sagaRecords(SagaPhase::Stuck);
        QCOMPARE(QString::fromStdString(std::string(r->sim->log().text(stuck.front().detail))), reason);
        QCOMPARE(static_cast<int>(stuck.front().aux), 1);
        // Stuck means stuck: the reservation was never released, visibly.
        const Atom order = r->sim->mutableLog().atoms().intern("order-000001");
        QVERIFY(r->service<InventoryService>("inventory").reservedFor(order) > 0);
        QCOMPARE(
            r->sagaRecords(SagaPhase::CompensationFailed).size(), style == QLatin1String("orchestration") ? 6u : 1u);
    }

    void withoutFaultsBothStylesReachTheSameBusinessState()
    {
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const QStringList common { QStringLiteral("services.payment.declineProbability=0"),
                QStringLiteral("injections=[]"), QStringLiteral("services.inventory.stock=1000") };
            const auto orchestrated = run(
                kOrderSaga, common + QStringList { styleOverride(kOrderSaga, QStringLiteral("orchestration")) }, seed);
            const auto choreographed = run(
                kOrderSaga, common + QStringList { styleOverride(kOrderSaga, QStringLiteral("choreography")) }, seed);
            for (const Run* r : { orchestrated.get(), choreographed.get() })
                QCOMPARE(r->sim->counters().sagas.completed, 60u);
            QCOMPARE(choreographed->service<InventoryService>("inventory").state(),
                orchestrated->service<InventoryService>("inventory").state());
            QCOMPARE(choreographed->service<PaymentService>("payment").balanceCents(),
                orchestrated->service<PaymentService>("payment").balanceCents());
            QCOMPARE(choreographed->service<ShippingService>("shipping").activeShipments(),
                orchestrated->service<ShippingService>("shipping").activeShipments());
            const auto& a = orchestrated->service<OrderService>("order");
            const auto& b = choreographed->service<OrderService>("order");
            for (int i = 1; i <= 60; ++i) {
                const std::string id = QStringLiteral("order-%1").arg(i, 6, 10, QLatin1Char('0')).toStdString();
                QCOMPARE(a.order(orchestrated->sim->mutableLog().atoms().intern(id))->status,
                    b.order(choreographed->sim->mutableLog().atoms().intern(id))->status);
            }
            // …by different routes: the orchestrator sent commands, the choreography only events.
            QVERIFY(orchestrated->sim->counters().commands > choreographed->sim->counters().commands);
        }
    }

    void sagaDefinitionsAreChecked_data()
    {
        QTest::addColumn<QString>("override");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown participant")
            << QStringLiteral("sagas.order-fulfilment.steps.reserve-stock.service=ghost")
            << QStringLiteral("sagas[0].steps[0].service: unknown service 'ghost'");
        QTest::newRow("unknown topic") << QStringLiteral("sagas.order-fulfilment.steps.charge-payment.topic=nowhere")
                                       << QStringLiteral("sagas[0].steps[1].topic: unknown topic 'nowhere'");
        QTest::newRow("unknown style") << QStringLiteral("sagas.order-fulfilment.style=anarchy")
                                       << QStringLiteral("expected \"orchestration\" or \"choreography\"");
        QTest::newRow("coordinator named like a service") << QStringLiteral(
            "sagas.order-fulfilment.coordinator=payment") << QStringLiteral("'payment' is already a service");
        QTest::newRow("owner") << QStringLiteral("sagas.order-fulfilment.onCompleted.service=nobody")
                               << QStringLiteral("sagas[0].onCompleted.service: unknown service 'nobody'");
        QTest::newRow("negative timeout")
            << QStringLiteral("sagas.order-fulfilment.steps.reserve-stock.timeout=\"-1s\"")
            << QStringLiteral("sagas[0].steps[0].timeout: expected a duration");
        QTest::newRow("misspelt field") << QStringLiteral("sagas.order-fulfilment.steps.reserve-stock.sucess=\"X\"")
                                        << QStringLiteral("unknown field 'sucess' (did you mean 'success'?)");
        QTest::newRow("zero deadline") << QStringLiteral(
            "sagas.order-fulfilment.steps.charge-payment.retry.deadline=\"0s\"")
                                       << QStringLiteral("sagas[0].steps[1].retry.deadline: must be longer than 0");
        QTest::newRow("cap below the backoff")
            << QStringLiteral("sagas.order-fulfilment.steps.charge-payment.retry.maxBackoff=\"100ms\"")
            << QStringLiteral("sagas[0].steps[1].retry.maxBackoff: must be at least the backoff (200ms)");
        QTest::newRow("misspelt retry field")
            << QStringLiteral("sagas.order-fulfilment.steps.charge-payment.retry.dedline=\"5s\"")
            << QStringLiteral("unknown field 'dedline' (did you mean 'deadline'?)");
    }
    void sagaDefinitionsAreChecked()
    {
        QFETCH(QString, override);
        QFETCH(QString, error);
        const auto loaded
            = ScenarioLoader::loadFile(ShippedScenarios::resolve(QLatin1String(kOrderSaga)), { override });
        QVERIFY(!loaded.ok());
        QString all;
        for (const auto& e : loaded.errors)
            all += e.toString() + u'\n';
        QVERIFY2(all.contains(error), qPrintable(all));
        QVERIFY2(loaded.errors.front().line > 0, qPrintable(all)); // it points into the file
    }
    void aChoreographyNeedsEveryCompensationButTheLast()
    {
        QFile file(ShippedScenarios::resolve(QLatin1String("08-saga-choreography")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        QJsonArray sagas = root.value(QLatin1String("sagas")).toArray();
        QJsonObject saga = sagas[0].toObject();
        QJsonArray steps = saga.value(QLatin1String("steps")).toArray();
        QJsonObject last = steps[2].toObject();
        last.remove(QLatin1String("compensation")); // the last step may go without
        steps[2] = last;
        saga.insert(QLatin1String("steps"), steps);
        sagas[0] = saga;
        root.insert(QLatin1String("sagas"), sagas);
        QVERIFY(ScenarioLoader::loadText(QJsonDocument(root).toJson(), QStringLiteral("08.json")).ok());
        QJsonObject middle = steps[1].toObject();
        middle.remove(QLatin1String("compensation")); // a middle one breaks the chain
        steps[1] = middle;
        saga.insert(QLatin1String("steps"), steps);
        sagas[0] = saga;
        root.insert(QLatin1String("sagas"), sagas);
        const auto loaded = ScenarioLoader::loadText(QJsonDocument(root).toJson(), QStringLiteral("08.json"));
        QVERIFY(!loaded.ok());
        QVERIFY(loaded.errors.front().toString().contains(
            QStringLiteral("sagas[0].steps[1]: in a choreographed saga every step but the last needs a compensation")));
    }
};

QTEST_GUILESS_MAIN(TestSagas)
#include "tst_sagas.moc"
