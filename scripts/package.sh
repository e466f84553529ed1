#!/usr/bin/env bash
# Installs what is missing, builds (Release) and makes the Debian package with CPack; prints the path of the
# .deb and nothing else on stdout (the rest goes to stderr), so that this installs it:
#     sudo apt-get install "$(./scripts/package.sh)"
set -euo pipefail
# A build directory of its own, build/package: installed under /usr (the man pages name the paths there), and
# without the tests and benchmarks, so it builds what the package holds and nothing else.
EVENTLOOM_BUILD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/package"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

{
    # dpkg-shlibdeps (dpkg-dev), which needs file, works out the package's Depends from what the programs link.
    eventloom_install_packages dpkg-dev file
    # Debian's hardening, as its own packages have it: fortified functions, stack protector, full RELRO. (Without
    # -g: the programs are stripped. CMake reads no CPPFLAGS, so they go with the compiler's flags.)
    export DEB_BUILD_MAINT_OPTIONS=hardening=+all
    cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS | sed -E 's/(^| )-g( |$)/ /')"
    cmake -S "$EVENTLOOM_ROOT" -B "$EVENTLOOM_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
        -DEVENTLOOM_BUILD_TESTS=OFF -DEVENTLOOM_BUILD_BENCHMARKS=OFF \
        -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)"
    eventloom_build Release
    rm -rf "$EVENTLOOM_BUILD/deb"
    cpack --config "$EVENTLOOM_BUILD/CPackConfig.cmake" -G DEB -B "$EVENTLOOM_BUILD/deb"
} >&2

shopt -s nullglob
debs=("$EVENTLOOM_BUILD"/deb/eventloom_*.deb)
if [ ${#debs[@]} -ne 1 ]; then
    echo "package.sh: expected one eventloom_*.deb in $EVENTLOOM_BUILD/deb, found ${#debs[@]}" >&2
    exit 1
fi
echo "${debs[0]}"
