#include "scenariobuilder.h"

#include "../faults/faultinjector.h"
#include "../readmodels/customerappservice.h"
#include "../readmodels/inventoryviewreadmodel.h"
#include "../readmodels/orderhistoryreadmodel.h"
#include "../readmodels/orderstatusreadmodel.h"
#include "../readmodels/readerservice.h"
#include "../readmodels/revenuedashboardreadmodel.h"
#include "../sagas/sagacoordinator.h"
#include "../sagas/sagatracker.h"
#include "../services/declarativeservice.h"
#include "../services/ecommerce/analyticsservice.h"
#include "../services/ecommerce/fraudservice.h"
#include "../services/ecommerce/inventoryservice.h"
#include "../services/ecommerce/notificationservice.h"
#include "../services/ecommerce/orderservice.h"
#include "../services/ecommerce/paymentservice.h"
#include "../services/ecommerce/shippingservice.h"
#include "../services/outbox/checkoutservice.h"
#include "../services/outbox/fulfilmentservice.h"
#include "../services/resourceservice.h"
#include "../services/workloadservice.h"
#include "scenariocost.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>
#include <set>

namespace eventloom {

namespace {
/// "sku-1" … "sku-N": the SKUs the workload draws from.
std::vector<std::string> workloadSkus(const Scenario& scenario)
{
    std::vector<std::string> skus;
    const std::int64_t count = scenario.workload ? scenario.workload->skus : 5;
    for (std::int64_t i = 1; i <= count; ++i)
        skus.push_back("sku-" + std::to_string(i));
    return skus;
}

std::unique_ptr<ReadModel> makeReadModel(const ServiceSpec& spec)
{
    if (spec.projection == QLatin1String("order-history"))
        return std::make_unique<OrderHistoryReadModel>();
    if (spec.projection == QLatin1String("inventory-view"))
        return std::make_unique<InventoryViewReadModel>();
    if (spec.projection == QLatin1String("revenue-dashboard"))
        return std::make_unique<RevenueDashboardReadModel>(spec.bucket);
    return std::make_unique<OrderStatusReadModel>();
}

std::unique_ptr<Service> makeService(const Scenario& scenario, const ServiceSpec& spec, EventLog& log)
{
    const QString& kind = spec.kind;
    if (kind == QLatin1String("order")) {
        auto order = std::make_unique<OrderService>(log, spec.idempotent,
            spec.catalog.empty() ? workloadSkus(scenario) : spec.catalog,
            scenario.interaction == QLatin1String("sync") ? OrderService::Style::Sync : OrderService::Style::Events,
            spec.callTimeout, spec.calls);
        order->setChecksExpectedVersion(spec.checkExpectedVersion);
        return order;
    }
    if (kind == QLatin1String("inventory")) {
        std::vector<std::pair<std::string, std::int64_t>> stock = spec.stock;
        if (stock.size() == 1 && stock.front().first.empty()) { // one level for every workload sku
            const std::int64_t each = stock.front().second;
            stock.clear();
            for (const std::string& sku : workloadSkus(scenario))
                stock.emplace_back(sku, each);
        } else if (stock.empty()) {
            for (const std::string& sku : workloadSkus(scenario))
                stock.emplace_back(sku, 100);
        }
        return std::make_unique<InventoryService>(log, spec.idempotent, stock);
    }
    if (kind == QLatin1String("payment"))
        return std::make_unique<PaymentService>(
            log, spec.idempotent, PaymentService::Rules { spec.maxAmountCents, spec.declineProbability });
    if (kind == QLatin1String("shipping"))
        return std::make_unique<ShippingService>(log, spec.idempotent);
    if (kind == QLatin1String("notification"))
        return std::make_unique<NotificationService>(
            log, spec.idempotent, spec.topic.isEmpty() ? 0 : log.atoms().intern(spec.topic.toStdString()));
    if (kind == QLatin1String("analytics"))
        return std::make_unique<AnalyticsService>(log, spec.idempotent, spec.bucket);
    if (kind == QLatin1String("reader"))
        return std::make_unique<ReaderService>(spec.readModel.toStdString(), spec.every);
    if (kind == QLatin1String("customer-app"))
        return std::make_unique<CustomerAppService>(CustomerAppService::Settings { spec.readModel.toStdString(),
            CustomerAppService::strategyFromName(spec.strategy.toStdString())
                .value_or(CustomerAppService::Strategy::ReadImmediately),
            spec.every, spec.orders, spec.poll, spec.callTimeout, "order", workloadSkus(scenario),
            scenario.workload ? scenario.workload->unitPriceCents : WorkloadSpec {}.unitPriceCents });
    if (kind == QLatin1String("resource"))
        return std::make_unique<ResourceService>(log, spec.capacity, spec.declineProbability, spec.idempotent);
    if (kind == QLatin1String("checkout"))
        return std::make_unique<CheckoutService>(log,
            CheckoutService::Settings {
                CheckoutService::modeFromName(spec.publish.toStdString()).value_or(CheckoutService::Mode::Outbox),
                spec.publishDelay, spec.relayInterval,
                spec.topic.isEmpty() ? std::string("orders.events") : spec.topic.toStdString() });
    if (kind == QLatin1String("fulfilment"))
        return std::make_unique<FulfilmentService>(log, spec.idempotent);
    if (kind == QLatin1String("fraud"))
        return std::make_unique<FraudService>(
            log, spec.idempotent, FraudService::Rules { spec.threshold, spec.largeOrderCents });
    // The loader accepted only known kinds; the rest is declarative.
    return std::make_unique<DeclarativeService>(spec.config.value(QLatin1String("rules")).toArray(), log);
}
}

namespace {
/// Subscriptions already made, so the saga wiring adds each (service, topic) once.
using Wired = std::set<std::pair<std::uint16_t, std::string>>;

void wire(Simulation& sim, Wired& wired, std::uint16_t service, const std::string& topic)
{
    if (service == kNoIndex || topic.empty() || !wired.emplace(service, topic).second)
        return;
    sim.subscribe(service, topic, sim.serviceName(service));
}

/// A resource participant learns its operations from the step that uses it.
void configureResource(Simulation& sim, const SagaDefinition& saga, std::size_t k)
{
    const SagaStep& step = saga.steps[k];
    const std::uint16_t index = sim.findService(step.service);
    auto* resource = index == kNoIndex ? nullptr : dynamic_cast<ResourceService*>(&sim.mutableService(index));
    if (!resource)
        return;
    ResourceService::Operations ops;
    ops.topic = step.topicAtom;
    ops.book = step.action.commandAtom;
    ops.booked = step.action.successAtom;
    ops.bookingFailed = step.action.failureAtoms.empty()
        ? sim.mutableLog().atoms().intern(step.action.command + "Failed")
        : step.action.failureAtoms.front();
    ops.cancel = step.compensation.commandAtom;
    ops.cancelled = step.compensation.successAtom;
    if (saga.style == SagaDefinition::Style::Choreography) {
        ops.bookOn.push_back(k == 0 ? saga.startAtom : saga.steps[k - 1].action.successAtom);
        if (k + 1 < saga.steps.size()) {
            const SagaStep& next = saga.steps[k + 1];
            ops.cancelOn = next.action.failureAtoms;
            if (next.compensable())
                ops.cancelOn.push_back(next.compensation.successAtom);
        }
    }
    resource->setOperations(std::move(ops));
}

/// A saga definition as the simulation keeps it: its names interned in the simulation's atoms.
std::shared_ptr<const SagaDefinition> interned(SagaDefinition definition, Simulation& sim)
{
    definition.resolve(sim.mutableLog().atoms());
    return std::make_shared<const SagaDefinition>(std::move(definition));
}

/// The subscriptions a saga's style needs, derived from its definition: in orchestration the
/// coordinator hears the start event and every participant's answers; in choreography each
/// participant hears the event before its step and the answers of the step after it, and the
/// owner hears the first and the last step.
void wireSaga(Simulation& sim, Wired& wired, std::uint16_t sagaIndex, LatencyModel coordinatorLatency)
{
    const SagaDefinition& saga = sim.saga(sagaIndex);
    for (std::size_t k = 0; k < saga.steps.size(); ++k)
        configureResource(sim, saga, k);
    if (saga.style == SagaDefinition::Style::Orchestration) {
        const std::uint16_t coordinator = sim.addService(
            saga.coordinator, std::make_unique<SagaCoordinator>(saga, sagaIndex, sim.mutableLog()), coordinatorLatency);
        wire(sim, wired, coordinator, saga.startTopic);
        for (const SagaStep& step : saga.steps)
            wire(sim, wired, coordinator, step.topic);
        return;
    }
    sim.addReactor(std::make_unique<SagaTracker>(sagaIndex, saga));
    for (std::size_t k = 0; k < saga.steps.size(); ++k) {
        const std::uint16_t participant = sim.findService(saga.steps[k].service);
        wire(sim, wired, participant, k == 0 ? saga.startTopic : saga.steps[k - 1].topic);
        if (k + 1 < saga.steps.size())
            wire(sim, wired, participant, saga.steps[k + 1].topic);
    }
    const std::uint16_t owner = saga.owner.empty() ? kNoIndex : sim.findService(saga.owner);
    wire(sim, wired, owner, saga.steps.front().topic);
    wire(sim, wired, owner, saga.steps.back().topic);
}
}

std::vector<std::string> ScenarioBuilder::readModelTopics(const ServiceSpec& spec)
{
    return makeReadModel(spec)->topics();
}

bool ScenarioBuilder::calledDirectly(const Scenario& scenario, const ServiceSpec& spec)
{
    static const QStringList called { QStringLiteral("order"), QStringLiteral("inventory"), QStringLiteral("payment"),
        QStringLiteral("shipping"), QStringLiteral("notification") };
    return scenario.interaction == QLatin1String("sync") && called.contains(spec.kind);
}

std::vector<std::pair<QString, QString>> ScenarioBuilder::consumerReads(const Scenario& scenario)
{
    std::vector<std::pair<QString, QString>> reads;
    QSet<QString> made; // "group\ntopic", so that adding one stays constant time however many there are
    const auto add = [&](const QString& group, const QString& topic) {
        if (!made.contains(group + u'\n' + topic)) {
            made.insert(group + u'\n' + topic);
            reads.emplace_back(group, topic);
        }
    };
    for (const ServiceSpec& service : scenario.services) {
        if (!calledDirectly(scenario, service))
            for (const SubscriptionSpec& sub : service.subscriptions)
                add(sub.group.isEmpty() ? service.id : sub.group, sub.topic);
        if (service.kind == QLatin1String("read-model"))
            for (const std::string& topic : readModelTopics(service))
                if (std::any_of(scenario.topics.begin(), scenario.topics.end(),
                        [&](const TopicSpec& t) { return t.id.toStdString() == topic; }))
                    add(service.id, QString::fromStdString(topic));
    }
    for (const SagaDefinition& saga : scenario.sagas) {
        const auto wire = [&](const std::string& service, const std::string& topic) {
            if (!service.empty() && !topic.empty())
                add(QString::fromStdString(service), QString::fromStdString(topic));
        };
        if (saga.style == SagaDefinition::Style::Orchestration) {
            wire(saga.coordinator, saga.startTopic);
            for (const SagaStep& step : saga.steps)
                wire(saga.coordinator, step.topic);
        } else
            for (std::size_t k = 0; k < saga.steps.size(); ++k) {
                wire(saga.steps[k].service, k == 0 ? saga.startTopic : saga.steps[k - 1].topic);
                if (k + 1 < saga.steps.size())
                    wire(saga.steps[k].service, saga.steps[k + 1].topic);
            }
        if (!saga.steps.empty()) {
            wire(saga.owner, saga.steps.front().topic);
            wire(saga.owner, saga.steps.back().topic);
        }
    }
    return reads;
}

std::unique_ptr<Simulation> ScenarioBuilder::build(const Scenario& scenario, std::optional<std::uint64_t> seed)
{
    auto sim = std::make_unique<Simulation>(seed.value_or(scenario.seed));
    sim->setCommandLatency(scenario.commandLatency);
    sim->setSchemas(scenario.schemas);
    // The loader refused what its estimate puts over the budget; a run that grows anyway (services that
    // answer each other without end) stops when its log holds what the budget would.
    sim->setMessageLimit(static_cast<std::size_t>(ScenarioCost::kBudgetBytes / ScenarioCost::kMessageBytes));
    for (const TopicSpec& topic : scenario.topics)
        sim->addTopic(topic.id.toStdString(), topic.partitions, topic.latency, topic.retention);
    Wired wired;
    for (const ServiceSpec& spec : scenario.services) {
        if (spec.kind == QLatin1String("read-model")) {
            ReadModel::attach(*sim, spec.id.toStdString(), makeReadModel(spec), spec.latency);
            continue;
        }
        const std::uint16_t index = sim->addService(spec.id.toStdString(),
            makeService(scenario, spec, sim->mutableLog()), spec.latency, static_cast<std::uint16_t>(spec.instances));
        if (!spec.idempotentProducer)
            sim->mutableBus().setIdempotentProducer(index, false);
        if (calledDirectly(scenario, spec)) // the order service calls it: it reads no topic
            continue;
        for (const SubscriptionSpec& sub : spec.subscriptions) {
            wired.emplace(index, sub.topic.toStdString());
            SubscriptionPolicy policy = sub.policy;
            for (const std::string& tenant : sub.tenants)
                policy.tenants.push_back(sim->mutableLog().atoms().intern(tenant));
            if (spec.attachAt >= 0)
                sim->subscribeAt(spec.attachAt, index, sub.topic.toStdString(), sub.group.toStdString(),
                    static_cast<std::uint32_t>(sub.maxInFlight), sub.commitDelay, spec.startFrom, policy);
            else
                sim->subscribe(index, sub.topic.toStdString(), sub.group.toStdString(),
                    static_cast<std::uint32_t>(sub.maxInFlight), sub.commitDelay, StartFrom::Earliest, policy);
        }
    }
    for (const SagaDefinition& saga : scenario.sagas)
        wireSaga(*sim, wired, sim->addSaga(interned(saga, *sim)), LatencyModel::fixed(kMillisecond));
    if (scenario.workload)
        sim->addService("workload", std::make_unique<WorkloadService>(*scenario.workload), LatencyModel::fixed(0));
    for (const InjectionSpec& injection : scenario.injections)
        FaultInjector::schedule(injection, *sim); // checked by the loader (ScenarioLoader::checkInjection)
    return sim;
}

} // namespace eventloom
