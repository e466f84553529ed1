#pragma once

#include "scenario.h"

#include <QJsonObject>

namespace eventloom {

class ScenarioReader;

/// Reads a scenario's `workload` (rates, mix, tenants and their bursts), and checks that every
/// subscription's tenant filter names one of its tenants. After ServicesReader::read.
class WorkloadReader {
public:
    static void read(ScenarioReader& r, const QJsonObject& root, Scenario& s);
};

} // namespace eventloom
