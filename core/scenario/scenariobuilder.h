#pragma once

#include "../sim/simulation.h"
#include "scenario.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace eventloom {

/// Builds a ready-to-run Simulation from a validated Scenario.
class ScenarioBuilder {
public:
    /// `seed` overrides the scenario's own seed.
    static std::unique_ptr<Simulation> build(const Scenario& scenario, std::optional<std::uint64_t> seed = {});
    /// The topics a `read-model` service's projection reads (its consumer group, named after it, reads those the
    /// scenario has).
    static std::vector<std::string> readModelTopics(const ServiceSpec& spec);
    /// Whether `spec` is called directly by the order service (the synchronous style) and so reads no topic.
    static bool calledDirectly(const Scenario& scenario, const ServiceSpec& spec);
    /// The consumer groups build() makes and the topic each reads, as (group, topic) in the order first
    /// made, each once: the services' subscriptions, a read model's (named after it) and those a saga
    /// wires (named after the coordinator or participant).
    static std::vector<std::pair<QString, QString>> consumerReads(const Scenario& scenario);
};

} // namespace eventloom
