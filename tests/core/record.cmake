# Run recording, replay, export and import (issue 7).
eventloom_core_test(tst_recorder)
set_tests_properties(tst_recorder PROPERTIES COST 50) # COST: see checkpoints.cmake
target_sources(tst_recorder PRIVATE recordtesting.h)
eventloom_core_test(tst_export)
target_sources(tst_export PRIVATE recordtesting.h)
target_compile_definitions(tst_export PRIVATE EVENTLOOM_TEST_FIXTURES="${CMAKE_CURRENT_LIST_DIR}/fixtures")
# The run file's layout: schema 2 read back, schema 1 read and migrated (issue 22).
eventloom_core_test(tst_runfileschema)
set_tests_properties(tst_runfileschema PROPERTIES COST 60) # COST: see checkpoints.cmake
target_sources(tst_runfileschema PRIVATE recordtesting.h schemaonerunfile.h)
eventloom_core_test(tst_runcomparison)
target_sources(tst_runcomparison PRIVATE recordtesting.h)
# The knobs of a scenario and the overrides a run file keeps (issue 21).
eventloom_core_test(tst_scenariosettings)
target_sources(tst_scenariosettings PRIVATE recordtesting.h)
# Exports keep their bytes while their writer gets faster (issue 22).
eventloom_core_test(tst_exportgolden)
target_sources(tst_exportgolden PRIVATE recordtesting.h)
target_compile_definitions(tst_exportgolden PRIVATE EVENTLOOM_TEST_FIXTURES="${CMAKE_CURRENT_LIST_DIR}/fixtures")
# A schema 2 run file exported from its tables, without the views: the same refusals (issue 22).
eventloom_core_test(tst_compactexport)
target_sources(tst_compactexport PRIVATE recordtesting.h schemaonerunfile.h)
