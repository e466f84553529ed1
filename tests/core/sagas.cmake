eventloom_core_test(tst_sagas)
# The saga lessons' checks on 50 seeds, and an independent check of exported runs under faults (issue 18).
eventloom_core_test(tst_sagaproof)
target_sources(tst_sagaproof PRIVATE recordtesting.h)
