#pragma once

#include "simulation/simulationcontroller.h"

#include <QSignalSpy>

namespace eventloom::uitesting {

/// The bus state the window gets when it asks (topics and groups, dead letters); empty after 10 s
/// without an answer.
inline BusState askBus(SimulationController& controller)
{
    QSignalSpy spy(&controller, &SimulationController::busStateReady);
    controller.requestBusState();
    if (!spy.wait(10000))
        return {};
    return spy.takeLast().at(0).value<BusState>();
}

} // namespace eventloom::uitesting
