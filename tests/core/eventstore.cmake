# The event store (core/eventstore/).
eventloom_core_test(tst_eventstore)
