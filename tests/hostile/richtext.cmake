# Text from files other people send, shown in the window: never taken for markup, never a picture read
# (richtext/README.md).
add_executable(tst_hostile_richtext tst_hostile_richtext.cpp)
target_link_libraries(tst_hostile_richtext PRIVATE eventloom_ui Qt6::Test)
eventloom_target_defaults(tst_hostile_richtext)
target_compile_definitions(tst_hostile_richtext PRIVATE EVENTLOOM_SCREENSHOT_DIR="${CMAKE_BINARY_DIR}/screenshots")
add_test(NAME tst_hostile_richtext COMMAND tst_hostile_richtext)
set_tests_properties(tst_hostile_richtext PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen TIMEOUT 120 LABELS "ui;hostile")
