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
    /// The topics a `read-model` service's projection reads (its consumer group, named after it, reads those the scenario has).
    static std::vector<std::string> readModelTopics(const ServiceSpec& spec);
};

} // namespace eventloom
