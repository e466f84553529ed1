#pragma once

#include "../base/simtime.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <cstdint>

namespace eventloom {

/// What a run file says about the run it holds, besides its trace: enough to re-simulate it.
struct RunInfo {
    QString scenarioId;
    QString scenarioFile;
    QByteArray scenarioJson; ///< the scenario document after `--set` overrides (Scenario::json)
    /// The `--set PATH=VALUE` assignments the document had applied (Scenario::overrides), to show them.
    QStringList overrides;
    std::uint64_t seed = 0;
    SimTime until = 0; ///< the run's time limit; 0: it ran until quiet
    /// Simulated time 0 as a wall-clock instant, for exported timestamps (CloudEvents `time`).
    QDateTime epoch = defaultEpoch();
    QString producer; ///< the program that wrote the file, e.g. "eventloom-cli 0.1.0"

    /// Scenarios have no epoch of their own yet: every run starts at this instant.
    static QDateTime defaultEpoch() { return QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC); }
};

/// An injection added to a run from outside its scenario (`--inject`, or the GUI while running),
/// with the simulated time it took effect, so a replay can apply it at exactly that moment.
struct RecordedInjection {
    QString spec; ///< as written
    SimTime at = 0; ///< as scheduled
    SimTime effective = -1; ///< when its `injection` record appeared; -1 if it never took effect
};

} // namespace eventloom
