#pragma once

#include "../services/ecommerce/callpolicy.h"
#include "scenarioreader.h"

namespace eventloom {

/// Reads the order service's synchronous-call settings — `workers`, `bulkheads`, `circuitBreaker`,
/// `fallback` — from its object at `path` (docs/scenario-format.md, "The synchronous call chain").
CallPolicy readCallPolicy(ScenarioReader& r, const QJsonObject& o, const QString& path);

} // namespace eventloom
