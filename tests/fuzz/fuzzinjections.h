#pragma once
// What fuzz_injection_spec does with one input, shared with tst_fuzzcorpus (which replays the corpus
// and the crashers with the normal build): see fuzz_injection_spec.cpp.

#include "check/deliverychecker.h"
#include "faults/faultinjector.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"

#include <QFile>
#include <QStringList>

namespace eventloom::fuzz {

/// A shipped scenario, loaded once: 07 (e-commerce services, a saga coordinator, a read model) or 13
/// (poison messages, retries and dead letters to republish).
inline const Scenario& injectionScenario(bool deadLetters)
{
    static const auto load = [](const char* id) {
        QFile file(ShippedScenarios::resolve(QLatin1String(id)));
        if (!file.open(QIODevice::ReadOnly))
            __builtin_trap();
        ScenarioLoader::Result result = ScenarioLoader::loadText(file.readAll(), QLatin1String(id));
        if (!result.ok())
            __builtin_trap();
        return *result.scenario;
    };
    static const Scenario saga = load("07-saga-orchestration");
    static const Scenario poison = load("13-poison-message-dead-letter");
    return deadLetters ? poison : saga;
}

/// Parses every line of `text` as an injection spec and runs what suits the scenario (13 if the first
/// line is "13", which is no spec, else 07). False if the
/// parser refused a spec without saying why, or a run's traced form of a spec does not parse again.
inline bool runInjections(const QByteArray& text)
{
    constexpr int kMaxSpecs = 16;
    constexpr std::uint64_t kSteps = 3000;
    const QStringList lines = QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts);
    const Scenario& scenario = injectionScenario(text.startsWith("13\n")); // a first line "13": scenario 13
    std::vector<InjectionSpec> scheduled, queued;
    for (qsizetype i = 0; i < lines.size() && i < kMaxSpecs; ++i) {
        QString error;
        const auto spec = InjectionSpec::parse(lines[i], error);
        if (!spec) {
            if (error.isEmpty())
                return false;
            continue;
        }
        // A run traces it with the time it took effect; a replay must read that back (any time a run reaches).
        for (const SimTime t : { SimTime(0), spec->at, kMaxDuration, kMaxSimTime }) {
            QString again;
            InjectionSpec timed = *spec;
            timed.setAt(t);
            if (!InjectionSpec::parse(timed.text(), again)
                || !InjectionSpec::parse(FaultInjector::atPause(*spec, t).text(), again))
                return false;
        }
        if (!ScenarioLoader::checkInjection(*spec, scenario).isEmpty())
            continue; // refused, as --inject refuses it
        (i % 2 == 0 ? scheduled : queued).push_back(*spec);
    }

    const auto sim = ScenarioBuilder::build(scenario);
    DeliveryChecker checker;
    sim->addObserver(&checker);
    for (const InjectionSpec& spec : scheduled)
        FaultInjector::schedule(spec, *sim);
    std::size_t next = 0;
    for (std::uint64_t step = 0; step < kSteps; ++step) {
        if (next < queued.size() && step == 100 + 100 * next) // the window's way: queued while the run goes
            sim->injectionQueue().enqueue(queued[next++]);
        if (!sim->step())
            break;
    }
    sim->finish();
    static_cast<void>(DeliveryChecker::checks(checker.report(), *sim));
    sim->removeObserver(&checker);
    return sim->now() >= 0 && sim->now() <= kMaxSimTime;
}

} // namespace eventloom::fuzz
