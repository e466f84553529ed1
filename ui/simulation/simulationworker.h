#pragma once

#include "batchingobserver.h"
#include "eventstorestate.h"
#include "pendingdelivery.h"
#include "readmodelsstate.h"
#include "runsource.h"
#include "scenario/scenario.h"
#include "workerrecording.h"

#include <QElapsedTimer>
#include <QTimer>
#include <memory>
#include <optional>

namespace eventloom {

class CheckJudge;
class Checkpointer;
class DeliveryChecker;
class Simulation;
class TraceBuffer;

/// Owns and drives the Simulation on the simulation thread. Every public function runs on that
/// thread (the SimulationController queues calls to it); results leave only through the TraceBuffer.
///
/// Playing advances the run in slices of a few milliseconds from a timer, so pause, step and reset
/// queued by the UI are handled between slices. Only Simulation::step and runUntil move the run, so
/// the trace does not depend on pacing, speed or the machine.
class SimulationWorker final : public RunSource {
    Q_OBJECT
public:
    /// Rows handed over and not yet taken by the window, beyond which a playing run waits for it: the
    /// hand-over never holds more than this and the records of one step (the back-pressure of B7, B8
    /// and B10 in docs/benchmarks.md).
    static constexpr std::size_t kMaxPendingRows = 20'000;

    explicit SimulationWorker(std::shared_ptr<TraceBuffer> buffer, QObject* parent = nullptr);
    ~SimulationWorker() override;

    void load(const Scenario& scenario, std::optional<std::uint64_t> seed, std::uint64_t generation);
    /// Rebuilds the run from the loaded scenario and seed.
    void reset(std::uint64_t generation);
    void play();
    void pause();
    /// Runs scheduled items until at least one trace record appears (a single item may trace nothing).
    void stepOnce();
    /// Runs until simulated time `t` (or the end), then pauses.
    void runTo(SimTime t);
    /// Runs until a saga moves (a step starts, succeeds, fails, compensates…) or the run ends, then pauses.
    void runToNextSagaMove();
    /// Simulated seconds per wall second; infinity runs flat out.
    void setSpeed(double speed);
    /// Queues a fault injection into the engine's injection queue to take effect now (the spec's time
    /// becomes the run's current time + 1 µs), so it is traced, recorded and replayed exactly there.
    void inject(InjectionSpec spec);
    /// @name RunSource: the run as it is now (or, while time travelling, as it was)
    ///@{
    bool simulates() const override { return true; }
    void inspect(std::uint32_t seq, std::uint64_t generation) override;
    void judge(std::uint64_t generation) override;
    /// The checker watches the run from its first record. Its report walks every event published so far,
    /// so it is made at most as often as keeps it under about 5 % of the engine thread's time (after one
    /// that took d, none for 20·d; a question in between is answered then), and at once when the run has ended.
    void checkDelivery(std::uint64_t generation) override;
    void serviceState(const QString& name, std::uint64_t generation) override;
    void busState(std::uint64_t generation) override;
    /// The worker also sends them by itself whenever they change (breakpoints are `break`/`unbreak`
    /// injections, and each decision a `resolve`: inject() applies what is asked during a pause at that pause).
    void pendingDeliveries(std::uint64_t generation) override;
    void readModels(const QString& focus, bool rebuild, const QString& key, std::uint64_t generation) override;
    void eventStore(const EventStoreQuery& query, std::uint64_t generation) override;
    /// The past run is a simulation rebuilt from the nearest checkpoint (Checkpointer::seek). Pauses the run.
    void seek(SimTime t, std::uint64_t generation) override;
    ///@}
    /// "Continue from here": a new run (`generation`) of the same scenario and seed with the injections
    /// made from outside up to simulated time `t` — so, the run as it was at `t`, exactly — paused at `t`
    /// for other injections. The old run stays recorded in the archive, to compare with the new one.
    void continueFrom(SimTime t, std::uint64_t generation);
    /// The window took what waited: a run waiting for it (handOverFull()) goes on now, not at its next look.
    void handOverTaken();

Q_SIGNALS:
    /// An injection could not be applied (e.g. an unknown service), with the reason.
    void injectionRefused(const QString& reason);
    /// Recording the run stopped (or could not start); the run goes on. Emitted once per problem.
    void recordingProblem(const QString& message);
    /// An injection from outside was queued into run `generation`, as `--inject` would write it (timed).
    void injected(const QString& spec, std::uint64_t generation);
    /// kMaxPendingRows rows wait for the window and the run waits until it takes them: the window takes
    /// them as soon as it can rather than at its next coalescing tick (B10 in docs/benchmarks.md).
    void handOverFull();
    /// At max speed, rows wait for the window (fewer than kMaxPendingRows): the window takes them as soon as it
    /// has had time for its own events, rather than at its coalescing tick (B7, B10).
    void handOverReady();

private:
    void tick();
    /// Each runs until `room` rows wait for the window (or its slice of wall time is used).
    void runPaced(std::size_t room);
    void runFlatOut(std::size_t room);
    bool canAdvance();
    /// Deliveries wait at a breakpoint: the run cannot move until each is decided on.
    bool waiting();
    void sendPendingIfChanged();
    /// Answers the delivery check asked for, if one was.
    void sendDeliveryVerdicts();
    bool finished() const;
    void finishIfDone();
    void reanchor();
    void flush();
    /// The simulation the state queries read: the past one while time travelling, else the run.
    const Simulation& viewed() const { return m_past ? *m_past : *m_sim; }
    /// Back to the present (the run is about to move): the queries read the run again.
    void leavePast();
    /// Between steps: a checkpoint for time travel, when one is due and affordable.
    void takeCheckpoint();
    /// One step of the run, its checks sampled before it as `eventloom-cli run` samples them.
    bool step();

