// libFuzzer target: run files (issue 17). Each input is SQL applied to a small valid run file, or byte
// patches to its pages (runfilefuzz.h); the result is opened, read, exported, compared, replay-verified
// and opened for writing as EventLoom would. Run with scripts/fuzz.sh (`FUZZ_TARGET=fuzz_run_file`);
// seeds in tests/fuzz/corpus-runfiles/, and tests/hostile/runfiles/*.sql are seeds too.
#include "runfilefuzz.h"

#include <QCoreApplication>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    runfilefuzz::run(QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)));
    return 0;
}
