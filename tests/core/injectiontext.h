#pragma once

#include "faults/faultinjector.h"
#include "faults/injectionspec.h"

#include <QString>

/// Tests that hold injections as text: the text the engine writes for them once it gives them a time
/// (FaultInjector::timedNow, atPause, InjectionSpec::setAt). `spec` must parse.
namespace eventloom::injectiontext {

inline InjectionSpec parsed(const QString& spec)
{
    QString error;
    auto out = InjectionSpec::parse(spec, error);
    if (!out)
        qFatal("%s: %s", qPrintable(spec), qPrintable(error));
    return *out;
}

/// `spec` taking effect at `t`, as traced: `KIND@<t>us,...`.
inline QString withTime(const QString& spec, SimTime t)
{
    InjectionSpec timed = parsed(spec);
    timed.setAt(t);
    return timed.text();
}

/// `spec` done at a breakpoint's pause at `t`, as traced (`paused=true`, implied by `resolve`).
inline QString atPause(const QString& spec, SimTime t)
{
    return FaultInjector::atPause(parsed(spec), t).text();
}

/// `spec` asked for now from the window, as traced.
inline QString timedNow(const QString& spec, Simulation& sim)
{
    return FaultInjector::timedNow(parsed(spec), sim).text();
}

} // namespace eventloom::injectiontext
