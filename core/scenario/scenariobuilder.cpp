#include "scenariobuilder.h"

#include "../services/declarativeservice.h"
#include "../services/workloadservice.h"

#include <QJsonArray>

namespace eventloom {

std::unique_ptr<Simulation> ScenarioBuilder::build(const Scenario& scenario, std::optional<std::uint64_t> seed)
{
    auto sim = std::make_unique<Simulation>(seed.value_or(scenario.seed));
    sim->setCommandLatency(scenario.commandLatency);
    for (const TopicSpec& topic : scenario.topics)
        sim->addTopic(topic.id.toStdString(), topic.partitions, topic.latency);
    for (const ServiceSpec& spec : scenario.services) {
        // The loader accepted only known kinds; declarative is the one this version knows.
        auto service = std::make_unique<DeclarativeService>(
            spec.config.value(QLatin1String("rules")).toArray(), sim->mutableLog());
        const std::uint16_t index
            = sim->addService(spec.id.toStdString(), std::move(service), spec.latency, static_cast<std::uint16_t>(spec.instances));
        for (const SubscriptionSpec& sub : spec.subscriptions)
            sim->subscribe(index, sub.topic.toStdString(), sub.group.toStdString(),
                static_cast<std::uint32_t>(sub.maxInFlight), sub.commitDelay);
    }
    if (scenario.workload)
        sim->addService("workload", std::make_unique<WorkloadService>(*scenario.workload), LatencyModel::fixed(0));
    return sim;
}

} // namespace eventloom
