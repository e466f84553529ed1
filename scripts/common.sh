#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: install what is missing, configure and build.
# Sourced, not run. Idempotent: a second call with nothing changed only re-checks and rebuilds nothing.
set -euo pipefail

EVENTLOOM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVENTLOOM_BUILD="${EVENTLOOM_BUILD_DIR:-$EVENTLOOM_ROOT/build/release}"

# Debian bookworm packages: compiler and build tools (lld links the many suites four times faster than GNU ld), Qt 6 (Widgets, Charts, SVG, Test), SQLite, xxHash,
# the fonts the offscreen platform renders screenshots with, the JSON Schema validator that checks the
# scenario schema (tst_scenarioschema), and the validators of the desktop file and the AppStream metainfo
# (tst_desktopfile, tst_metainfo, tst_install).
# Installed with --no-install-recommends, so every package CMake's find_package needs is named here, even
# where Debian only recommends it: Qt6Charts' CMake package needs Qt6OpenGL (libqt6opengl6-dev), which
# qt6-base-dev merely recommends. ../shared/tools/fresh-machine proves the list on a brand-new bookworm root.
EVENTLOOM_PACKAGES=(
    g++ cmake ninja-build pkg-config lld
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-svg-dev libqt6svg6
    libsqlite3-dev libxxhash-dev libgl-dev
    python3-jsonschema desktop-file-utils appstream
    fonts-dejavu-core
)

eventloom_install_packages() {
    local missing=()
    local pkg
    for pkg in "${EVENTLOOM_PACKAGES[@]}" "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    echo "eventloom: installing missing packages: ${missing[*]}"
    local apt=(apt-get)
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            apt=(sudo apt-get)
        else
            echo "eventloom: these Debian packages are missing and I cannot install them (not root, no sudo):" >&2
            echo "    ${missing[*]}" >&2
            echo "Install them with: sudo apt-get install ${missing[*]}" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${apt[@]}" update -qq
    "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
}

# The CloudEvents SDK (npm "cloudevents"), an outside judge of our CloudEvents export in tst_cli_record.
# Optional: without node/npm or the registry the test skips that check and says why.
eventloom_install_cloudevents_judge() {
    local dir="$EVENTLOOM_BUILD/npm"
    if [ -f "$dir/node_modules/cloudevents/package.json" ] || ! command -v npm >/dev/null 2>&1; then
        return 0
    fi
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --silent cloudevents@10 >/dev/null 2>&1 \
        || echo "eventloom: could not install the npm package 'cloudevents'; its CloudEvents check will be skipped" >&2
}

# Configures (once, or again whenever EVENTLOOM_CMAKE_ARGS is set: CI passes -DEVENTLOOM_WERROR=ON) and builds.
eventloom_build() {
    local build_type="${1:-Release}"
    if [ ! -f "$EVENTLOOM_BUILD/build.ninja" ] || [ -n "${EVENTLOOM_CMAKE_ARGS:-}" ]; then
        # shellcheck disable=SC2086 # EVENTLOOM_CMAKE_ARGS is a list of -D options
        cmake -S "$EVENTLOOM_ROOT" -B "$EVENTLOOM_BUILD" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" ${EVENTLOOM_CMAKE_ARGS:-}
    fi
    cmake --build "$EVENTLOOM_BUILD" -j "$(nproc)"
}
