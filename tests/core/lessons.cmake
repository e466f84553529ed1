# Lessons and checks (core/lessons).
eventloom_core_test(tst_checkexpression)
eventloom_core_test(tst_lessons)
target_compile_definitions(tst_lessons PRIVATE EVENTLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
eventloom_core_test(tst_library)
target_compile_definitions(tst_library PRIVATE EVENTLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
eventloom_core_test(tst_lessonfigures)
set_tests_properties(tst_lessonfigures PROPERTIES TIMEOUT 600)
