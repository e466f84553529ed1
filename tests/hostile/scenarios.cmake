# Scenario files and command lines past EventLoom's limits (issue 17, items 1–3): durations that overflowed
# simulated time, files that took minutes to refuse, small files that asked for gigabytes. Each case in
# scenarios/ is a file with its exact diagnostics or a command line with its exit status and output
# (scenarios/README.md); the cases too large to keep in the repository are made by the test.
add_executable(tst_hostile_scenarios tst_hostile_scenarios.cpp)
target_link_libraries(tst_hostile_scenarios PRIVATE eventloom_core Qt6::Test)
eventloom_target_defaults(tst_hostile_scenarios)
target_include_directories(tst_hostile_scenarios PRIVATE ${PROJECT_SOURCE_DIR}/tests/cli)
target_compile_definitions(tst_hostile_scenarios PRIVATE
    EVENTLOOM_CLI="$<TARGET_FILE:eventloom-cli>"
    EVENTLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    EVENTLOOM_HOSTILE_SCENARIOS="${CMAKE_CURRENT_LIST_DIR}/scenarios")
add_dependencies(tst_hostile_scenarios eventloom-cli)
add_test(NAME tst_hostile_scenarios COMMAND tst_hostile_scenarios)
set_tests_properties(tst_hostile_scenarios PROPERTIES TIMEOUT 600 LABELS hostile)
