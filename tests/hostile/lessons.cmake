# Lesson Markdown from untrusted scenarios: pictures only from the scenario's folder or the application's
# resources, read off the GUI thread with limits; links only to web pages, after asking (lessons/README.md).
add_executable(tst_hostile_lessons tst_hostile_lessons.cpp)
target_link_libraries(tst_hostile_lessons PRIVATE eventloom_ui Qt6::Test)
eventloom_target_defaults(tst_hostile_lessons)
target_compile_definitions(tst_hostile_lessons PRIVATE EVENTLOOM_SCREENSHOT_DIR="${CMAKE_BINARY_DIR}/screenshots")
add_test(NAME tst_hostile_lessons COMMAND tst_hostile_lessons)
set_tests_properties(tst_hostile_lessons PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen TIMEOUT 120 LABELS "ui;hostile")
