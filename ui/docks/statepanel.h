#pragma once

#include "simulation/simulationcontroller.h"

namespace eventloom {

/// Wires a panel that shows the run's state as it asks for it (topics, dead letters, read models, the
/// event store): its asks (`Panel::stateRequested`) go to the controller's `ask`, the controller's `answer`
/// comes back to `setState`; it asks again as the run moves and when the moment shown is another one (the
/// answers are about the run at that moment), and it clears for a new run.
template <typename Panel, typename Ask, typename Answer, typename SetState>
void connectStatePanel(Panel* panel, SimulationController* controller, Ask ask, Answer answer, SetState setState)
{
    QObject::connect(panel, &Panel::stateRequested, controller, ask);
    QObject::connect(controller, answer, panel, setState);
    QObject::connect(controller, &SimulationController::batchArrived, panel, &Panel::runAdvanced);
    QObject::connect(controller, &SimulationController::timeTravelled, panel, &Panel::runAdvanced);
    QObject::connect(controller, &SimulationController::runStarted, panel, &Panel::clear);
}

} // namespace eventloom
