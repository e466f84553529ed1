#pragma once

#include "../trace/traceobserver.h"
#include "../trace/tracerecord.h"

#include <QString>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace eventloom {

class EventLog;
class Simulation;

/// Checks a run's trace for what an at-least-once bus promises and what consumers make of it:
///
/// - **lost events**: a group committed past an event of its topic that it never handled, and no
///   `dropped` or `dead-lettered` record explains it (a failure skipped, `onFailure: skip`, is lost). A record
///   a group is blocked on (`onFailure: block`) is not lost: it is still to be handled (unfinished);
/// - **duplicate deliveries**: an event delivered again to a group that had handled it (retries of a failure are not);
/// - **duplicate effects**: `duplicate-effect` records (a non-idempotent consumer repeated an effect);
/// - **non-monotonic offsets**: a group's committed offset on a partition went backwards;
/// - **order violations**: a group handled an event of an entity (a key) after a later one of the same entity:
///   later by the payload's `entityVersion` where the events carry one, by offset otherwise.
///
/// Records a topic's retention deleted before a group fetched them are **expired before read**, a
/// category of their own: the bus never offered them to the group, so they are not lost by it.
///
/// Each finding keeps its first offending records, so a failure reads as a counterexample. It runs
/// on a finished trace (check()) or as an observer of a running simulation (then report(), at any point).
///
/// It streams: per group and partition it keeps a frontier of what it has settled and the few offsets
/// out of order around it, not a copy of every record (DeliveryChecker::State), and counts the
/// unsettled ones when asked. What it holds grows with what is in flight and what went wrong, plus 12
/// bytes per published record to find a finding's example again (heldEntries(), heldBytes()).
class DeliveryChecker final : public TraceObserver {
public:
    struct Finding {
        std::uint64_t count = 0;
        std::vector<TraceRecord> first; ///< up to kExamples offending records, in trace order
        /// Where each of `first` is in the trace: how many records came before it (a lost event: its
        /// `published` record), so a window can point at the very record.
        std::vector<std::uint64_t> positions;

        /// Counts `r` (at trace position `position`), and keeps it if it is among the first kExamples.
        void note(const TraceRecord& r, std::uint64_t position);
    };
    struct Report {
        Finding lost;
        Finding duplicateDeliveries;
        Finding duplicateEffects;
        Finding nonMonotonicOffsets;
        Finding orderViolations;
        /// Not a finding of its own: events a group reads that it had neither handled nor skipped past
        /// when the trace ended (still to deliver, in flight, delayed, held). Not lost — yet; the
        /// `no lost events` check says how many there were and why the run stopped with them.
        Finding unfinished;
        /// Not a finding either: events of a group's topic that retention deleted before the group read
        /// them (it started, or was reset, past them; or it fell behind the log start). Told in the
        /// `no lost events` check's detail.
        Finding expired;
    };
    struct Check {
        QString name;
        bool passed = false;
        QString detail;
        bool guarantee = false; ///< a broken bus guarantee (lost, offsets), not a consumer's choice
    };
    static constexpr std::size_t kExamples = 3;
    /// True if a `handled` record with this outcome settles its event for the group: handled, skipped as a
    /// duplicate or another tenant's, or rejected — anything but a failure.
    static bool settles(HandleOutcome outcome);

    /// Checks a whole trace; `log` resolves the events' keys.
    static Report check(std::span<const TraceRecord> trace, const EventLog& log);

    DeliveryChecker();
    ~DeliveryChecker() override;
    void onTrace(const TraceRecord& record, const Simulation& sim) override;
    /// The report on everything observed so far.
    Report report() const;
    /// What it holds per group and partition: ranges of offsets and, where events carry an `entityVersion`,
    /// keys. About the same whatever the run's length once nothing is in flight and nothing went wrong.
    std::size_t heldEntries() const;
    /// Everything it holds, in bytes: the entries and the `published` records' index (PublishedIndex).
    std::size_t heldBytes() const;
    /// The findings as the CLI summary's checks, with readable first offenders. Events still unfinished
    /// when the run stopped are told in `no lost events`' detail with the reason it stopped (its time
    /// limit, a breakpoint); if it stopped because nothing was left to run, they can never be handled:
    /// they are lost, and the check fails. `stopped` says why a run that was not quiet stopped ("at its
    /// time limit, 2.000s"); empty: the run's own state tells.
    static std::vector<Check> checks(const Report& report, const Simulation& sim, const QString& stopped = {});
    /// One offending record as the checks quote it: "t=1200us group=billing orders.events[1]@57 OrderPlaced key=o-7".
    static QString describe(const TraceRecord& record, const Simulation& sim);
    /// True if the events still unfinished when the run stopped can never be handled (nothing is left to
    /// run): `no lost events` counts them as lost.
    static bool unfinishedAreLost(const Report& report, const Simulation& sim);
    /// The partitions groups are blocked on now (`onFailure: block`), as "notification on orders.events[1]@57":
    /// each reads a record it fails on again without end, and what is behind it waits.
    static QStringList blocked(const Simulation& sim);
    /// The names of the checks that are bus guarantees (`Check::guarantee`): a lesson variant that breaks
    /// one on purpose (a consumer told to skip what it cannot handle loses it) names it among its `fails`.
    static constexpr const char* kNoLostEvents = "delivery: no lost events";
    static constexpr const char* kMonotonicOffsets = "delivery: offsets monotonic per group and partition";

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace eventloom
