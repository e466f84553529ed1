#pragma once

#include "../sim/simulation.h"
#include "scenario.h"

#include <memory>
#include <optional>

namespace eventloom {

/// Builds a ready-to-run Simulation from a validated Scenario.
class ScenarioBuilder {
public:
    /// `seed` overrides the scenario's own seed.
    static std::unique_ptr<Simulation> build(const Scenario& scenario, std::optional<std::uint64_t> seed = {});
};

} // namespace eventloom
