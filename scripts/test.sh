#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs every test (GUI tests on the offscreen platform).
# Extra arguments go to ctest: ./scripts/test.sh -R determinism
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

eventloom_install_packages
eventloom_build Release
eventloom_install_cloudevents_judge

export QT_QPA_PLATFORM=offscreen
cd "$EVENTLOOM_BUILD"
ctest --output-on-failure -j "$(nproc)" "$@"
