# eventloom-cli's recording commands (issue 7), in separate processes. Links the core only to open
# run files directly (integrity checks after a kill).
add_executable(tst_cli_record tst_cli_record.cpp)
target_link_libraries(tst_cli_record PRIVATE eventloom_core Qt6::Test)
eventloom_target_defaults(tst_cli_record)
target_compile_definitions(tst_cli_record PRIVATE
    EVENTLOOM_CLI="$<TARGET_FILE:eventloom-cli>"
    EVENTLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    EVENTLOOM_NPM_DIR="${PROJECT_BINARY_DIR}/npm")
add_dependencies(tst_cli_record eventloom-cli)
add_test(NAME tst_cli_record COMMAND tst_cli_record)
set_tests_properties(tst_cli_record PROPERTIES TIMEOUT 600)
