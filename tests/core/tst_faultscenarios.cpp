// The fault lessons: each shipped scenario shows what its summary says it shows.

#include "check/deliverychecker.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "testservices.h"

#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {
struct Run {
    std::unique_ptr<Simulation> sim;
    TraceCollector trace;
    DeliveryChecker::Report report;
    std::uint16_t group(std::string_view name) const
    {
        for (std::uint16_t g = 0; g < sim->bus().groupCount(); ++g)
            if (sim->log().text(sim->bus().group(g).name) == name)
                return g;
        return kNoIndex;
    }
    std::size_t of(TraceKind kind, std::string_view groupName) const
    {
        std::size_t n = 0;
        for (const TraceRecord& r : trace.records)
            n += r.kind == kind && r.group != kNoIndex && sim->log().text(sim->bus().group(r.group).name) == groupName
                ? 1
                : 0;
        return n;
    }
};

/// Runs the scenario until nothing is left to do, or to `until` (a consumer that blocks never goes quiet).
std::unique_ptr<Run> run(const char* id, const QStringList& overrides = {}, SimTime until = 0)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QLatin1String(id)), overrides);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    auto r = std::make_unique<Run>();
    r->sim = ScenarioBuilder::build(*loaded.scenario);
    r->sim->addObserver(&r->trace);
    if (until > 0)
        r->sim->runUntil(until);
    else
        r->sim->runToQuiescence();
    r->report = DeliveryChecker::check(r->trace.records, r->sim->log());
    return r;
}
}

