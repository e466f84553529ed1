#pragma once

#include "scenario/scenario.h"

#include <QSet>
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

/// The commands that undo saga steps in a run of `scenario` (the timeline draws them apart).
inline QSet<QString> scenarioCompensations(const Scenario* scenario)
{
    QSet<QString> compensations;
    if (scenario)
        for (const SagaDefinition& saga : scenario->sagas)
            for (const SagaStep& step : saga.steps)
                if (step.compensable())
                    compensations << QString::fromStdString(step.compensation.command);
    return compensations;
}

} // namespace eventloom
