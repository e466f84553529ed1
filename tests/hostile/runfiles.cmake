# Hostile run files (issue 17): each case of tests/hostile/runfiles/ applied to a freshly recorded run
# file, refused by every command with exit 2 and left byte for byte as it was. Runs the real CLI; links
# the core and SQLite to check in-process refusals and to build the cases.
add_executable(tst_hostile_runfiles tst_hostile_runfiles.cpp)
target_link_libraries(tst_hostile_runfiles PRIVATE eventloom_core Qt6::Test)
eventloom_target_defaults(tst_hostile_runfiles)
target_include_directories(tst_hostile_runfiles PRIVATE ${SQLITE3_INCLUDE_DIR} ${PROJECT_SOURCE_DIR}/core)
target_compile_definitions(tst_hostile_runfiles PRIVATE
    EVENTLOOM_CLI="$<TARGET_FILE:eventloom-cli>"
    EVENTLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(tst_hostile_runfiles eventloom-cli)
add_test(NAME tst_hostile_runfiles COMMAND tst_hostile_runfiles)
set_tests_properties(tst_hostile_runfiles PROPERTIES TIMEOUT 300)
