# `cmake --install` into an empty prefix installs exactly what a Linux desktop and a user look for, and
# nothing else (no libraries, headers or test programs; a build with EVENTLOOM_SHARED_LIBRARIES, the sanitizer
# build, installs its two libraries as well, LIBRARIES, relative to the prefix):
# cmake -DBUILD_DIR=B -DSOURCE_DIR=S -DPREFIX=P -DAPP_ID=ID -DVERSION=X.Y.Z [-DLIBRARIES=L1;L2] -P install.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
    RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${status}):\n${output}")
endif()

set(expected
    bin/eventloom
    bin/eventloom-cli
    share/applications/${APP_ID}.desktop
    share/metainfo/${APP_ID}.metainfo.xml
    share/icons/hicolor/scalable/apps/${APP_ID}.svg
    share/man/man1/eventloom.1.gz
    share/man/man1/eventloom-cli.1.gz
    share/eventloom/scenarios/schema/scenario.schema.json
    share/doc/eventloom/README.md
    share/doc/eventloom/LICENSE
    share/doc/eventloom/copyright
    share/doc/eventloom/changelog.gz
    ${LIBRARIES})
foreach(size 16 22 24 32 48 64 128 256)
    list(APPEND expected share/icons/hicolor/${size}x${size}/apps/${APP_ID}.png)
endforeach()
# Every shipped scenario, and docs/ as it is (its text and screenshots).
file(GLOB scenarios RELATIVE "${SOURCE_DIR}/scenarios" "${SOURCE_DIR}/scenarios/*.json")
list(TRANSFORM scenarios PREPEND share/eventloom/scenarios/)
file(GLOB_RECURSE docs RELATIVE "${SOURCE_DIR}/docs" "${SOURCE_DIR}/docs/*.md" "${SOURCE_DIR}/docs/*.png")
list(TRANSFORM docs PREPEND share/doc/eventloom/docs/)
list(APPEND expected ${scenarios} ${docs})
list(LENGTH scenarios scenario_count)
if(scenario_count LESS 14)
    message(FATAL_ERROR "${scenario_count} scenarios in ${SOURCE_DIR}/scenarios, expected the 14 lessons at least")
endif()

file(GLOB_RECURSE installed RELATIVE "${PREFIX}" LIST_DIRECTORIES false "${PREFIX}/*")
list(SORT expected)
list(SORT installed)
set(missing ${expected})
list(REMOVE_ITEM missing ${installed})
set(unexpected ${installed})
list(REMOVE_ITEM unexpected ${expected})
if(missing OR unexpected)
    list(JOIN missing "\n  " missing)
    list(JOIN unexpected "\n  " unexpected)
    message(FATAL_ERROR "cmake --install into ${PREFIX}:\nmissing:\n  ${missing}\nunexpected:\n  ${unexpected}")
endif()

# The installed tree as a software centre reads it: the metainfo with its desktop file and icon.
execute_process(COMMAND ${CMAKE_COMMAND} -DVALIDATOR=appstreamcli "-DARGS=validate-tree;--no-net;--explain"
    -DPACKAGE=appstream -DFILE=${PREFIX} -P ${CMAKE_CURRENT_LIST_DIR}/validate.cmake
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "appstreamcli validate-tree finds fault with the installed tree ${PREFIX}")
endif()

# The installed programs run without the build tree (the scenarios are compiled in).
foreach(program eventloom eventloom-cli)
    execute_process(COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen "${PREFIX}/bin/${program}" --version
        RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT status EQUAL 0 OR NOT output MATCHES "${VERSION}")
        message(FATAL_ERROR "the installed ${program} --version: exit status ${status}, '${output}'")
    endif()
endforeach()
list(LENGTH installed count)
message("cmake --install: the ${count} files expected, in ${PREFIX}")
file(REMOVE_RECURSE "${PREFIX}")
