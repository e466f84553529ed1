# Exports and imports of crafted run files and logs (issue 17, items 5 and 6): each case in exports/
# is SQL applied to a freshly recorded run, with the refusal it must get (exports/README.md).
add_executable(tst_hostile_exports tst_hostile_exports.cpp)
target_link_libraries(tst_hostile_exports PRIVATE eventloom_core Qt6::Test)
eventloom_target_defaults(tst_hostile_exports)
target_include_directories(tst_hostile_exports PRIVATE ${PROJECT_SOURCE_DIR}/tests/core ${PROJECT_SOURCE_DIR}/tests/cli)
target_compile_definitions(tst_hostile_exports PRIVATE
    EVENTLOOM_CLI="$<TARGET_FILE:eventloom-cli>"
    EVENTLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    EVENTLOOM_HOSTILE_EXPORTS="${CMAKE_CURRENT_LIST_DIR}/exports")
add_dependencies(tst_hostile_exports eventloom-cli)
add_test(NAME tst_hostile_exports COMMAND tst_hostile_exports)
