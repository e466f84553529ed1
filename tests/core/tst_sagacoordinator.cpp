// The saga coordinator: its saga log is event-sourced and travels in time, a restart re-arms its deadlines, an
// answered step cancels its deadline, and an answer or a duplicate that moves no saga is traced as such.

#include "sagas/sagacoordinator.h"
#include "sagatesting.h"

#include <QTest>
#include <map>

using namespace eventloom;
using namespace eventloom::test;

class TestSagaCoordinator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theCoordinatorIsEventSourcedAndTravelsInTime()
    {
        const auto r = run(kOrderSaga, {});
        const auto& coordinator = r->service<SagaCoordinator>("order-saga");
        QCOMPARE(coordinator.store().streams().size(), std::size_t(60));
        const EventLog& log = r->sim->log();
        int checked = 0;
        for (const Atom id : coordinator.store().streams()) {
            const SagaInstance* now = coordinator.instance(id);
            QVERIFY(now && now->finished());
            // Replaying the saga log gives the live state.
            const SagaInstance replayed = coordinator.instanceAt(id, r->sim->now(), log);
            QCOMPARE(replayed.status, now->status);
            QCOMPARE(replayed.completed, now->completed);
            QCOMPARE(replayed.compensations, now->compensations);
            QCOMPARE(replayed.data.size(), now->data.size());
            // Before it started it did not exist; just before it ended it was still going.
            QCOMPARE(coordinator.instanceAt(id, now->startedAt - 1, log).status, SagaInstance::Status::Running);
            QCOMPARE(coordinator.instanceAt(id, now->startedAt - 1, log).id, Atom { 0 });
            const SagaInstance before = coordinator.instanceAt(id, now->endedAt - 1, log);
            QVERIFY(!before.finished());
            if (now->status == SagaInstance::Status::Compensated && now->completed > 0) {
                QCOMPARE(before.status, SagaInstance::Status::Compensating);
                ++checked;
            }
        }
        QVERIFY(checked > 0); // some sagas compensated after completed steps (the injected payment failure)
        // The saga log holds every move the trace shows.
        std::size_t moves = r->trace.of(TraceKind::Saga).size();
        QCOMPARE(coordinator.store().size(), moves);
    }

    void aRestartedCoordinatorReArmsItsDeadlines()
    {
        // Payment never answers in time; the coordinator crashes while it waits for the charge.
        const auto r = run(kOrderSaga,
            { QStringLiteral("workload.orders=1"), QStringLiteral("services.payment.declineProbability=0"),
                kThreeCharges,
                QStringLiteral("injections=[\"crash@0s,service=payment,for=5s\", "
                               "\"crash@100ms,service=order-saga,for=100ms\"]") });
        QCOMPARE(r->trace.of(TraceKind::Crashed).size(), std::size_t(2));
        // Its timer died with it; the deadline in its saga log did not.
        QVERIFY(!r->sagaRecords(SagaPhase::StepTimedOut).empty());
        QVERIFY(r->sagaRecords(SagaPhase::StepTimedOut).front().t > 200 * kMillisecond);
        QCOMPARE(r->sim->counters().sagas.compensated, 1u);
        checkShopConservation(*r, true);
    }

    void anAnswerThatMovesNoSagaIsTracedAsIgnored()
    {
        // A handling traced `ok` without a detail is an effect; an answer the coordinator can no longer
        // use (a late charge after the step timed out, events after the saga ended) says why it changed nothing.
        const auto r = run(kOrderSaga,
            { QStringLiteral("workload.orders=1"), QStringLiteral("services.payment.declineProbability=0"),
                QStringLiteral("injections=[\"crash@0s,service=payment,for=3s\"]") });
        const std::uint16_t coordinator = r->sim->findService("order-saga");
        const EventLog& log = r->sim->log();
        std::map<std::string, int> ignored; // type → handlings that changed nothing
        std::size_t effects = 0;
        for (const TraceRecord& rec : r->trace.of(TraceKind::Handled)) {
            if (rec.service != coordinator || rec.outcome != HandleOutcome::Ok)
                continue;
            if (rec.detail == 0) {
                ++effects;
                continue;
            }
            QVERIFY2(log.text(rec.detail).starts_with("ignored: "), log.text(rec.detail).data());
            ++ignored[std::string(log.text(log.at(rec.message).type))];
        }
        // The charge that payment made once it was back came after the step had failed: ignored.
        QVERIFY2(ignored["PaymentCharged"] >= 1, "the late charge is not traced as ignored");
        // Effects: the start, the reservation, the failed charge (by timeout: a timer, not a handling),
        // the refund and the release — each moved the saga.
        QVERIFY(effects >= 3);
        std::size_t moves = 0;
        for (const TraceRecord& rec : r->trace.of(TraceKind::Saga))
            moves += rec.phase == SagaPhase::Started || rec.phase == SagaPhase::StepSucceeded
                    || rec.phase == SagaPhase::CompensationSucceeded
                ? 1
                : 0;
        QCOMPARE(effects, moves); // every effect is a move the saga log shows, and no more
    }

    void aDuplicateDeliveryToTheCoordinatorChangesNothingAndSaysSo_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("override");
        QTest::addColumn<QString>("coordinator");
        QTest::addColumn<QString>("startTopic");
        QTest::newRow("07") << QString::fromLatin1(kOrderSaga) << QString() << QStringLiteral("order-saga")
                            << QStringLiteral("orders.events");
        QTest::newRow("08 orchestrated") << QStringLiteral("08-saga-choreography")
                                         << styleOverride(kOrderSaga, QStringLiteral("orchestration"))
                                         << QStringLiteral("order-saga") << QStringLiteral("orders.events");
        QTest::newRow("14") << QString::fromLatin1(kTripSaga) << QString() << QStringLiteral("trip-saga")
                            << QStringLiteral("trips.events");
    }
    void aDuplicateDeliveryToTheCoordinatorChangesNothingAndSaysSo()
    {
        // Issue 18, item 3: the coordinator handled a duplicated start event twice, both `ok`.
        QFETCH(QString, scenario);
        QFETCH(QString, override);
        QFETCH(QString, coordinator);
        QFETCH(QString, startTopic);
        std::uint64_t skipped = 0;
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            QStringList overrides {
                QStringLiteral("injections=[\"duplicate,topic=%1,probability=0.2\"]").arg(startTopic)
            };
            if (!override.isEmpty())
                overrides << override;
            const auto r = run(scenario.toLatin1().constData(), overrides, seed);
            const std::uint16_t service = r->sim->findService(coordinator.toStdString());
            QVERIFY(service != kNoIndex);
            std::map<std::uint32_t, int> effects; // message → handlings that reported an effect
            for (const TraceRecord& rec : r->trace.of(TraceKind::Handled)) {
                if (rec.service != service)
                    continue;
                if (rec.outcome == HandleOutcome::SkippedDuplicate) {
                    ++skipped;
                } else if (rec.outcome == HandleOutcome::Ok && ++effects[rec.message] == 2) {
                    QFAIL(qPrintable(
                        QStringLiteral("seed %1: %2 handled %3 twice, both ok%4")
                            .arg(seed)
                            .arg(coordinator,
                                QString::fromStdString(
                                    std::string(r->sim->log().text(r->sim->log().at(rec.message).type))),
                                rec.detail ? QStringLiteral(" (")
                                        + QString::fromStdString(std::string(r->sim->log().text(rec.detail))) + u')'
                                           : QString())));
                }
            }
            // The duplicates changed nothing: one instance per start, every one ended.
            const RunCounters& c = r->sim->counters();
            QCOMPARE(c.sagas.completed + c.sagas.compensated, c.sagas.started);
        }
        QVERIFY(skipped > 0); // the duplicates reached the coordinator
    }

    void anAnsweredStepCancelsItsDeadline_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("coordinator");
        QTest::newRow("07") << QString::fromLatin1(kOrderSaga) << QStringLiteral("order-saga");
        QTest::newRow("14") << QString::fromLatin1(kTripSaga) << QStringLiteral("trip-saga");
    }
    void anAnsweredStepCancelsItsDeadline()
    {
        // Issue 18, item 6: every step's deadline fired after its answer and was ignored.
        QFETCH(QString, scenario);
        QFETCH(QString, coordinator);
        const auto r = run(scenario.toLatin1().constData(), {});
        const std::uint16_t service = r->sim->findService(coordinator.toStdString());
        QVERIFY(r->sim->counters().sagas.started > 0);
        QVERIFY(r->sagaRecords(SagaPhase::StepTimedOut).empty()); // every step was answered in time…
        std::size_t timers = 0;
        for (const TraceRecord& rec : r->trace.of(TraceKind::TimerFired))
            timers += rec.service == service ? 1 : 0;
        QCOMPARE(timers, std::size_t(0)); // …so no deadline fired
        // The run ends with its last real move, not a deadline nobody waits for.
        QCOMPARE(r->sim->now(), r->trace.records.back().t);
        QVERIFY(r->trace.records.back().kind != TraceKind::TimerFired);
    }

    void aTimedOutStepStillTimesOutAfterARestart()
    {
        // Cancelling must not cancel a deadline still waited for: a crash of the coordinator, and
        // a charge unanswered for good, still end in timeouts, retries and a compensation.
        const auto r = run(kOrderSaga,
            { QStringLiteral("workload.orders=3"), QStringLiteral("services.payment.declineProbability=0"),
                kThreeCharges,
                QStringLiteral("injections=[\"crash@0s,service=payment,for=3s\", "
                               "\"crash@150ms,service=order-saga,for=100ms\"]") });
        QCOMPARE(r->sim->counters().sagas.compensated, 3u);
        // 3 tries × 3 orders: each try timed out, but for those the restart cut short — the restarted
        // coordinator sends an unanswered command again at once, as the next try.
        const auto restarts = r->trace.of(TraceKind::Restarted);
        QCOMPARE(restarts.size(), std::size_t(2));
        const SimTime restartedAt = restarts.front().t; // the coordinator's (payment's comes at 3 s)
        std::size_t resent = 0;
        for (const TraceRecord& rec : r->sagaRecords(SagaPhase::StepRetried))
            resent += rec.t == restartedAt ? 1 : 0;
        QVERIFY(resent > 0);
        QCOMPARE(r->sagaRecords(SagaPhase::StepTimedOut).size() + resent, std::size_t(9));
        checkShopConservation(*r, true);
    }
};

QTEST_GUILESS_MAIN(TestSagaCoordinator)
#include "tst_sagacoordinator.moc"
