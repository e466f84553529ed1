#pragma once

#include "injectionspec.h"

#include <QString>

namespace eventloom {

class Simulation;

/// Turns injection specs into scheduled actions on a simulation. Every injection is traced
/// (`injection`, with the spec as written) at the simulated time it takes effect.
///
/// This version carries out `crash` (service down for `for=`, default 1s) and `fail` of the payment
/// service (`fail-payment@T,count=N`: the next N charges fail). The other kinds parse but are refused
/// with a clear message until the bus learns them.
class FaultInjector {
public:
    /// Schedules `spec`; returns an empty string, or why it cannot be applied.
    static QString schedule(const InjectionSpec& spec, Simulation& sim);
};

} // namespace eventloom
