# Fault injection, retries and dead letters, breakpoints, the delivery checker, replay of injections.
eventloom_core_test(tst_faults)
eventloom_core_test(tst_deliverychecker)
target_compile_definitions(tst_deliverychecker PRIVATE EVENTLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
eventloom_core_test(tst_faultreplay)
eventloom_core_test(tst_faultscenarios)
eventloom_core_test(tst_faultcontrols)
eventloom_core_test(tst_republish)
