#include "scenariocost.h"

#include "scenario.h"
#include "scenariobuilder.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <map>

namespace eventloom {

namespace {
/// Events and commands a service of a built-in kind sends per order it takes part in (the e-commerce
/// flow of docs/ecommerce-events.md: the order service announces an order and its end, the others
/// answer once); a declarative service, one per rule that publishes or sends.
struct Sends {
    double events = 0;
    double commands = 0;
};
Sends sendsPerOrder(const ServiceSpec& service)
{
    const QString& kind = service.kind;
    if (kind == QLatin1String("declarative")) {
        Sends sends;
        for (const QJsonValue& rule : service.config.value(QLatin1String("rules")).toArray()) {
            sends.events += rule.toObject().contains(QLatin1String("publish")) ? 1 : 0;
            sends.commands += rule.toObject().contains(QLatin1String("send")) ? 1 : 0;
        }
        return sends;
    }
    if (kind == QLatin1String("order"))
        return { 2, 0 };
    if (kind == QLatin1String("notification"))
        return { service.topic.isEmpty() ? 0.0 : 1.0, 0 };
    if (kind == QLatin1String("inventory") || kind == QLatin1String("payment") || kind == QLatin1String("shipping")
        || kind == QLatin1String("fraud") || kind == QLatin1String("resource") || kind == QLatin1String("checkout"))
        return { 1, 0 };
    return {}; // analytics, read models and readers only read
}

/// The inventories' stock, which bounds how many orders get past their reservation: each unit serves an
/// order once, again when a cancellation or a declined payment gives it back.
struct Stock {
    double units = 0;
    int inventories = 0;
    bool orderService = false;
    bool fraud = false;
    bool called = false; ///< an inventory is called directly (sync), not told by events
    double declines = 0; ///< payments' decline probabilities, summed
    int readModels = 0;

    void add(const ServiceSpec& service, std::int64_t skus, bool sync)
    {
        const QString& kind = service.kind;
        orderService = orderService || kind == QLatin1String("order");
        fraud = fraud || kind == QLatin1String("fraud");
        readModels += kind == QLatin1String("read-model") ? 1 : 0;
        if (kind == QLatin1String("payment"))
            declines += service.declineProbability;
        if (kind != QLatin1String("inventory"))
            return;
        ++inventories;
        called = called || sync;
        if (service.stock.empty()) // ScenarioBuilder's default: 100 of every sku
            units += 100.0 * static_cast<double>(skus);
        else if (service.stock.size() == 1 && service.stock.front().first.empty()) // one level for every sku
            units += static_cast<double>(service.stock.front().second) * static_cast<double>(skus);
        else
            for (const auto& [sku, level] : service.stock)
                units += static_cast<double>(level);
    }
    bool limits(const Scenario& s) const
    {
        bool customerApp = false;
        for (const ServiceSpec& service : s.services)
            customerApp = customerApp || service.kind == QLatin1String("customer-app");
        return orderService && inventories > 0 && !fraud && !customerApp;
    }
    /// Orders that can reserve: units over the smallest quantity, each unit used again for the share of
    /// orders that give it back (at most nine times in ten).
    std::int64_t servable(const Scenario& s, double cancels) const
    {
        const double least = s.workload->tenants.empty()
            ? static_cast<double>(std::max<std::int64_t>(1, s.workload->minQuantity))
            : 1.0;
        const double back = std::min(0.9, cancels + declines);
        return static_cast<std::int64_t>(std::min(std::ceil(units / least / (1 - back)), 1e15));
    }
};

/// 1234567 → "1,234,567".
QString number(std::int64_t n)
{
    QString digits = QString::number(n);
    for (qsizetype i = digits.size() - 3; i > (n < 0 ? 1 : 0); i -= 3)
        digits.insert(i, u',');
    return digits;
}
}

std::int64_t ScenarioCost::bytes() const
{
    std::int64_t sum = 0;
    for (const Part& part : parts)
        sum = part.bytes > kBudgetBytes * 1024 - sum ? kBudgetBytes * 1024
                                                     : sum + part.bytes; // saturates far above the budget
    return sum;
}

const ScenarioCost::Part& ScenarioCost::largest() const
{
    return *std::max_element(
        parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.bytes < b.bytes; });
}

