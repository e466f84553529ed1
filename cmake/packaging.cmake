# The Debian package (issue 16): `cpack -G DEB` in a Release build directory, or ./scripts/package.sh.
# It holds what `cmake --install` installs (app/CMakeLists.txt, resources/CMakeLists.txt) under /usr.
set(EVENTLOOM_MAINTAINER "The EventLoom developers <maintainers@eventloom.example.org>"
    CACHE STRING "The .deb's Maintainer (name <address>)")

# What Debian wants in /usr/share/doc/eventloom besides the README: the licence in its machine-readable form
# and the changelog (with this version's entry), compressed.
file(READ ${PROJECT_SOURCE_DIR}/LICENSE license_text)
if(NOT license_text MATCHES "Copyright \\(c\\) ([^\n]+)\n\n(Permission.*[^\n])\n*$")
    message(FATAL_ERROR "LICENSE is no longer the MIT licence's text: update resources/debian/copyright.in")
endif()
set(EVENTLOOM_COPYRIGHT "${CMAKE_MATCH_1}")
# A control-file paragraph: every line indented by a space, an empty line as " .".
string(REPLACE "\n\n" "\n.\n" EVENTLOOM_LICENSE_PARAGRAPH "${CMAKE_MATCH_2}")
string(REPLACE "\n" "\n " EVENTLOOM_LICENSE_PARAGRAPH " ${EVENTLOOM_LICENSE_PARAGRAPH}")
configure_file(${PROJECT_SOURCE_DIR}/resources/debian/copyright.in ${PROJECT_BINARY_DIR}/debian/copyright @ONLY)
execute_process(COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C date -u -R -d ${EVENTLOOM_RELEASE_DATE}
    OUTPUT_VARIABLE EVENTLOOM_RELEASE_DATE_RFC2822 OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
configure_file(${PROJECT_SOURCE_DIR}/resources/debian/changelog.in ${PROJECT_BINARY_DIR}/debian/changelog @ONLY)
find_program(EVENTLOOM_GZIP gzip REQUIRED)
execute_process(COMMAND ${EVENTLOOM_GZIP} -9nc ${PROJECT_BINARY_DIR}/debian/changelog
    OUTPUT_FILE ${PROJECT_BINARY_DIR}/debian/changelog.gz COMMAND_ERROR_IS_FATAL ANY)
install(FILES ${PROJECT_BINARY_DIR}/debian/copyright ${PROJECT_BINARY_DIR}/debian/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME eventloom)
set(CPACK_PACKAGE_VENDOR "The EventLoom developers")
set(CPACK_PACKAGE_CONTACT "${EVENTLOOM_MAINTAINER}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${EVENTLOOM_HOMEPAGE_URL}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop simulator for teaching event-driven architecture")
# Debian's long description: lines under 80 columns, paragraphs apart (CPack indents them and writes " .").
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "EventLoom simulates a small system of services talking through a Kafka-like"
    "event bus (topics, partitions, consumer groups) and shows every event as it"
    "travels: in an event log, a timeline with a lane per service, an architecture"
    "diagram, sagas, consumer lag, read models and the event store. Faults are"
    "injected on purpose (crashes, slow services, dropped, duplicated, delayed or"
    "reordered messages), and runs are deterministic: a scenario and a seed always"
    "give the same events."
    ""
    "Fourteen lessons cover publish/subscribe, idempotency, ordering, CQRS, event"
    "sourcing, sagas, schema evolution, backpressure and dead-letter topics. Runs"
    "can be recorded, reviewed, compared and exported (JSON Lines, CSV,"
    "CloudEvents, sequence diagrams); eventloom-cli runs scenarios without a"
    "window.")
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # eventloom_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Depends: the libraries the programs link, found by dpkg-shlibdeps (dpkg-dev and file must be installed).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt also loads plugins at run time, which dpkg-shlibdeps cannot see: the platform plugins (xcb for a desktop,
# offscreen without one) and the SVG icon engine and image format that draw the icon. On bookworm they ship in
# libqt6gui6 and libqt6svg6, the packages of libraries the programs link, so dpkg-shlibdeps lists them already
# (naming them here too would list them twice); checkdebdepends.cmake fails the package if it stops doing so.
set(CPACK_EVENTLOOM_PLUGIN_PACKAGES libqt6gui6 libqt6svg6)
set(CPACK_POST_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/checkdebdepends.cmake)
# A Wayland session runs Qt through XWayland without it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")

include(CPack)
