#pragma once

#include "busstate.h"
#include "checkverdicts.h"
#include "deliveryverdicts.h"
#include "eventstorestate.h"
#include "faults/injectionspec.h"
#include "messagedetails.h"
#include "pendingdelivery.h"
#include "readmodelsdescription.h"
#include "scenario/scenario.h"
#include "servicestate.h"
#include "tracebatch.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <memory>
#include <optional>

namespace eventloom {

class RunReview;
class RunSource;
class SimulationWorker;
class TraceBuffer;

/// The UI thread's handle on the simulation thread. Commands are queued to the worker and return at
/// once; trace data comes back through a TraceBuffer and is delivered as one batch per timer tick
/// (~60 per second at most), however fast the run goes. Nothing here ever waits for the worker,
/// except the destructor, which joins the thread after at most one slice.
class SimulationController final : public QObject {
    Q_OBJECT
public:
    explicit SimulationController(QObject* parent = nullptr);
    ~SimulationController() override;

    /// Starts a new run of `scenario`, paused at time 0. `seed` overrides the scenario's seed.
    void load(const Scenario& scenario, std::optional<std::uint64_t> seed);
    void play();
    void pause();
    void step();
    /// Runs to simulated time `t`, paused there.
    void runTo(SimTime t);
    /// Runs until the next saga move, paused there.
    void runToNextSagaMove();
    /// Starts the same scenario and seed again from time 0, paused.
    void reset();
    /// Simulated seconds per wall second; infinity for as fast as possible.
    void setSpeed(double speed);
    /// Queues a fault injection into the run, as a struct (the engine's thread gives it its time and
    /// checks it); it takes effect at the run's current simulated time and is traced, so the run can be
    /// replayed. Returns why it cannot be queued (no run, a run under review), or empty.
    QString inject(const InjectionSpec& spec);
    /// Asks for message `seq`'s details; they come back through inspected().
    void inspect(std::uint32_t seq);
    /// Asks for the scenario's checks judged on the run as it is now; they come back through judged().
    void judgeChecks();
    /// Asks for the delivery checker's verdicts on the run as far as it has gone; they come back through
    /// deliveryChecked().
    void checkDelivery();
    /// Asks for service `name`'s own state now; it comes back through serviceStateReady().
    void requestServiceState(const QString& name);
    /// Asks for the bus now (topics, groups' offsets and lag, dead letters); it comes back through busStateReady().
    void requestBusState();
    /// Asks for the read models now (`focus`'s rows; with `rebuild`, a rebuild from the log compared
    /// with the live table); the answer comes back through readModelsReady().
    void requestReadModels(const QString& focus, bool rebuild = false, const QString& key = {});
    /// Asks for the event stores now (the streams, and the stream `query` names with its aggregate
    /// folded at a version); the answer comes back through eventStoreReady().
    void requestEventStore(const eventloom::EventStoreQuery& query);
    /// Time travel: the state the panels ask for (topics and groups, services' state, read models,
    /// checks) is the run's at simulated time `t` until the run moves again; a negative `t`, or one not
    /// in the past, comes back to the present. Pauses the run. Confirmed by timeTravelled().
    void seek(SimTime t);
    /// "Continue from here": while time travelling, starts a new run that is the old one up to the time
    /// shown (same scenario, seed and injections up to then), paused there; the old run stays recorded.
    /// Emits runStarted(), then the new run's batches from time 0. False if not time travelling.
    bool continueFromHere();
    /// The time the panels' state is about, or -1 for the run as it is.
    SimTime viewTime() const { return m_viewTime; }

    /// @name Delivery breakpoints
    /// Each is an injection (`break`, `unbreak`, `resolve`), so it is traced, recorded and replayed; what
    /// is done while deliveries wait is done right there (`paused=true`). Returns why not, or empty.
    ///@{
    /// Pauses before every delivery to `service`'s consumer groups (empty: to any consumer), or stops
    /// doing so (`on` false; empty: no breakpoint at all any more).
    QString setBreakpoint(const QString& service, bool on);
    /// Decides on held delivery `d`: "deliver", "drop", "duplicate" (`copies` extra) or "delay" (by `delay`).
    QString resolveDelivery(
        const PendingDeliveryInfo& d, const QString& choice, int copies = 1, SimTime delay = 100 * kMillisecond);
    /// Asks for the deliveries waiting now; they come back through pendingDeliveriesChanged(), which the
    /// engine thread also sends by itself whenever they change.
    void requestPendingDeliveries();
    /// The deliveries waiting at a breakpoint, as last reported: while there are any, the run stands still.
    const PendingDeliveries& pendingDeliveries() const { return m_pending; }
    ///@}

