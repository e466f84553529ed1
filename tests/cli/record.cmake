# eventloom-cli's recording commands (issue 7), in separate processes. Links the core only to open
# run files directly (integrity checks after a kill).
eventloom_cli_test(tst_cli_record eventloom_core)
target_compile_definitions(tst_cli_record PRIVATE EVENTLOOM_NPM_DIR="${PROJECT_BINARY_DIR}/npm")
set_tests_properties(tst_cli_record PROPERTIES TIMEOUT 600 COST 60) # COST: see tests/core/checkpoints.cmake
target_include_directories(tst_cli_record PRIVATE ${SQLITE3_INCLUDE_DIR})
