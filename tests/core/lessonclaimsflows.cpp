#include "lessonclaims.h"

#include <QJsonArray>

namespace eventloom::test {

void addFlowLessonClaims(std::map<QString, std::vector<Claim>>& c)
{
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
        const QString text
            = lab.config()[QLatin1String("lesson")][QLatin1String("steps")][step][QLatin1String("inject")].toString();
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
        return Claim { QString::fromUtf8(literal), [factor](Lab& lab) {
                          return factor * Lab::number(lab.config(), QStringLiteral("sagas[0].steps[1].retry.backoff"))
                              / kMs;
                      } };
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
        { QStringLiteral("5"),
            [stepInjection](
                Lab& lab) { return static_cast<double>(stepInjection(lab, 6).duration.value_or(0)) / kS; } },
        outageEnds("6", 6),
        // …which cancelled 30 of the 60 orders with three tries a few hundred ms apart.
        variant("30",
            { QStringLiteral(
                "sagas.order-fulfilment.steps.charge-payment.retry={\"count\": 2, \"backoff\": \"100ms\"}") },
            { ridden }, "sagas.compensated"),
        config("60", "workload.orders"),
        // Step 7's outage outlasts the deadline: payment is back at 16 s.
        outageEnds("16", 7),
        // A 90 s outage outlasts the compensation's minute of tries too: sagas are stuck.
        fact("90", [](const LabRun& run) { return Lab::number(run.state, QStringLiteral("sagas.stuck")) > 0; }, {},
            { QStringLiteral("crash@1s,service=payment,for=90s") }),
    };
    const QStringList orchestrated { QStringLiteral("sagas.order-fulfilment.style=orchestration") };
    const QString victim = QStringLiteral("order-000018");
    const QString shipmentFails = QStringLiteral("fail,service=shipping,type=ScheduleShipment,count=1"); // step 4
    const auto publishedAt = [victim](const char* type) {
        return [victim, t = QString::fromUtf8(type)](
                   const LabRun& run) { return timeOf(run, QStringLiteral("published"), t, victim) / kS; };
    };
    c[QStringLiteral("08-saga-choreography")] = {
        config("7", "seed"),
        beforeTheFirstDecline("0.2"),
        // The declined charge the scenario injects, and the events that undo it.
        traced("2.011", publishedAt("PaymentFailed")),
        traced("2.016", publishedAt("StockReleased")),
        traced("2.020", publishedAt("OrderCancelled")),
        // The same scenario with a coordinator, with the run's injections: step 4's failed shipment (Compare with
        // a Variant keeps them).
        variant("27.8", orchestrated, { shipmentFails }, "latency.p50Us / 1ms"),
        variant("881", orchestrated, { shipmentFails }, "deliveries"),
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
        return [race, k = QString::fromUtf8(kind), t = QString::fromUtf8(type)](
                   const LabRun& run) { return timeOf(run, k, t, race) / kS; };
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
    const QStringList lateCancelsUnchecked { QStringLiteral("workload.cancelAfter=12ms"),
        QStringLiteral("services.order.expectedVersion=any") };
    // Some cancel's append expected version 3 (paid), found the stream at 5 (OrderShipped and OrderCompleted,
    // both from ShipmentScheduled), and the cancel was then rejected.
    const auto lateCancelRejected = [](const LabRun& run) {
        return std::any_of(run.rows.begin(), run.rows.end(), [&](const Row& c) {
            if (c.kind != QLatin1String("append-conflict") || c.type != QLatin1String("CancelOrder") || c.offset != 3
                || c.aux != 5)
                return false;
            const Row* shipped = streamRow(run, QStringLiteral("appended"), c.detail, 4);
            const Row* completed = streamRow(run, QStringLiteral("appended"), c.detail, 5);
            const bool rejected = std::any_of(run.rows.begin(), run.rows.end(), [&](const Row& r) {
                return r.kind == QLatin1String("rejected") && r.message == c.message
                    && r.detail == QLatin1String("cannot cancel after shipping");
            });
            return shipped && completed && shipped->type == QLatin1String("ShipmentScheduled")
                && completed->type == QLatin1String("ShipmentScheduled") && rejected;
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
        fact("5",
            [=](const LabRun& run) {
                return isVersion(one, 5, "ShipmentScheduled")(run)
                    && !streamRow(run, QStringLiteral("appended"), one, 6);
            }),
        traced("8.9", appended(one, 1, kMs)),
        traced("15.5", appended(one, 2, kMs)),
        traced("19.9", appended(one, 3, kMs)),
        traced("23.0", appended(one, 4, kMs)),
        traced("23.0", appended(one, 5, kMs)),
        // Snapshots every 3 events, one for each stream that reached 3.
        fact("3",
            [](const LabRun& run) {
                return std::all_of(run.rows.begin(), run.rows.end(),
                    [](const Row& r) { return r.kind != QLatin1String("snapshot") || r.aux % 3 == 0; });
            }),
        traced("139",
            [](const LabRun& run) {
                return count(run, [](const Row& r) { return r.kind == QLatin1String("snapshot"); });
            }),
        // Time travel: at 21 ms order-000001 is at version 3; by 25 ms at version 5.
        fact("21",
            [=](const LabRun& run) { return appended(one, 3, kMs)(run) < 21 && appended(one, 4, kMs)(run) > 21; }),
        fact("0.021",
            [=](const LabRun& run) { return appended(one, 3, kS)(run) < 0.021 && appended(one, 4, kS)(run) > 0.021; }),
        fact("25", [=](const LabRun& run) { return appended(one, 5, kMs)(run) < 25; }),
        traced("18.5",
            [one](const LabRun& run) {
                return timeOf(run, QStringLiteral("published"), QStringLiteral("ShipmentScheduled"), one) / kMs;
            }),
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
        traced("0.8",
            [released = at("published", "StockReleased")](
                const LabRun& run) { return std::ceil(released(run) * 10) / 10; }),
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
        QStringLiteral("services.analytics.subscriptions.0.upcaster=true"),
        QStringLiteral("services.analytics.rules.0.sum.revenueCents=$.total.amountCents") };
    c[QStringLiteral("09-schema-evolution")] = {
        // The producer's redeployment, from the scenario's injection.
        { QStringLiteral("3"),
            [](Lab& lab) {
                QString problem;
                const auto spec = InjectionSpec::parse(
                    lab.config()[QLatin1String("injections")].toArray().first().toString(), problem);
                return spec ? spec->at / kS : std::nan("");
            },
            0 },
        traced("3.03",
            [](const LabRun& run) {
                return timeOf(run, QStringLiteral("published"), QStringLiteral("OrderCreated"),
                           QStringLiteral("order-000088"))
                    / kS;
            }),
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
        return [trip21, k = QString::fromUtf8(kind), t = QString::fromUtf8(type)](
                   const LabRun& run) { return timeOf(run, k, t, trip21) / kS; };
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
        return Claim { QString::fromUtf8(literal),
            [carFirst, e = QString::fromUtf8(expression)](
                Lab& lab) { return Lab::number(lab.runEdited(QStringLiteral("rent-car first"), carFirst).state, e); },
            0 };
    };
    const QStringList choreographed { QStringLiteral("sagas.trip.style=choreography") };
    const QString hotelFails = QStringLiteral("fail@1s,service=hotel,type=BookHotel,count=1");
    c[QStringLiteral("14-trip-booking-saga")] = {
        config("40", "services[1].capacity"),
        config("40", "workload.orders"),
        end("40", "hotel.bookings"),
        config("35", "services[2].capacity"),
        config("20", "services[3].capacity"),
        { QStringLiteral("21"),
            [](Lab& lab) { return Lab::number(lab.config(), QStringLiteral("services[3].capacity")) + 1; }, 0 },
        config("5", "services[1].declineProbability", 0.01),
        config("5", "services[3].declineProbability", 0.01),
        config("14", "seed"),
        // The 5% refusals never strike on this seed: every refusal is the car's, sold out.
        end("0", "flight.refused + hotel.refused + car.refused - (sagas.started - car.capacity)"),
        fact("20",
            [lastOf](const LabRun& run) { return lastOf("CarRented", true)(run) == QLatin1String("trip-000020"); }),
        fact("21",
            [lastOf](
                const LabRun& run) { return lastOf("CarRentalFailed", false)(run) == QLatin1String("trip-000021"); }),
        // trip-000021's refusal and its compensation.
        traced("1.953", tripAt("published", "CarRentalFailed")),
        fact("1.95",
            [tripAt](const LabRun& run) {
                return tripAt("published", "CarRentalFailed")(run) > 1.95
                    && tripAt("published", "HotelBooked")(run) < 1.95;
            }),
        traced("1.959", tripAt("command", "CancelHotel")),
        traced("1.974", tripAt("published", "HotelCancelled")),
        traced("1.980", tripAt("command", "CancelFlight")),
        traced("1.996", tripAt("published", "FlightCancelled")),
        traced("2.005", tripAt("published", "TripCancelled")),
        // The cars run out at about 1.9 s.
        traced(
            "1.9",
            [](const LabRun& run) { return lastOfType(run, QStringLiteral("published"), QStringLiteral("CarRented")); },
            0.03),
        // The most rooms the hotel ever holds.
        traced("23",
            [](const LabRun& run) {
                int held = 0;
                int most = 0;
                for (const Row& r : run.rows) {
                    if (r.kind != QLatin1String("published"))
                        continue;
                    held += r.type == QLatin1String("HotelBooked")  ? 1
                        : r.type == QLatin1String("HotelCancelled") ? -1
                                                                    : 0;
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
        end("240", "events"), // quoted beside the choreographed run's, whose run replaces the figure
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
        { QStringLiteral("40"),
            [](Lab& lab) { return 5 * Lab::number(lab.config(), QStringLiteral("services[4].latency")) / kMs; }, 0 },
    };
}

} // namespace eventloom::test
