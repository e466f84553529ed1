#include "scenariocost.h"

#include "scenario.h"
#include "scenariobuilder.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>
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
    cost.messagesPerOrder = events + commands;
    cost.deliveriesPerOrder = events * groupsPerTopic + commands;
    const double perOrder = static_cast<double>(kMessageBytes) * cost.messagesPerOrder
        + static_cast<double>(kDeliveryBytes) * cost.deliveriesPerOrder
        + static_cast<double>(kSagaInstanceBytes) * sagaInstancesPerOrder;

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
        { QStringLiteral("orders"), QStringLiteral("workload.orders"),
            static_cast<std::int64_t>(std::min(perOrder * static_cast<double>(orders), 1e18)),
            QStringLiteral("%1 × ~%2: ~%3 messages and ~%4 deliveries each")
                .arg(number(orders), formatBytes(static_cast<std::int64_t>(perOrder)))
                .arg(cost.messagesPerOrder, 0, 'f', 1)
                .arg(cost.deliveriesPerOrder, 0, 'f', 1) },
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