QString ScenarioCost::formatBytes(std::int64_t bytes)
{
    const double b = static_cast<double>(bytes);
    if (b >= 1e9)
        return QString::number(b / 1e9, 'f', 1) + QStringLiteral(" GB");
    if (b >= 1e6)
        return QString::number(b / 1e6, 'f', 1) + QStringLiteral(" MB");
    if (b >= 1e3)
        return QString::number(b / 1e3, 'f', 1) + QStringLiteral(" KB");
    return QString::number(bytes) + QStringLiteral(" B");
}

QString ScenarioCost::overBudgetMessage() const
{
    std::vector<const Part*> sorted;
    for (const Part& part : parts)
        if (part.bytes > 0)
            sorted.push_back(&part);
    std::sort(sorted.begin(), sorted.end(), [](const Part* a, const Part* b) { return a->bytes > b->bytes; });
    QStringList shares;
    for (const Part* part : sorted)
        shares << QStringLiteral("%1 %2 (%3)").arg(part->name, formatBytes(part->bytes), part->detail);
    return QStringLiteral("the scenario's estimated memory, %1, is over the budget of %2 GiB for a run: %3")
        .arg(formatBytes(bytes()))
        .arg(kBudgetBytes >> 30)
        .arg(shares.join(QStringLiteral("; ")));
}

