#pragma once

#include "faults/injectionspec.h"
#include "lessons/checkjudge.h"
#include "record/runrecorder.h"
#include "scenario/scenario.h"

#include <QString>
#include <memory>

namespace eventloom {

class Simulation;

/// The window records every run (PRODUCT.md §1, "Auditability") into the application's data
/// directory, with the `recording/` settings of RunArchive (on/off, a size cap per run and for all
/// runs). Lives on the simulation thread with the SimulationWorker, which calls it at the points of
/// a run's life; a problem (disk full, no directory) stops the recording, never the run, and is
/// reported once through problem().
class WorkerRecording {
public:
    /// Starts recording a freshly built `sim` (before its first step).
    void start(const Scenario& scenario, Simulation& sim);
    /// An injection added from the window while running.
    void declareInjection(const InjectionSpec& spec);
    /// Hands what was traced to the writer; call once per slice.
    void flush(const Simulation& sim);
    /// The run reached its end: store its outcome, with its checks' final `verdicts` (CheckJudge::finish).
    void finish(const Simulation& sim, const std::vector<CheckJudge::Verdict>& verdicts);
    /// The run is left before its end (reset, another scenario, quitting).
    void stop(const Simulation& sim);

    /// A problem not yet reported (then cleared), or empty.
    QString takeProblem();
    QString path() const { return m_recorder ? m_recorder->path() : QString(); }

private:
    void failed(const QString& why);

    std::unique_ptr<RunRecorder> m_recorder;
    QString m_scenarioId;
    std::vector<LessonFigure> m_figures; ///< the lesson's, valued at the end into the run file's summary
    QString m_problem;
};

} // namespace eventloom
