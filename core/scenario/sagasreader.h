#pragma once

#include "scenario.h"

#include <QJsonObject>

namespace eventloom {

class ScenarioReader;

/// Reads a scenario's `sagas` (orchestrated or choreographed, their steps, actions and compensations),
/// checking the commands and events they name against the services read before them.
class SagasReader {
public:
    static void read(ScenarioReader& r, const QJsonObject& root, Scenario& s);
};

} // namespace eventloom