class TestFaultScenarios : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void duplicatesDoubleTheEffectsOfANaiveConsumerOnly()
    {
        auto naive = run("03-duplicates-idempotency");
        QVERIFY(naive->sim->counters().duplicateDeliveries > 0); // the injected duplicates
        QVERIFY(naive->sim->counters().duplicateEffects > 0);
        auto safe = run("03-duplicates-idempotency",
            { QStringLiteral("services.payment.idempotent=true"),
                QStringLiteral("services.notification.idempotent=true") });
        QCOMPARE(safe->sim->counters().duplicateDeliveries, naive->sim->counters().duplicateDeliveries);
        QCOMPARE(safe->report.duplicateEffects.count, 0u);
        QCOMPARE(safe->report.lost.count, 0u);
    }
    void schemaEvolutionShowsEachReaderAndItsRevenue()
    {
        auto r = run("09-schema-evolution");
        QVERIFY(r->of(TraceKind::DeadLettered, "analytics") > 0);
        QCOMPARE(r->of(TraceKind::DeadLettered, "notification"), std::size_t(0)); // tolerant: defaults instead
        QCOMPARE(r->of(TraceKind::DeadLettered, "fraud"), std::size_t(0)); // its upcaster reads v1 as v2
        for (const auto& letter : r->sim->deadLetters()) {
            QCOMPARE(r->sim->log().at(letter.message).version, std::uint16_t(2));
            QCOMPARE(r->sim->log().text(letter.reason),
                std::string_view("OrderCreated v2 read as v1: missing amountCents; unexpected total"));
        }
        QCOMPARE(r->report.lost.count, 0u);
        const auto sum = [](const Simulation& sim, const char* service, const char* total) {
            return sim.service(sim.findService(service))
                .state()[QStringLiteral("sums")][QLatin1String(total)]
                .toInteger();
        };
        const qint64 truth = sum(*r->sim, "order", "revenueCents");
        QCOMPARE(sum(*r->sim, "fraud", "revenueCents"), truth);
        QVERIFY(sum(*r->sim, "analytics", "revenueCents") < truth);
        QCOMPARE(sum(*r->sim, "notification", "amountQuotedCents"), sum(*r->sim, "analytics", "revenueCents"));

        // The lesson's variant: without its upcaster fraud fails on every v1 event, and its check says so.
        auto variant = run("09-schema-evolution", { QStringLiteral("services.fraud.subscriptions.0.upcaster=false") });
        QVERIFY(variant->of(TraceKind::DeadLettered, "fraud") > 0);
        QVERIFY(sum(*variant->sim, "fraud", "revenueCents") < truth);
        // The fix: analytics upgraded to v2 behind an upcaster counts the truth and dead-letters nothing.
        auto fixed = run("09-schema-evolution",
            { QStringLiteral("services.analytics.subscriptions.0.schemaVersion=2"),
                QStringLiteral("services.analytics.subscriptions.0.upcaster=true"),
                QStringLiteral("services.analytics.rules.0.sum.revenueCents=$.total.amountCents") });
        QCOMPARE(fixed->sim->counters().deadLettered, 0u);
        QCOMPARE(sum(*fixed->sim, "analytics", "revenueCents"), truth);
    }
    void poisonMessagesAreRetriedThenDeadLetteredAndTheConsumerMovesOn()
    {
        auto r = run("13-poison-message-dead-letter");
        QCOMPARE(r->sim->counters().poisoned, 3u);
        QCOMPARE(r->of(TraceKind::Retried, "notification"), std::size_t(9)); // 3 retries each
        QCOMPARE(r->sim->counters().deadLettered, 3u);
        QCOMPARE(r->of(TraceKind::Handled, "support"), std::size_t(3)); // the dead-letter topic is read
        QCOMPARE(r->of(TraceKind::Retried, "analytics"), std::size_t(0));
        QCOMPARE(r->report.lost.count, 0u);
        QCOMPARE(r->report.duplicateDeliveries.count, 0u); // retries of a failure are not duplicates

        // No retry policy: a plain consumer, which never moves past the first poison message.
        auto noPolicy = run("13-poison-message-dead-letter",
            { QStringLiteral(
                "services.notification.subscriptions=[{\"topic\": \"orders.events\", \"group\": \"notification\"}]") },
            20 * kSecond);
        QCOMPARE(noPolicy->sim->counters().deadLettered, 0u);
        QCOMPARE(noPolicy->report.lost.count, 0u); // stuck, not lost
        QVERIFY(noPolicy->report.unfinished.count > 0);
        const ConsumerGroup& blocked = noPolicy->sim->bus().group(noPolicy->group("notification"));
        int stuck = 0;
        for (const PartitionCursor& cursor : blocked.partitions)
            stuck += cursor.blockedAt >= 0 ? 1 : 0;
        QCOMPARE(stuck, 1);
        QVERIFY(noPolicy->of(TraceKind::Retried, "notification") > 5); // from 100 ms, doubling, without end

        // Skip: three retries each, then the offset moves on; the checker calls them lost.
        auto skip = run("13-poison-message-dead-letter",
            { QStringLiteral("services.notification.subscriptions.0.onFailure=skip") });
        QCOMPARE(skip->sim->counters().deadLettered, 0u);
        QCOMPARE(skip->of(TraceKind::Retried, "notification"), std::size_t(9));
        QCOMPARE(skip->report.lost.count, 3u);
    }
    void badSubscriptionPoliciesAreReportedWithTheirPath()
    {
        const auto loaded
            = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("13-poison-message-dead-letter")),
                { QStringLiteral("services.notification.subscriptions.0.ordering=random"),
                    QStringLiteral("services.notification.subscriptions.0.retry={\"count\": -1, \"backof\": \"1s\"}"),
                    QStringLiteral("services.analytics.subscriptions.0.onFailure=retry"),
                    QStringLiteral("services.analytics.subscriptions.0.upcaster=\"yes\""),
                    QStringLiteral("injections=[\"reorder,topic=nowhere\", \"deploy-schema,version=3\"]") });
        QVERIFY(!loaded.ok());
        QStringList messages;
        for (const Diagnostic& d : loaded.errors)
            messages << d.toString();
        const QString all = messages.join(u'\n');
        for (const char* expected :
            { "subscriptions[0].ordering: expected \"naive\" or \"sequence\"",
                "subscriptions[0].retry.count: must be between 0 and 100",
                "unknown field 'backof' (did you mean 'backoff'?)", "subscriptions[0].upcaster: expected true or false",
                "subscriptions[0].onFailure: expected \"block\", \"skip\" or \"dead-letter\"",
                "injections[0]: unknown topic 'nowhere'", "injections[1]: 'deploy-schema' needs type=EVENT" })
            QVERIFY2(all.contains(QLatin1String(expected)), qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestFaultScenarios)
#include "tst_faultscenarios.moc"
