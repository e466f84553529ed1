# Precompiled headers: most of a translation unit's compile time is spent parsing Qt's and the standard
# library's headers, the same ones in every unit. They are compiled once per family of targets and reused
# (docs/benchmarks.md, "Build and CI time"). Only headers that never change with the project are
# precompiled, never the project's own: a change to a project header rebuilds what includes it, as before.
#
# A family is the targets of one folder that link the same layer of the project (the engine, or the window)
# with or without Qt Test: those compile with the same definitions, which a precompiled header must match
# (Qt Test's QT_TESTCASE_BUILDDIR is the folder). The first target of a family compiles the header; the others
# reuse it. GCC refuses a header whose definitions do not match (-Winvalid-pch, an error with
# EVENTLOOM_WERROR), so a mismatch cannot go unnoticed.
#
# Every unit still includes what it uses: the headers below are an optimisation, and
# -DEVENTLOOM_PRECOMPILED_HEADERS=OFF (the dev preset) builds without them.
option(EVENTLOOM_PRECOMPILED_HEADERS "Precompile the Qt and standard headers most units include" ON)

set(EVENTLOOM_PCH_ENGINE
    <algorithm> <cstdint> <functional> <map> <memory> <optional> <set> <string> <string_view>
    <unordered_map> <vector>
    <QByteArray> <QHash> <QJsonArray> <QJsonDocument> <QJsonObject> <QJsonValue> <QSet> <QString> <QStringList>)
set(EVENTLOOM_PCH_WINDOW
    <QAbstractTableModel> <QAction> <QDockWidget> <QHBoxLayout> <QHeaderView> <QLabel> <QMenu> <QPainter>
    <QPushButton> <QTableView> <QTimer> <QVBoxLayout> <QWidget>)
set(EVENTLOOM_PCH_TEST <QSignalSpy> <QTemporaryDir> <QTest>)

# The targets defined in `dir` and the folders below it.
function(eventloom_targets_below dir out)
    get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
    get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
    foreach(sub IN LISTS subdirs)
        eventloom_targets_below("${sub}" below)
        list(APPEND targets ${below})
    endforeach()
    set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The definitions and libraries a target compiles with that matter to a precompiled header.
function(eventloom_pch_inputs target out)
    get_target_property(definitions ${target} COMPILE_DEFINITIONS)
    get_target_property(links ${target} LINK_LIBRARIES)
    set(inputs)
    foreach(item IN LISTS definitions links)
        if(item)
            list(APPEND inputs "${item}")
        endif()
    endforeach()
    set(${out} ${inputs} PARENT_SCOPE)
endfunction()

# A program's AUTOMOC mocs_compilation.cpp compiles without the precompiled header. It is empty (a suite
# includes its own .moc), so loading the header would be all of its cost: 1.2 s of CPU a program in Release and
# 2 s under the sanitizers, where the header is 200 MB, for each of a hundred suites. A library's is not empty
# (eventloom_ui's holds every dock's moc) and keeps the header.
function(eventloom_moc_without_pch target)
    get_target_property(automoc ${target} AUTOMOC)
    get_target_property(type ${target} TYPE)
    if(NOT automoc OR NOT type STREQUAL "EXECUTABLE")
        return()
    endif()
    get_target_property(binary_dir ${target} BINARY_DIR)
    get_target_property(source_dir ${target} SOURCE_DIR)
    set_source_files_properties("${binary_dir}/${target}_autogen/mocs_compilation.cpp" DIRECTORY "${source_dir}"
        PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
endfunction()

# Gives every C++ target of the project the precompiled header of its family. Call once, after every target
# is defined and linked.
#
# The family's host is the member with the fewest definitions and libraries; a member reuses its header only
# if it has all of the host's (GCC rejects a header built with a definition the user lacks; one the user adds is
# harmless, since none of the project's definitions appears in these headers). A member that cannot reuse it
# compiles without.
function(eventloom_precompile_headers)
    if(NOT EVENTLOOM_PRECOMPILED_HEADERS OR EVENTLOOM_BUILD_FUZZERS)
        return()
    endif()
    eventloom_targets_below("${PROJECT_SOURCE_DIR}" targets)
    set(families)
    foreach(target IN LISTS targets)
        get_target_property(type ${target} TYPE)
        if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY)$")
            continue()
        endif()
        get_target_property(links ${target} LINK_LIBRARIES)
        if(NOT links)
            set(links "")
        endif()
        if(target STREQUAL "eventloom_ui" OR "eventloom_ui" IN_LIST links)
            set(family window)
        elseif(target STREQUAL "eventloom_core" OR "eventloom_core" IN_LIST links)
            set(family engine)
        else()
            continue()
        endif()
        if("Qt6::Test" IN_LIST links)
            string(APPEND family "-test")
        endif()
        get_target_property(dir ${target} BINARY_DIR)
        string(MD5 key "${family}:${dir}")
        set(key "EVENTLOOM_PCH_${key}")
        if(NOT DEFINED ${key})
            list(APPEND families ${key})
            set(${key}_family ${family})
        endif()
        list(APPEND ${key} ${target})
    endforeach()

    foreach(key IN LISTS families)
        # The host: the fewest inputs (the first such target, in the order the folders define them).
        set(host "")
        foreach(target IN LISTS ${key})
            eventloom_pch_inputs(${target} inputs)
            list(LENGTH inputs count)
            if(NOT host OR count LESS host_count)
                set(host ${target})
                set(host_count ${count})
                set(host_inputs ${inputs})
            endif()
        endforeach()
        set(headers ${EVENTLOOM_PCH_ENGINE})
        if(${key}_family MATCHES "^window")
            list(APPEND headers ${EVENTLOOM_PCH_WINDOW})
        endif()
        if(${key}_family MATCHES "-test$")
            list(APPEND headers ${EVENTLOOM_PCH_TEST})
        endif()
        target_precompile_headers(${host} PRIVATE ${headers})
        eventloom_moc_without_pch(${host})
        foreach(target IN LISTS ${key})
            if(target STREQUAL host)
                continue()
            endif()
            eventloom_pch_inputs(${target} inputs)
            set(missing ${host_inputs})
            list(REMOVE_ITEM missing ${inputs})
            if(NOT missing)
                target_precompile_headers(${target} REUSE_FROM ${host})
                eventloom_moc_without_pch(${target})
            endif()
        endforeach()
    endforeach()
endfunction()
