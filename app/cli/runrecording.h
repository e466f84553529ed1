#pragma once

#include "cliargs.h"
#include "commands.h"

#include "faults/injectionspec.h"
#include "record/runrecorder.h"
#include "scenario/scenario.h"

#include <QTemporaryDir>
#include <memory>

namespace eventloom::cli {

/// `run --record FILE` and `run --export FILE --format F`: records the run into a run file (a
/// temporary one when only exporting) and exports from it when the run is over, so a live export and
/// `eventloom-cli export` of the same run write the same bytes.
class RunRecording {
public:
    /// Checks the options; false (with a message) on bad usage or a `--record` target that is not a run file.
    bool prepare(const CliArgs& args, Io io);
    /// Attaches the recorder before the first step. A file that cannot be created only warns: the run goes on.
    void start(
        const Scenario& scenario, Simulation& sim, const std::vector<InjectionSpec>& injections, SimTime limit, Io io);
    /// Finishes recording and writes the export; false if the export failed.
    bool finish(const Simulation& sim, const RunSummary& summary, Io io);

private:
    QString m_recordPath;
    QString m_exportPath;
    QString m_format;
    std::unique_ptr<QTemporaryDir> m_scratch;
    std::unique_ptr<RunRecorder> m_recorder;
};

} // namespace eventloom::cli
