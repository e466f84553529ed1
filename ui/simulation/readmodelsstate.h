#pragma once

#include "readmodelsdescription.h"

#include <QString>
#include <map>
#include <memory>

namespace eventloom {

class LogWriteSideView;
class Simulation;

/// Describes a run's read models for the Read Models dock, on the simulation thread. It keeps one
/// incremental write-side view per model (LogWriteSideView scans only the log appended since its last
/// call), so asking every 250 ms while a long run plays stays cheap.
class ReadModelsState {
public:
    ReadModelsState();
    ~ReadModelsState();

    /// A new run: forget the write-side views of the old one.
    void reset();

    /// Rows of the focused model sent at most (the highest keys; the rest are counted in `hiddenRows`).
    static constexpr int kMaxRows = 1000;
    /// Differing keys listed at most after a rebuild.
    static constexpr int kMaxDifferences = 500;

    /// Every read model; the one `focus` names (else the first one) with its rows; with `rebuild`, that
    /// model folded again from every event of its topics in the log, compared with the live table.
    /// With `key` (the "follow this order" lens), the focused model's rows are that key's only.
    ReadModelsDescription describe(const Simulation& sim, const QString& focus, bool rebuild, const QString& key = {});

private:
    std::map<std::uint16_t, std::unique_ptr<LogWriteSideView>> m_writeSides; ///< by service index
    const Simulation* m_viewsOf = nullptr; ///< the simulation they read (the run, or a past one while time travelling)
};

} // namespace eventloom
