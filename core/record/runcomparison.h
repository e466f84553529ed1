#pragma once

#include "runfile.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace eventloom {

/// Two recorded runs side by side (PRODUCT.md §2, "A/B diff of two runs of the same seed with and
/// without a fault"): what each run is, their counters, fingerprints, the first record where their
/// traces part, and how their final states differ. Streams both files: the records are walked once,
/// in order, a pair at a time, and the final states are read with ordered queries merged side by
/// side, so memory stays bounded whatever the runs' length.
class RunComparison {
public:
    /// What one run is.
    struct Run {
        QString path;
        QString origin; ///< "recorded" or "imported"
        QString scenarioId;
        QString title; ///< the scenario's title, if its document has one
        QByteArray scenarioJson;
        QStringList overrides; ///< the `--set` assignments it ran with (RunInfo::overrides)
        std::uint64_t seed = 0;
        SimTime until = 0; ///< the time limit; 0: until quiet
        SimTime simTime = 0; ///< where it ended (the last record's time for a run cut short)
        bool finished = false;
        QString fingerprint; ///< empty for a run cut short
        std::int64_t records = 0;
        std::vector<RecordedInjection> injections;
    };

    /// One counter of both runs. Absent (nullopt) when a run's file cannot tell it (no summary).
    struct Counter {
        QString key; ///< as in the `--json` summary, e.g. "sagas.compensated"
        QString label; ///< for people, e.g. "sagas compensated"
        std::optional<std::int64_t> a, b;
        bool isTime = false; ///< microseconds of simulated time
        bool differs() const { return a != b; }
    };

    /// The first pair of records that differ.
    struct Divergence {
        std::int64_t record = 0; ///< 1-based position in both traces
        SimTime t = 0; ///< the earlier of the two records' times
        QString a, b; ///< both records as JSON Lines; empty: that run has no record there (it ended)
        QString correlation; ///< the correlation id (or saga id) the records concern, if any
    };

    /// One item of the final state that the two runs leave differently.
    struct StateDifference {
        QString category; ///< "saga", "offset" or "key"
        QString item; ///< the saga id; "group · topic[partition]"; "topic · key"
        QString a, b; ///< the value in each run; empty: the run has no such item
    };
    struct StateCategory {
        QString category;
        QString title; ///< for people, e.g. "saga outcomes"
        std::int64_t itemsA = 0, itemsB = 0; ///< items each run has (saga instances, partitions, keys)
        std::int64_t differences = 0; ///< all of them, listed or not
    };

    bool ok = false; ///< false: a file could not be read (`error` says why)
    QString error;
    Run a, b;
    /// What makes the comparison less meaningful (different scenarios, seeds, time limits, a run cut short).
    QStringList warnings;
    std::vector<Counter> counters;
    std::int64_t comparedRecords = 0; ///< pairs compared up to and including the first difference
    std::optional<Divergence> divergence;
    std::vector<StateCategory> stateCategories;
    /// At most kMaxListedDifferences per category; StateCategory::differences counts them all.
    std::vector<StateDifference> stateDifferences;
    bool cancelled = false;

    static constexpr int kMaxListedDifferences = 1000;

    /// Same fingerprint (both runs finished) and not one record apart.
    bool identical() const;
    bool sameScenario() const { return a.scenarioId == b.scenarioId; }

    /// Compares the run files at `pathA` and `pathB`. `cancel` (may be null) stops the walk early:
    /// the result then has `cancelled` set and `ok` false.
    static RunComparison compare(const QString& pathA, const QString& pathB, const std::atomic<bool>* cancel = nullptr);

    /// One object: runs, warnings, identical, fingerprints, divergence, counters, finalState.
    QJsonObject toJson() const;
    /// For people: both runs, fingerprints and the first divergence first, then counters and final states.
    QString toText() const;

    /// A record as the JSON Lines exporter writes it, into `out` (cleared first); empty for none.
    /// Shared with RunReplay: two records are the same when these lines are.
    static void recordLine(std::string& out, const RecordView* record);
    static QString recordLine(const RecordView* record);
};

} // namespace eventloom
