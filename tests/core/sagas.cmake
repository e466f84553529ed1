eventloom_core_test(tst_sagas)
target_sources(tst_sagas PRIVATE sagatesting.h)
# The saga coordinator: its event-sourced saga log, its deadlines, and answers that move no saga.
eventloom_core_test(tst_sagacoordinator)
target_sources(tst_sagacoordinator PRIVATE sagatesting.h)
# The saga lessons' checks on 50 seeds, and an independent check of exported runs under faults (issue 18).
eventloom_core_test(tst_sagaproof)
set_tests_properties(tst_sagaproof PROPERTIES COST 50) # COST: see checkpoints.cmake
target_sources(tst_sagaproof PRIVATE recordtesting.h)
# Lesson 16: the saga coordinator crashes and recovers from its saga log (issue 18, item 9).
eventloom_core_test(tst_coordinatorcrash)
target_sources(tst_coordinatorcrash PRIVATE lessonlab.h)
