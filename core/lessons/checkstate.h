#pragma once

#include "../base/simtime.h"
#include "../base/statepaths.h"

#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <optional>
#include <span>

namespace eventloom {

class Simulation;

/// The names a check expression can read (docs/scenario-format.md, "Checks"): one JSON object built
/// from a simulation at its current time, or at `clock` if given: a time at or after its last item, before
/// its next, at which only the clock differs (the time a sample is said to be at, CheckJudge).
///
/// - the run's counters, as in the CLI's `--json` summary: `events`, `deliveries`, `duplicateEffects`,
///   `sagas.compensated`, `latency.p95Us`, `simTimeUs`, …
/// - `services.ID`: each service's own state (the inspector shows the same object), plus `up` and
///   `instances`; each service is also reachable by its id alone (`inventory.stock['sku-1']`) unless a
///   counter has that name;
/// - `readModels.ID`: each read model's `lag` (offsets behind), `lagUs` (time behind), `caughtUp`,
///   `rows` (its row count), `appliedEvents` and `skippedDuplicates`; an id with dashes is also
///   reachable in camelCase (`order-history` → `orderHistory`);
/// - `topics.ID`: `partitions` and `records`; `groups.NAME` (`groups['order-saga']`): `lag` (records not committed) and
///   `topics.TOPIC` (lag per topic).
class CheckState {
public:
    /// `only`, if given, limits the object to those top-level names (what the expressions at hand
    /// read), so sampling a check many times does not build every service's state each time.
    static QJsonObject of(const Simulation& sim, const QSet<QString>* only = nullptr, SimTime clock = -1);
    /// The same object pruned to `reads` (CheckReads::add of the expressions at hand), with the
    /// counts of the collections they only count in `counts`: what a sample evaluates, built without the
    /// rest, so sampling costs what the checks read, not what the run has accumulated. An expression
    /// evaluates to the same result, detail included, on it as on `of`'s whole object.
    static QJsonObject of(
        const Simulation& sim, const StatePaths& reads, StatePaths::Counts& counts, SimTime clock = -1);
    /// The integer `of`'s object holds at `path` (keys from the top), or with `counted` the number of
    /// entries of the object there, read without building the object, with the clock at `clock` as `of`'s:
    /// what a sample reads first (CheckExpression::passesOnNumbers). nullopt when it cannot be read so (a
    /// missing key, a value that is not an integer, a part only the whole object shows): then the sample
    /// builds the object.
    static std::optional<qint64> number(
        const Simulation& sim, std::span<const QString> path, bool counted, SimTime clock = -1);
    /// The top-level names `of` gives for a simulation with these service ids (counters and sections
    /// included), so a loader can refuse an unknown name before anything runs.
    static QStringList rootNames(const QStringList& serviceIds);
    /// `order-history` → `orderHistory`.
    static QString camelCase(const QString& id);
};

} // namespace eventloom