    /// @name Review mode
    /// A recorded (or imported) run file read back on the simulation thread (RunReview) and shown as
    /// a run is, without simulating: batches as a live run's, state queries answered from the file.
    ///@{
    /// Opens run file `path`: reviewOpened() and then the trace as batches, or reviewFailed() (the run
    /// shown before stays).
    void review(const QString& path);
    /// Imports an event log from another system into a new run file `output`; importFinished() says how it went.
    void importLog(const QString& input, const QString& output);
    bool isReviewing() const;
    ///@}

    /// Asks the simulation thread to confirm that it has done everything asked of it so far; synced()
    /// follows, once every batch it produced until then has been delivered. Returns the token synced()
    /// will carry. Nothing waits for it: it only tells when the window has caught up (tests use it to
    /// know that nothing else is on its way, rather than waiting for a while).
    std::uint64_t sync();
    /// The injections queued into the run shown from outside its scenario (the window's faults, consumers,
    /// breakpoints), each at the time it was given, as `--inject` reads them; none for a recorded run.
    std::vector<InjectionSpec> injections() const;
    bool hasRun() const { return m_hasRun; }
    bool isPlaying() const { return m_playing; }
    const RunStatus& status() const { return m_status; }

Q_SIGNALS:
    /// A new run began: whatever shows the old one should clear.
    void runStarted();
    /// New rows and status, on the UI thread.
    void batchArrived(const eventloom::TraceBatch& batch);
    void playingChanged(bool playing);
    /// An injection was refused by the engine (e.g. the service has no such operation).
    void injectionRefused(const QString& reason);
    /// Recording the run stopped or could not start (the run goes on unrecorded).
    void recordingProblem(const QString& message);
    /// The details of a message asked for with inspect(), for the run now shown.
    void inspected(std::uint32_t seq, const eventloom::MessageDetails& details);
    /// Verdicts and figures asked for with judgeChecks(), for the run now shown.
    void judged(const eventloom::CheckVerdicts& verdicts);
    /// The delivery checker's verdicts asked for with checkDelivery(), for the run now shown.
    void deliveryChecked(const eventloom::DeliveryVerdicts& verdicts);
    void serviceStateReady(const QString& name, const eventloom::ServiceState& state);
    void busStateReady(const eventloom::BusState& state);
    /// The deliveries waiting at a breakpoint changed (empty: the run is not held).
    void pendingDeliveriesChanged(const eventloom::PendingDeliveries& pending);
    void readModelsReady(const eventloom::ReadModelsDescription& state);
    void eventStoreReady(const eventloom::EventStoreDescription& state);
    /// The state queries now answer about time `t` (-1: the present).
    void timeTravelled(eventloom::SimTime t);
    /// A run file opened for review (RunReview::opened's description); its batches follow.
    void reviewOpened(const QJsonObject& info);
    /// A run file could not be opened or read, with the reason.
    void reviewFailed(const QString& error);
    /// Records of the reviewed run read so far, of `total`.
    void reviewProgress(qint64 done, qint64 total);
    /// An import ended: the run file written, or an error (FILE:LINE: why).
    void importFinished(const QString& runFile, const QString& error);
    /// The answer to sync() `token`: the simulation thread did what was asked before it, and the window
    /// has every batch it produced by then.
    void synced(std::uint64_t token);

private:
    void startGeneration();
    void onBatchReady();
    void deliver();
    /// Delivers at once what the coalescing timer would deliver at its next tick.
    void deliverNow();
    void setPlaying(bool playing);
    /// Passes on `source`'s answers about the run shown; drops those of the other source and of older runs.
    void connectSource(RunSource* source);
    void connectReview();
    /// Queues `call` to the RunReview on the simulation thread.
    template <typename Call>
    void toReview(Call call);
    /// Queues `call` to the source of the run shown, on the simulation thread.
    template <typename Call>
    void toSource(Call call);
    /// The run shown is one the worker simulates (not a recorded one): it can be played, injected into…
    bool simulating() const;

    std::shared_ptr<TraceBuffer> m_buffer;
    QThread m_thread;
    SimulationWorker* m_worker = nullptr; ///< lives on m_thread, deleted there when it finishes
    QTimer m_coalesce;
    QElapsedTimer m_sinceDelivery; ///< wall time since the window took in the last batch (UI pacing only)
    std::uint64_t m_generation = 0;
    RunStatus m_status;
    bool m_hasRun = false;
    bool m_playing = false;
    PendingDeliveries m_pending;
    SimTime m_viewTime = -1;
    RunReview* m_review = nullptr; ///< lives on m_thread beside the worker, deleted there when it finishes
    /// What the run shown can answer: the worker, or the review of a run file. Only its answers pass.
    RunSource* m_source = nullptr;
    std::uint64_t m_syncToken = 0;
    QStringList m_injected; ///< the run shown's injections (SimulationWorker::injected)
    std::uint64_t m_reviewToken = 0; ///< the latest open() asked for: older answers are ignored
};

} // namespace eventloom
