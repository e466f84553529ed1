// libFuzzer target: injection specs (`KIND[@TIME][,key=value]...`), one per line, as `--inject`, a
// scenario's `injections` and the window's fault controls give them. Each line is parsed; a refusal
// must say why. What parses and suits the scenario (ScenarioLoader::checkInjection, as `--inject` does)
// is applied to a small run: even lines scheduled before the start, odd ones queued while it goes (the
// window's way, through the InjectionQueue), and the run goes on for a few thousand steps — under ASan
// and UBSan, so any overflow of simulated time or a count is a crash. The text a run traces for an
// injection (InjectionSpec::setAt, text()) must parse again, or a replay could not apply it.
// Build and run: FUZZ_TARGET=fuzz_injection_spec scripts/fuzz.sh. tst_fuzzcorpus replays the corpus
// (tests/fuzz/corpus-injections/) and crashers named injections-* with the normal build.
#include "fuzzinjections.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 4096)
        return 0; // command lines and scenario strings, not files
    const QByteArray text = QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    if (!eventloom::fuzz::runInjections(text))
        __builtin_trap(); // a refusal without a reason, or a traced spec that does not parse again
    return 0;
}
