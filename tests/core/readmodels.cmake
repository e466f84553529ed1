eventloom_core_test(tst_readmodels)
# One case drives the read models with the e-commerce services' own test shop.
target_compile_definitions(tst_readmodels PRIVATE EVENTLOOM_TEST_FIXTURES="${CMAKE_CURRENT_LIST_DIR}/fixtures")
eventloom_core_test(tst_customerapp)
