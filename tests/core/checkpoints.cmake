# Time travel (issue 9): Simulation::fork and the Checkpointer — forks go on exactly as the original,
# and seek(t) equals a fresh simulation run until t, for every shipped scenario.
eventloom_core_test(tst_checkpoints)
# The copy-on-write state that makes a fork cost what changed (CowVector, CowAtomMap, EventStore's copies).
eventloom_core_test(tst_cowvector)
