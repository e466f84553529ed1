// libFuzzer target: arbitrary bytes as a scenario file. The loader must refuse or accept every input
// without crashing, without undefined behaviour (ASan + UBSan) and within bounded time and memory;
// what it accepts must build into a simulation that runs (a bounded number of steps) without crashing.
// Build and run: scripts/fuzz.sh. Inputs that crashed once are kept in tests/fuzz/crashers/ and
// replayed by tst_fuzzcorpus in every normal build.
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace eventloom;
    const QByteArray text = QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const ScenarioLoader::Result result = ScenarioLoader::loadText(text, QStringLiteral("fuzz.json"));
    if (result.ok()) {
        const auto simulation = ScenarioBuilder::build(*result.scenario);
        simulation->runToQuiescence(500);
    } else if (result.errors.empty()) {
        __builtin_trap(); // refused without saying why
    }
    return 0;
}
