# Delivery breakpoints (issue 9): break, unbreak and resolve as injections, and a hand-chosen order that
# replays. Named apart from the GUI suite tests/ui/tst_breakpoints (a target name is global).
add_executable(tst_breakpointreplay tst_breakpoints.cpp testservices.h recordtesting.h)
target_link_libraries(tst_breakpointreplay PRIVATE eventloom_core Qt6::Test)
eventloom_target_defaults(tst_breakpointreplay)
add_test(NAME tst_breakpointreplay COMMAND tst_breakpointreplay)
