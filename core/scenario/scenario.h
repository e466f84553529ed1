#pragma once

#include "../base/simtime.h"
#include "../bus/consumergroup.h"
#include "../bus/schemaregistry.h"
#include "../faults/injectionspec.h"
#include "../lessons/lesson.h"
#include "../sagas/sagadefinition.h"
#include "../services/ecommerce/callpolicy.h"
#include "../services/workloadservice.h"
#include "../sim/latencymodel.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace eventloom {

struct TopicSpec {
    QString id;
    int partitions = 1;
    SimTime latency = kMillisecond;
    SimTime retention = 0; ///< records this old are deleted (Kafka's retention.ms); 0: kept for ever
};

struct SubscriptionSpec {
    QString topic;
    QString group;
    int maxInFlight = 1;
    SimTime commitDelay = 0;
    SubscriptionPolicy
        policy; ///< retry, ordering, its reader: schemaVersion, upcaster, tolerant (tenants: see `tenants`)
    /// A per-tenant consumer: only these tenants' events are handled (empty: every tenant). Names,
    /// because atoms belong to a run: ScenarioBuilder interns them into `policy.tenants`.
    std::vector<std::string> tenants;
};

struct ServiceSpec {
    QString id;
    QString kind;
    int instances = 1;
    LatencyModel latency = LatencyModel::fixed(kMillisecond);
    std::vector<SubscriptionSpec> subscriptions;
    QJsonObject config; ///< the whole service object, for kind-specific settings (e.g. declarative rules)

    SimTime attachAt = -1; ///< subscriptions start at this time (a consumer attached mid-run); -1: from the start
    StartFrom startFrom = StartFrom::Earliest; ///< where subscriptions attached mid-run start reading
    bool idempotentProducer = true; ///< Kafka's enable.idempotence for what it publishes (EventBus::produce)
    // The built-in e-commerce kinds (docs/ecommerce-events.md):
    bool idempotent = true; ///< inbox of handled message ids: duplicates are skipped
    std::vector<std::pair<std::string, std::int64_t>> stock; ///< inventory: initial stock per sku
    std::vector<std::string> catalog; ///< order: the skus it sells
    std::int64_t maxAmountCents = 0; ///< payment: charges above this are declined (0: no limit)
    double declineProbability = 0.0; ///< payment
    QString topic; ///< notification: where EmailSent is published (empty: nowhere)
    SimTime bucket = kSecond; ///< analytics: revenue bucket
    int threshold = 70; ///< fraud: scores at or above it are suspected
    std::int64_t largeOrderCents = 10000; ///< fraud
    SimTime callTimeout
        = kSecond; ///< order, synchronous style: how long each call may take; customer-app: how long it waits
    CallPolicy calls; ///< order, synchronous style: workers, bulkheads, circuit breaker, fallback
    bool checkExpectedVersion
        = true; ///< order: appends expect the version read (`expectedVersion: as-read`), or any (`any`)
    QString projection; ///< read-model: order-status, order-history, inventory-view or revenue-dashboard
    QString readModel; ///< reader: the read model's service id
    SimTime every = 250 * kMillisecond; ///< reader: how often it queries; customer-app: how often it orders
    QString strategy; ///< customer-app: read-immediately, wait-for-version or optimistic
    std::int64_t orders = 20; ///< customer-app: how many orders it places
    SimTime poll = 10 * kMillisecond; ///< customer-app: how often a waiting screen reads the view again
    std::int64_t capacity = 100; ///< resource: units it can hold (seats, rooms, cars)
    QString publish = QStringLiteral("outbox"); ///< checkout: outbox, dual-write or publish-then-commit
    SimTime publishDelay = 5 * kMillisecond; ///< checkout: how long a broker call takes
    SimTime relayInterval = 20 * kMillisecond; ///< checkout: how often the outbox relay polls
};

/// Kinds whose services have operations the `fail` fault can make fail (Service::failNext).
inline bool serviceKindCanFail(const QString& kind)
{
    return kind == QLatin1String("inventory") || kind == QLatin1String("payment") || kind == QLatin1String("shipping")
        || kind == QLatin1String("resource");
}

/// Kinds whose services keep an idempotent-consumer inbox (the `idempotent` field; the `idempotency` fault).
inline bool serviceKindHasInbox(const QString& kind)
{
    return kind != QLatin1String("declarative") && kind != QLatin1String("read-model")
        && kind != QLatin1String("reader") && kind != QLatin1String("checkout")
        && kind != QLatin1String("customer-app");
}

/// A loaded, validated scenario: plain data. The Simulation is built from it by ScenarioBuilder.
struct Scenario {
    QString file; ///< where it came from (a path or a resource path)
    QString id;
    QString title;
    QString summary;
    std::uint64_t seed = 1;
    SimTime until = 0; ///< default run length; 0 = run until nothing is left to do
    SimTime commandLatency = kMillisecond;
    /// How the shop's services talk: "events" (publish/subscribe) or "sync" (the order service calls
    /// inventory, payment and notification in turn and waits; their subscriptions are not used).
    QString interaction = QStringLiteral("events");
    std::vector<TopicSpec> topics;
    std::vector<ServiceSpec> services;
    std::optional<WorkloadSpec> workload;
    std::vector<InjectionSpec> injections; ///< timed fault injections (`KIND[@TIME][,key=value]...`)
    std::vector<SagaDefinition> sagas;
    std::shared_ptr<const SchemaRegistry> schemas; ///< payload schemas per event type and version; null: none declared
    std::vector<ScenarioCheck> checks; ///< what the run must show (docs/scenario-format.md, "Checks")
    std::optional<Lesson> lesson; ///< the teaching narrative, step by step
    QJsonObject json; ///< the document after --set overrides
    /// The `--set PATH=VALUE` assignments applied to the file, in order (empty: the scenario as shipped).
    QStringList overrides;
};

} // namespace eventloom
