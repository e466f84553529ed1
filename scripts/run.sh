#!/usr/bin/env bash
# Installs what is missing, builds (Release) and launches EventLoom on the default scenario.
# Extra arguments go to the app: ./scripts/run.sh 07-saga-orchestration --play
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

eventloom_install_packages
eventloom_build Release

args=("$@")
[ ${#args[@]} -eq 0 ] && args=(01-pubsub-fanout)

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
    echo "eventloom: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open."
    echo "The same scenario, headless:"
    echo "    $EVENTLOOM_BUILD/app/eventloom-cli run ${args[0]}"
    exit 0
fi
exec "$EVENTLOOM_BUILD/app/eventloom" "${args[@]}"
