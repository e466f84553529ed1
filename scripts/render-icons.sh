#!/usr/bin/env bash
# Renders resources/icons/eventloom.svg to the PNGs beside it, at the sizes resources/eventloom.qrc lists
# (the hicolor theme's, 16 to 256 px), with Qt's SVG renderer: the one tst_appicon compares them with.
# Run it after changing the SVG, look at the PNGs (16 px above all), and commit them with it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

eventloom_install_packages
if [ ! -f "$EVENTLOOM_BUILD/build.ninja" ]; then
    cmake -S "$EVENTLOOM_ROOT" -B "$EVENTLOOM_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$EVENTLOOM_BUILD" --target eventloom_rendericons >&2
mapfile -t sizes < <(grep -o 'eventloom-[0-9]*\.png' "$EVENTLOOM_ROOT/resources/eventloom.qrc" | tr -dc '0-9\n' | sort -nu)
QT_QPA_PLATFORM=offscreen "$EVENTLOOM_BUILD/tests/resources/eventloom_rendericons" \
    "$EVENTLOOM_ROOT/resources/icons/eventloom.svg" "${sizes[@]}"
