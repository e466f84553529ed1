#pragma once

#include "../base/simtime.h"
#include "../trace/runcounters.h"
#include "latencytracker.h"

#include <QJsonObject>
#include <QString>
#include <vector>

namespace eventloom {

class Simulation;

/// The facts of a finished (or paused) run, as the CLI prints them (`--json` or for people).
struct RunSummary {
    struct Check {
        QString name;
        bool passed = false;
        QString detail;
    };

    /// A lesson figure's value on the run (docs/scenario-format.md, "Lessons").
    struct Figure {
        QString name;
        QJsonValue value;
        QString text; ///< formatted as the lesson asks
    };

    QString scenario;
    std::uint64_t seed = 0;
    SimTime simTime = 0;
    RunCounters counters;
    std::uint64_t fingerprint = 0;
    LatencyTracker::Percentiles latency; ///< end-to-end order latency
    qint64 wallMs = 0;
    std::vector<Check> checks;
    std::vector<Figure> figures; ///< in `--json` as "figures" {name: value}, only when the lesson has some

    static RunSummary of(const QString& scenario, const Simulation& sim, qint64 wallMs);
    /// The public `--json` shape (PRODUCT.md §3).
    QJsonObject toJson() const;
    /// The same facts, for people.
    QString toText() const;
};

} // namespace eventloom
