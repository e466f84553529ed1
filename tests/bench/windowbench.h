#pragma once

// What the benchmarks that drive the real window (B7, B8) set up the same way.

#include "scenario/scenario.h"

#include <QString>

class QTemporaryDir;

namespace eventloom {
class MainWindow;
}

namespace eventloom::bench {

/// Before the QApplication exists: offscreen unless a platform is chosen, and settings and recorded runs
/// kept out of the user's (QStandardPaths' test mode).
void prepareWindowBench();
/// Writes `scenario` as loaded (overrides applied) into `dir`, for the window to open; empty, after
/// saying why on stderr, when it cannot.
QString writeScenarioFile(const Scenario& scenario, const QTemporaryDir& dir, const char* program);
/// Sends the window's error dialogs to stderr, prefixed with `program`.
void reportWindowErrors(MainWindow& window, const char* program);

} // namespace eventloom::bench
