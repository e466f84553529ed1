#!/usr/bin/env bash
# Builds the `asan` preset (Debug, AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors) in
# build/asan/ and runs every suite under it, the GUI suites on the offscreen platform. The preset builds the
# engine and the window as shared libraries and keeps line tables only (-g1: a report still names file and
# line); both keep CI within its time (docs/benchmarks.md, "Build and CI time"). Any report from
# either sanitizer fails the suite it happened in. CI runs it after ./scripts/test.sh.
# Extra arguments go to ctest: ./scripts/test-sanitizers.sh -R delivery
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

eventloom_install_packages
cd "$EVENTLOOM_ROOT"
cmake --preset asan -DEVENTLOOM_WERROR=ON >/dev/null
cmake --build --preset asan -j "$(nproc)"

export QT_QPA_PLATFORM=offscreen
# Stop at the first error, with its stack; leaks fail too (LeakSanitizer, part of ASan on Linux).
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --preset asan -j "$(nproc)" --timeout 1500 "$@"
