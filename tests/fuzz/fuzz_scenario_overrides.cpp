// libFuzzer target: arbitrary `--set PATH=VALUE` assignments (one per line) applied to a shipped
// scenario. The overrides come from the command line and are applied before validation, so whatever
// they make of the document must be refused or loaded, and what loads must build and run. See
// fuzz_scenario_loader.cpp and scripts/fuzz.sh (`FUZZ_TARGET=fuzz_scenario_overrides`).
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QFile>

#include <cstddef>
#include <cstdint>

namespace {
QByteArray scenario()
{
    // Sagas, tenants-free e-commerce services, subscriptions with policies: much for paths to reach.
    QFile file(eventloom::ShippedScenarios::resolve(QStringLiteral("07-saga-orchestration")));
    if (!file.open(QIODevice::ReadOnly))
        __builtin_trap();
    return file.readAll();
}
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace eventloom;
    static const QByteArray base = scenario();
    if (size > 4096)
        return 0; // a command line, not a file
    const QStringList overrides = QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size))
                                      .split(u'\n', Qt::SkipEmptyParts);
    const ScenarioLoader::Result result = ScenarioLoader::loadText(base, QStringLiteral("base.json"), overrides);
    if (result.ok()) {
        const auto simulation = ScenarioBuilder::build(*result.scenario);
        simulation->runToQuiescence(500);
    } else if (result.errors.empty()) {
        __builtin_trap();
    }
    return 0;
}
