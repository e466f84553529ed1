#!/usr/bin/env bash
# Fuzzes the scenario loader, run files or injection specs with libFuzzer for a bounded time (clang-14;
# ASan + UBSan, which stop at the first error). Builds in build/fuzz/ (or $EVENTLOOM_FUZZ_BUILD_DIR), installs clang-14 and
# libclang-rt-14-dev if they are missing.
#
#   scripts/fuzz.sh [SECONDS] [LIBFUZZER FLAGS...]     # default: 60 seconds
#   scripts/fuzz.sh 300 -jobs=2 -workers=2             # five minutes on two cores
#   FUZZ_TARGET=fuzz_scenario_overrides scripts/fuzz.sh 120   # --set assignments instead of files
#   FUZZ_TARGET=fuzz_run_file scripts/fuzz.sh 300             # run files: SQL or page patches on a recorded run
#   FUZZ_TARGET=fuzz_injection_spec scripts/fuzz.sh 300       # injection specs, applied to a run
#
# fuzz_scenario_loader starts from tests/fuzz/corpus/, the shipped scenarios and the malformed corpus;
# fuzz_scenario_overrides from tests/fuzz/corpus-overrides/; fuzz_run_file from tests/fuzz/corpus-runfiles/
# and tests/hostile/runfiles/; fuzz_injection_spec from tests/fuzz/corpus-injections/ (with
# tests/fuzz/injection.dict). What they find new goes to build/fuzz/corpus[-overrides|-runfiles|-injections]/.
# An input that crashes, hangs (-timeout) or uses too much memory (-rss_limit_mb, -malloc_limit_mb) is
# written to build/fuzz/artifacts/ and the run stops with a non-zero status: copy the file to
# tests/fuzz/crashers/ (as overrides-NAME, runfile-NAME or injections-NAME for those targets), fix the bug,
# and tst_fuzzcorpus replays it in every build.
# Figures of past runs: docs/reliability.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=common.sh
source "$ROOT/scripts/common.sh"
BUILD="${EVENTLOOM_FUZZ_BUILD_DIR:-$ROOT/build/fuzz}"
SECONDS_TO_RUN="${1:-60}"
shift || true

eventloom_install_packages clang-14 libclang-rt-14-dev
if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DEVENTLOOM_BUILD_FUZZERS=ON \
        -DEVENTLOOM_BUILD_GUI=OFF -DEVENTLOOM_BUILD_TESTS=OFF -DEVENTLOOM_BUILD_BENCHMARKS=OFF
fi
TARGET="${FUZZ_TARGET:-fuzz_scenario_loader}"
case "$TARGET" in
    fuzz_scenario_loader)
        SEEDS=("$BUILD/corpus" "$ROOT/tests/fuzz/corpus" "$ROOT/scenarios" "$ROOT/tests/scenarios/malformed")
        DICT="$ROOT/tests/fuzz/scenario.dict"
        MAX_LEN=65536 ;;
    fuzz_scenario_overrides)
        SEEDS=("$BUILD/corpus-overrides" "$ROOT/tests/fuzz/corpus-overrides")
        DICT="$ROOT/tests/fuzz/scenario.dict"
        MAX_LEN=4096 ;;
    fuzz_injection_spec)
        SEEDS=("$BUILD/corpus-injections" "$ROOT/tests/fuzz/corpus-injections")
        DICT="$ROOT/tests/fuzz/injection.dict"
        MAX_LEN=4096 ;;
    fuzz_run_file)
        SEEDS=("$BUILD/corpus-runfiles" "$ROOT/tests/fuzz/corpus-runfiles" "$ROOT/tests/hostile/runfiles")
        DICT="$ROOT/tests/fuzz/runfile.dict"
        MAX_LEN=8192 ;;
    *) echo "fuzz.sh: unknown FUZZ_TARGET '$TARGET'" >&2; exit 2 ;;
esac
cmake --build "$BUILD" --target "$TARGET" -j "$(nproc)"

mkdir -p "${SEEDS[0]}" "$BUILD/artifacts"
cd "$BUILD" # with -jobs=N, libFuzzer writes fuzz-N.log here
exec "$BUILD/tests/fuzz/$TARGET" \
    -max_total_time="$SECONDS_TO_RUN" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -dict="$DICT" -artifact_prefix="$BUILD/artifacts/" -print_final_stats=1 "$@" \
    "${SEEDS[@]}"
