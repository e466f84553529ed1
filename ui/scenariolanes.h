#pragma once

#include "scenario/scenario.h"

#include <QStringList>

namespace eventloom {

/// The lanes a run of `scenario` has, in order: the workload, each service, each orchestrating saga's
/// coordinator. The timeline draws them; the service state view offers them.
inline QStringList scenarioLanes(const Scenario* scenario)
{
    QStringList lanes;
    if (!scenario)
        return lanes;
    lanes << QStringLiteral("workload");
    for (const ServiceSpec& service : scenario->services)
        lanes << service.id;
    for (const SagaDefinition& saga : scenario->sagas)
        if (saga.style == SagaDefinition::Style::Orchestration)
            lanes << QString::fromStdString(saga.coordinator);
    return lanes;
}

} // namespace eventloom