ScenarioCost ScenarioCost::of(const Scenario& s)
{
    ScenarioCost cost;
    std::map<QString, std::pair<int, qsizetype>> topics; // id → (partitions, index)
    std::int64_t partitions = 0;
    for (std::size_t i = 0; i < s.topics.size(); ++i) {
        topics.emplace(s.topics[i].id, std::pair { s.topics[i].partitions, static_cast<qsizetype>(i) });
        partitions += s.topics[i].partitions;
    }

    // Consumer groups, one per (group, topic) as the builder makes them, and the partitions each holds
    // a cursor on; counted per topic, to point at the topic that costs most.
    std::map<QString, std::int64_t> groupPartitionsByTopic;
    const std::vector<std::pair<QString, QString>> reads = ScenarioBuilder::consumerReads(s);
    qsizetype groups = 0;
    QSet<QString> readTopics;
    for (const auto& [name, topic] : reads) {
        const auto t = topics.find(topic);
        if (t == topics.end())
            continue;
        ++groups;
        readTopics.insert(topic);
        groupPartitionsByTopic[topic] += t->second.first;
    }
    std::int64_t services = 1 /* the workload */, instances = 0;
    double events = 0, commands = 1; // the order's own command
    std::int64_t skus = s.workload ? s.workload->skus : 5, skuEntries = 0;
    Stock stock;
    for (const ServiceSpec& service : s.services) {
        ++services;
        instances += service.instances;
        const bool sync = ScenarioBuilder::calledDirectly(s, service);
        const Sends sends = sendsPerOrder(service);
        if (sync && service.kind != QLatin1String("order"))
            commands += 2; // called and answered, instead of its events
        else {
            events += sends.events;
            commands += sends.commands;
        }
        stock.add(service, skus, sync);
        if (service.kind == QLatin1String("inventory"))
            skuEntries += service.stock.empty() || (service.stock.size() == 1 && service.stock.front().first.empty())
                ? skus
                : static_cast<std::int64_t>(service.stock.size());
        if (service.kind == QLatin1String("order"))
            skuEntries += service.catalog.empty() ? skus : static_cast<std::int64_t>(service.catalog.size());
    }
    const auto sagaInstancesPerOrder = static_cast<double>(s.sagas.size());
    for (const SagaDefinition& saga : s.sagas) {
        commands += static_cast<double>(saga.steps.size()) + 1; // each step's command, and the notice at the end
        if (saga.style == SagaDefinition::Style::Orchestration)
            ++services; // the coordinator
    }
    std::int64_t orders = 0;
    if (s.workload) {
        orders = s.workload->orders;
        for (const TenantSpec& tenant : s.workload->tenants)
            if (tenant.ownRate())
                orders += tenant.orders;
        commands += s.workload->cancelProbability; // a cancellation is one more command
    }
    for (const ServiceSpec& service : s.services)
        if (service.kind == QLatin1String("customer-app"))
            orders += service.orders; // a customer's screen places its own, through the same shop

    // Every event is read by the groups of its topic — on average, the groups per topic read — and every
    // command by its target.
    const double groupsPerTopic
        = readTopics.isEmpty() ? 0.0 : static_cast<double>(groups) / static_cast<double>(readTopics.size());
    const double cancels = s.workload ? s.workload->cancelProbability : 0.0;
    const auto perOrder = [&](double messages, double deliveries) {
        return static_cast<double>(kOrderBytes) + static_cast<double>(kMessageBytes) * messages
            + static_cast<double>(kDeliveryBytes) * deliveries
            + static_cast<double>(kSagaInstanceBytes) * sagaInstancesPerOrder
            + static_cast<double>(kReadModelRowBytes) * static_cast<double>(stock.readModels);
    };
    const double fullDeliveries = events * groupsPerTopic + commands;
    const double full = perOrder(events + commands, fullDeliveries);
    // Past what the stock can serve, an order is placed, refused by the inventory and cancelled (with a
    // customer's cancellation, perhaps): its command, the order service's two events and the inventory's
    // answer. Only for a plain order flow: a saga compensates, a fault or a fraud check may release stock.
    const bool bounded = stock.limits(s) && s.sagas.empty() && s.injections.empty() && s.workload;
    const double shortEvents = 2 + (stock.called ? 0 : 1);
    const double shortCommands = 1 + cancels + (stock.called ? 2 : 0);
    const double shortDeliveries = shortEvents * groupsPerTopic + shortCommands;
    const double brief = perOrder(shortEvents + shortCommands, shortDeliveries);
    cost.fullOrders = bounded ? std::min(orders, stock.servable(s, cancels)) : orders;
    const double fullShare = orders > 0 ? static_cast<double>(cost.fullOrders) / static_cast<double>(orders) : 1.0;
    cost.messagesPerOrder = fullShare * (events + commands) + (1 - fullShare) * (shortEvents + shortCommands);
    cost.deliveriesPerOrder = fullShare * fullDeliveries + (1 - fullShare) * shortDeliveries;
    const double ordersBytes = std::min(
        full * static_cast<double>(cost.fullOrders) + brief * static_cast<double>(orders - cost.fullOrders), 1e18);
    QString ordersDetail
        = QStringLiteral("%1 × ~%2: ~%3 messages and ~%4 deliveries each")
              .arg(number(orders),
                  formatBytes(orders > 0 ? static_cast<std::int64_t>(ordersBytes / static_cast<double>(orders))
                                         : static_cast<std::int64_t>(full)))
              .arg(cost.messagesPerOrder, 0, 'f', 1)
              .arg(cost.deliveriesPerOrder, 0, 'f', 1);
    if (cost.fullOrders < orders)
        ordersDetail += QStringLiteral("; the stock serves about %1 of them, the others are refused")
                            .arg(number(cost.fullOrders));

    std::int64_t groupPartitions = 0;
    QString costliestTopic;
    for (const auto& [topic, n] : groupPartitionsByTopic) {
        groupPartitions += n;
        if (costliestTopic.isEmpty() || n > groupPartitionsByTopic[costliestTopic])
            costliestTopic = topic;
    }
    const QString costliestPath = costliestTopic.isEmpty()
        ? QStringLiteral("topics")
        : QStringLiteral("topics[%1].partitions").arg(topics[costliestTopic].second);

    cost.parts = {
        { QStringLiteral("orders"), QStringLiteral("workload.orders"), static_cast<std::int64_t>(ordersBytes),
            ordersDetail },
        { QStringLiteral("consumer groups × partitions"), costliestPath, groupPartitions * kGroupPartitionBytes,
            QStringLiteral("%1 groups, %2 partition cursors")
                .arg(number(static_cast<std::int64_t>(groups)), number(groupPartitions)) },
        { QStringLiteral("services"), QStringLiteral("services"), services * kServiceBytes + instances * kInstanceBytes,
            QStringLiteral("%1 services, %2 instances").arg(number(services), number(instances)) },
        { QStringLiteral("topic partitions"), QStringLiteral("topics"), partitions * kPartitionBytes,
            QStringLiteral("%1 partition%2")
                .arg(number(partitions), partitions == 1 ? QString() : QStringLiteral("s")) },
        { QStringLiteral("SKU tables"), QStringLiteral("workload.skus"), skuEntries * kSkuBytes,
            QStringLiteral("%1 entries").arg(number(skuEntries)) },
    };
    return cost;
}

} // namespace eventloom
