#pragma once

#include "check/deliverychecker.h"
#include "lessons/checkjudge.h"

#include "base/simtime.h"

#include <QMetaType>
#include <QString>
#include <cstdint>
#include <vector>

namespace eventloom {

class RunFile;
class Simulation;
struct Scenario;

/// The answer to RunSource::checkDelivery: the engine's DeliveryChecker on the run, category by category
/// (in the CLI's order: lost events, monotonic offsets, duplicate deliveries, duplicate effects, order),
/// each with its count, how it stands and its first offending records — each with its position in the
/// trace, which is its row in the window's log.
struct DeliveryVerdicts {
    struct Record {
        qint64 row = -1; ///< the record's position in the run's trace (the event log's row)
        SimTime t = 0;
        std::uint32_t message = 0xFFFFFFFFu; ///< the message it is about, if any
        QString text; ///< as the CLI quotes it (DeliveryChecker::describe)
        bool operator==(const Record&) const = default;
    };
    struct Category {
        QString name; ///< the CLI's check name, "delivery: no lost events"
        /// Pending: about the whole run (lost events), not judged before it ends; HoldsSoFar: nothing
        /// found yet; Holds and Failed: final.
        CheckJudge::Standing standing = CheckJudge::Standing::Pending;
        bool guarantee
            = false; ///< a broken bus guarantee (DeliveryChecker::Check::guarantee), else a consumer's choice
        std::uint64_t count = 0;
        QString detail; ///< the CLI's detail (count, first offenders, what was not judged)
        std::vector<Record> first;
        bool operator==(const Category&) const = default;
    };
    std::vector<Category> categories;
    /// The run has ended, and its end is what was judged: every category is final.
    bool ended = false;
    /// The simulated time of the run judged: the run's present (never an earlier moment being viewed).
    SimTime judgedAt = 0;
    /// A recorded run, judged on its trace as a replay of its scenario, seed and injections gives it.
    bool recorded = false;
    /// Why the run cannot be checked (an imported log has no scenario to re-simulate), or empty.
    QString unavailable;
    bool operator==(const DeliveryVerdicts&) const = default;

    /// The verdicts of `report` on `sim` as it is now; `ended` as above, `stopped` as DeliveryChecker::checks.
    static DeliveryVerdicts of(
        const DeliveryChecker::Report& report, const Simulation& sim, bool ended, const QString& stopped);
    /// The verdicts on recorded run `run` of `scenario` (review mode): its trace is made again by a replay
    /// (its scenario, seed and injections, RunReplay::prepare) with the checker watching, up to where the
    /// recording ends, and its fingerprint compared with the recorded one; `unavailable` says why not.
    static DeliveryVerdicts ofRecording(const RunFile& run, const Scenario& scenario);
};

} // namespace eventloom

Q_DECLARE_METATYPE(eventloom::DeliveryVerdicts)
