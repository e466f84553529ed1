# Time travel (issue 9): Simulation::fork and the Checkpointer — forks go on exactly as the original,
# and seek(t) equals a fresh simulation run until t, for every shipped scenario.
eventloom_core_test(tst_checkpoints)
# COST: the longest suites start first when ctest runs in parallel, so none is left running alone at the end
# (a clean build has no timings of its own yet; under the sanitizers these take minutes).
set_tests_properties(tst_checkpoints PROPERTIES COST 100)
# The copy-on-write state that makes a fork cost what changed (CowVector, CowAtomMap, EventStore's copies).
eventloom_core_test(tst_cowvector)
# The chunked, copy-on-fork log (the message log, its arena, the atoms' texts) against a std::vector.
eventloom_core_test(tst_sharedprefixvector)