    std::shared_ptr<TraceBuffer> m_buffer;
    std::optional<Scenario> m_scenario;
    std::optional<std::uint64_t> m_seed;
    std::unique_ptr<Simulation> m_sim;
    std::unique_ptr<Checkpointer> m_checkpoints; ///< forks of the run, for time travel
    std::unique_ptr<Simulation> m_past; ///< the run as it was at the time sought, while time travelling
    QElapsedTimer m_checkpointPace; ///< since the last checkpoint
    qint64 m_checkpointGapMs = 0; ///< wall time to run before the next one may be taken
    std::unique_ptr<BatchingObserver> m_observer;
    std::unique_ptr<DeliveryChecker> m_checker; ///< observes the run from its first record
    /// The scenario's checks, sampled before each step (CheckJudge::beforeStep): its first failures are
    /// the present's; a moment viewed in the past shows those found before it (CheckJudge::verdicts).
    std::unique_ptr<CheckJudge> m_judge;
    QTimer m_checkTimer; ///< answers a delivery check asked for too soon after the last
    QElapsedTimer m_checkPace; ///< since the last delivery report
    qint64 m_checkGapMs = 0; ///< wall time before the next delivery report may be made
    bool m_checkAsked = false;
    ReadModelsState m_readModels;
    WorkerRecording m_recording; ///< every run is recorded into the application's data directory
    std::uint64_t m_generation = 0;
    QTimer m_timer;
    QElapsedTimer m_anchorWall; ///< pacing only: maps wall time to a target simulated time
    SimTime m_anchorSim = 0;
    double m_speed = 1.0;
    bool m_playing = false;
    bool m_heldBack = false; ///< the last tick found kMaxPendingRows waiting and did not move the run
    std::vector<std::uint64_t> m_sentPending; ///< ids of the pending deliveries the UI was last told about
    std::vector<InjectionSpec> m_injected; ///< this run's injections from outside, as queued (timed)
};

} // namespace eventloom
