#pragma once

#include "simulation.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace eventloom {

/// Time travel for a whole run: keeps forks of a running simulation (checkpoints) so that the run
/// as it was at any past moment can be rebuilt quickly — a fork of the nearest checkpoint at or
/// before that moment, run forward to it (snapshots + replay).
///
/// Use: make one for the run, call checkpoint() between steps while the run goes (it takes a fork
/// every `everyRecords` trace records, or every `everyTime` of simulated time, whichever comes first;
/// early in the run also every `1/earlyDivisor` of the records so far), and seek(t) to get a simulation at time t that
/// can be inspected (every panel's state: Simulation::service(i).state(), CheckState::of, the bus's offsets…) or run
/// on: "continue from here" with other injections is seek(t) and then injections into the simulation it returns (its
/// injection queue, or FaultInjector) — the original run is not touched.
///
/// Interactive injections the run took (its injection queue: the window's fault controls) are kept
/// too, as the run traced them, and re-applied by seek to a fork of a checkpoint taken before them —
/// those that took effect at or before t, so the past is the run's and the future is the caller's.
/// checkpoint() picks them up, so call it after every step or batch that may have taken one.
///
/// "At t" means exactly what Simulation::runUntil(t) means on a fresh simulation: every scheduled
/// item due at or before t has run (all of those due at t too) and the clock reads t. seek(t) equals
/// a fresh simulation of the same scenario, seed and injections run with runUntil(t): same
/// fingerprint, counters, trace and state.
///
/// Threads: checkpoint() on the thread that drives the run; seek() from any thread, also while the
/// run goes on (checkpoints, once taken, are never changed; the list is guarded).
class Checkpointer {
public:
    struct Policy {
        std::uint64_t everyRecords = 50'000; ///< trace records between checkpoints (0: not by records)
        SimTime everyTime = 0; ///< simulated time between checkpoints (0: not by time)
        /// Also a checkpoint once the records since the last one reach 1/earlyDivisor of the records so
        /// far (and kEarlyMinRecords), so that early in the run, too, a seek replays a small part of
        /// what a replay from the start would (0: off). A checkpoint costs what changed since the
        /// previous one, so these are small.
        std::uint32_t earlyDivisor = 20;
    };
    static constexpr std::uint64_t kEarlyMinRecords = 1'000;

    /// Takes the first checkpoint of `run` at once (usually before its first step).
    explicit Checkpointer(const Simulation& run, Policy policy);
    explicit Checkpointer(const Simulation& run);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    /// Between steps of `run` (the simulation given to the constructor): takes a checkpoint if one is
    /// due by the policy. Returns true if it took one. Cheap when none is due.
    bool checkpoint(const Simulation& run);
    /// Takes a checkpoint now, due or not. False if `run` cannot be forked (Simulation::fork).
    bool take(const Simulation& run);

    /// A new simulation at time `t` (see above), independent of the run and of the checkpoints.
    /// For a `t` before the first checkpoint's time, a fork of the first one; nullptr only if the
    /// first checkpoint could not be taken.
    std::unique_ptr<Simulation> seek(SimTime t) const;
    /// The checkpoint nearest at or before `t` (a fork of it is where seek starts), or nullptr.
    std::shared_ptr<const Simulation> nearest(SimTime t) const;

    std::size_t count() const;
    /// The times of the checkpoints, in the order taken (non-decreasing).
    std::vector<SimTime> times() const;
    const Policy& policy() const { return m_policy; }

private:
    struct Checkpoint {
        SimTime time = 0;
        std::uint64_t records = 0;
        std::shared_ptr<const Simulation> sim;
    };

    /// Picks up the injections the run took since the last call.
    void collectInjections(const Simulation& run);

    Policy m_policy;
    mutable std::mutex m_mutex;
    std::vector<Checkpoint> m_checkpoints; ///< by time (non-decreasing)
    std::vector<Simulation::TimedInjection> m_injections; ///< every one the run took, in order
    std::uint64_t m_lastRecords = 0;
    SimTime m_lastTime = 0;
};

} // namespace eventloom
