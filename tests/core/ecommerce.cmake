eventloom_core_test(tst_ecommerce)
target_compile_definitions(tst_ecommerce PRIVATE EVENTLOOM_TEST_FIXTURES="${CMAKE_CURRENT_LIST_DIR}/fixtures")
