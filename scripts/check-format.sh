#!/usr/bin/env bash
# Checks that every tracked C++ source is laid out as .clang-format says (clang-format 14, Debian
# bookworm's), changing nothing: any difference is an error naming the file and line. CI runs it first.
# With --fix it formats them in place instead:
#   ./scripts/check-format.sh          # check (what CI does)
#   ./scripts/check-format.sh --fix    # format every tracked .cpp and .h
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

eventloom_install_packages clang-format git
cd "$EVENTLOOM_ROOT"
mode=(--dry-run --Werror)
if [ "${1:-}" = "--fix" ]; then
    mode=(-i)
fi
git ls-files -z -- '*.cpp' '*.h' | xargs -0 -r clang-format --style=file "${mode[@]}"
if [ "${1:-}" = "--fix" ]; then
    echo "eventloom: formatted every tracked .cpp and .h as .clang-format says"
else
    echo "eventloom: every tracked .cpp and .h is formatted as .clang-format says"
fi
