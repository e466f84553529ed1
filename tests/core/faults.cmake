# Fault injection, retries and dead letters, breakpoints, the delivery checker, replay of injections.
eventloom_core_test(tst_faults)
eventloom_core_test(tst_deliverychecker)
target_compile_definitions(tst_deliverychecker PRIVATE EVENTLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
# The streaming delivery checker against the one it replaced, kept as the oracle (issue 22).
eventloom_core_test(tst_deliverystreaming)
target_sources(tst_deliverystreaming PRIVATE referencedeliverychecker.cpp referencedeliverychecker.h)
set_tests_properties(tst_deliverystreaming PROPERTIES COST 100) # about 100 s under the sanitizers; COST: see checkpoints.cmake
eventloom_core_test(tst_offsetranges)
eventloom_core_test(tst_faultreplay)
set_tests_properties(tst_faultreplay PROPERTIES COST 70) # COST: see checkpoints.cmake
eventloom_core_test(tst_faultscenarios)
eventloom_core_test(tst_ordering)
target_sources(tst_ordering PRIVATE recordtesting.h)
eventloom_core_test(tst_schemaregistry)
eventloom_core_test(tst_faultcontrols)
eventloom_core_test(tst_republish)
eventloom_core_test(tst_offsetreset)
target_sources(tst_offsetreset PRIVATE recordtesting.h)
eventloom_core_test(tst_retention)
eventloom_core_test(tst_runtimeconsumers)
