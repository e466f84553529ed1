# The window's run recording (issue 7): WorkerRecording with the RunArchive settings.
eventloom_ui_test(tst_workerrecording)
