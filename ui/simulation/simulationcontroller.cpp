#include "simulationcontroller.h"

#include "runreview.h"
#include "simulationworker.h"
#include "tracebuffer.h"

namespace eventloom {

namespace {
/// ~60 deliveries per second: fast enough to look live, rare enough that the view repaints cheaply.
constexpr int kCoalesceMs = 16;
/// At max speed, the least time between the window's taking in one batch and taking the next: its own
/// events (paints, input) come in between (B7, B10).
constexpr qint64 kFullGapMs = 4;
}

SimulationController::SimulationController(QObject* parent)
    : QObject(parent)
    , m_buffer(std::make_shared<TraceBuffer>())
{
    m_thread.setObjectName(QStringLiteral("simulation"));
    m_worker = new SimulationWorker(m_buffer);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SimulationWorker::injectionRefused, this, &SimulationController::injectionRefused);
    connect(m_worker, &SimulationWorker::recordingProblem, this, &SimulationController::recordingProblem);
    // The run waits for the window, or plays flat out: take what waits as soon as the window has had a few
    // milliseconds for its own events (paints, input) since it took in the last batch, rather than at the
    // end of the coalescing.
    const auto takeSoon = [this] {
        const qint64 since = m_sinceDelivery.isValid() ? m_sinceDelivery.elapsed() : kFullGapMs;
        if (since >= kFullGapMs) {
            m_coalesce.stop();
            deliver();
        } else if (!m_coalesce.isActive() || m_coalesce.remainingTime() > kFullGapMs - since) {
            m_coalesce.start(static_cast<int>(kFullGapMs - since));
        }
    };
    connect(m_worker, &SimulationWorker::handOverFull, this, takeSoon);
    connect(m_worker, &SimulationWorker::handOverReady, this, takeSoon);
    connect(m_worker, &SimulationWorker::injected, this, [this](const QString& spec, std::uint64_t generation) {
        if (generation == m_generation)
            m_injected << spec;
    });
    m_source = m_worker;
    qRegisterMetaType<PendingDeliveries>();
    qRegisterMetaType<CheckVerdicts>();
    qRegisterMetaType<DeliveryVerdicts>();
    qRegisterMetaType<BusState>();
    qRegisterMetaType<MessageDetails>();
    qRegisterMetaType<ReadModelsDescription>();
    qRegisterMetaType<EventStoreDescription>();
    qRegisterMetaType<ServiceState>();
    connectSource(m_worker);
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &SimulationController::deliver);
    connectReview();
    m_thread.start();
}

SimulationController::~SimulationController()
{
    // The worker finishes its current slice (a few ms) and is deleted on its own thread.
    m_thread.quit();
    m_thread.wait();
}

void SimulationController::load(const Scenario& scenario, std::optional<std::uint64_t> seed)
{
    m_hasRun = true;
    if (m_source != m_worker) {
        m_source = m_worker;
        toReview([review = m_review] { review->close(); });
    }
    startGeneration();
    // The scenario is copied into the call: the worker never shares mutable data with the UI thread.
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, scenario, seed, generation = m_generation] { worker->load(scenario, seed, generation); },
        Qt::QueuedConnection);
}

QString SimulationController::inject(const InjectionSpec& spec)
{
    if (!m_hasRun)
        return tr("open a scenario first");
    if (!simulating())
        return tr("a recorded run under review is not simulated: re-simulate it to inject faults");
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, spec] { worker->inject(spec); }, Qt::QueuedConnection);
    return {};
}

std::vector<InjectionSpec> SimulationController::injections() const
{
    std::vector<InjectionSpec> specs;
    if (!simulating())
        return specs;
    for (const QString& text : m_injected) {
        QString error;
        if (auto spec = InjectionSpec::parse(text, error))
            specs.push_back(*spec);
    }
    return specs;
}

void SimulationController::inspect(std::uint32_t seq)
{
    if (!m_hasRun)
        return;
    toSource([source = m_source, seq, generation = m_generation] { source->inspect(seq, generation); });
}

void SimulationController::judgeChecks()
{
    if (!m_hasRun)
        return;
    toSource([source = m_source, generation = m_generation] { source->judge(generation); });
}

void SimulationController::checkDelivery()
{
    if (!m_hasRun)
        return;
    toSource([source = m_source, generation = m_generation] { source->checkDelivery(generation); });
}

void SimulationController::requestServiceState(const QString& name)
{
    if (!m_hasRun)
        return;
    toSource([source = m_source, name, generation = m_generation] { source->serviceState(name, generation); });
}

void SimulationController::seek(SimTime t)
{
    if (!m_hasRun)
        return;
    setPlaying(false);
    toSource([source = m_source, t, generation = m_generation] { source->seek(t, generation); });
}

void SimulationController::requestReadModels(const QString& focus, bool rebuild, const QString& key)
{
    if (!m_hasRun)
        return;
    toSource([source = m_source, focus, rebuild, key, generation = m_generation] {
        source->readModels(focus, rebuild, key, generation);
    });
}

void SimulationController::requestEventStore(const EventStoreQuery& query)
{
    if (!m_hasRun)
        return;
    toSource([source = m_source, query, generation = m_generation] { source->eventStore(query, generation); });
}

void SimulationController::requestBusState()
{
    if (!m_hasRun)
        return;
    toSource([source = m_source, generation = m_generation] { source->busState(generation); });
}

QString SimulationController::setBreakpoint(const QString& service, bool on)
{
    return inject(on ? InjectionSpec::breakAt(service) : InjectionSpec::unbreak(service));
}

QString SimulationController::resolveDelivery(
    const PendingDeliveryInfo& d, const QString& choice, int copies, SimTime delay)
{
    InjectionSpec spec = InjectionSpec::resolve(d.topic, d.group, d.partition, d.offset, choice);
    if (choice == QLatin1String("duplicate") && copies != 1)
        spec.withCopies(copies);
    if (choice == QLatin1String("delay"))
        spec.withLatency(delay);
    return inject(spec);
}

void SimulationController::requestPendingDeliveries()
{
    if (!m_hasRun)
        return;
    toSource([source = m_source, generation = m_generation] { source->pendingDeliveries(generation); });
}

void SimulationController::play()
{
    if (!m_hasRun || m_status.finished || !simulating()) {
        setPlaying(false);
        return;
    }
    setPlaying(true);
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::play, Qt::QueuedConnection);
}

void SimulationController::pause()
{
    setPlaying(false);
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::pause, Qt::QueuedConnection);
}

void SimulationController::step()
{
    setPlaying(false);
    if (!simulating())
        return;
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::stepOnce, Qt::QueuedConnection);
}

void SimulationController::runTo(SimTime t)
{
    setPlaying(false);
    if (!simulating())
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, t] { worker->runTo(t); }, Qt::QueuedConnection);
}

void SimulationController::runToNextSagaMove()
{
    setPlaying(false);
    if (!simulating())
        return;
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::runToNextSagaMove, Qt::QueuedConnection);
}

bool SimulationController::continueFromHere()
{
    if (!m_hasRun || m_viewTime < 0 || !simulating()) // a recorded run has no engine to fork: re-simulate it first
        return false;
    const SimTime t = m_viewTime;
    startGeneration();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, t, generation = m_generation] { worker->continueFrom(t, generation); },
        Qt::QueuedConnection);
    return true;
}

void SimulationController::reset()
{
    if (!m_hasRun || !simulating())
        return;
    startGeneration();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation = m_generation] { worker->reset(generation); }, Qt::QueuedConnection);
}

void SimulationController::setSpeed(double speed)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, speed] { worker->setSpeed(speed); }, Qt::QueuedConnection);
}

void SimulationController::startGeneration()
{
    setPlaying(false);
    ++m_generation;
    // From here on the buffer refuses the old run's batches, even ones the worker is producing right now.
    m_buffer->restart(m_generation);
    m_status = RunStatus();
    const bool wasHeld = !m_pending.isEmpty();
    m_pending.clear();
    m_injected.clear();
    m_viewTime = -1;
    Q_EMIT runStarted();
    if (wasHeld)
        Q_EMIT pendingDeliveriesChanged(m_pending);
}

std::uint64_t SimulationController::sync()
{
    const std::uint64_t token = ++m_syncToken;
    // Round trip through the simulation thread's queue: the answer comes after everything asked before,
    // and after every batch the engine produced by then (their batchReady() are queued ahead of it).
    QMetaObject::invokeMethod(
        m_worker,
        [this, token] {
            QMetaObject::invokeMethod(
                this,
                [this, token] {
                    deliverNow();
                    Q_EMIT synced(token);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return token;
}

void SimulationController::deliverNow()
{
    if (!m_coalesce.isActive())
        return;
    m_coalesce.stop();
    deliver();
}

void SimulationController::onBatchReady()
{
    if (!m_coalesce.isActive())
        m_coalesce.start(kCoalesceMs);
}

void SimulationController::deliver()
{
    TraceBatch batch = m_buffer->take();
    // A run held back by a full hand-over goes on now, on its own thread, while the window takes in this batch.
    if (batch.rows.size() >= SimulationWorker::kMaxPendingRows)
        QMetaObject::invokeMethod(m_worker, &SimulationWorker::handOverTaken, Qt::QueuedConnection);
    if (batch.generation != m_generation || batch.empty()) {
        m_sinceDelivery.start();
        return;
    }
    if (batch.hasStatus)
        m_status = batch.status;
    Q_EMIT batchArrived(batch);
    m_sinceDelivery.start(); // the gap before the next batch starts once this one is in
    if (m_status.finished)
        setPlaying(false);
}

template <typename Call>
void SimulationController::toReview(Call call)
{
    QMetaObject::invokeMethod(m_review, std::move(call), Qt::QueuedConnection);
}

template <typename Call>
void SimulationController::toSource(Call call)
{
    QMetaObject::invokeMethod(m_source, std::move(call), Qt::QueuedConnection);
}

bool SimulationController::isReviewing() const
{
    return m_source == m_review;
}

bool SimulationController::simulating() const
{
    return m_source->simulates();
}

void SimulationController::connectSource(RunSource* source)
{
    connect(source, &RunSource::batchReady, this, &SimulationController::onBatchReady);
    // An answer about the run shown: asked of this source, for this generation.
    const auto current
        = [this, source](std::uint64_t generation) { return source == m_source && generation == m_generation; };
    connect(source, &RunSource::inspected, this,
        [this, current](std::uint32_t seq, const MessageDetails& details, std::uint64_t generation) {
            if (current(generation))
                Q_EMIT inspected(seq, details);
        });
    connect(source, &RunSource::judged, this, [this, current](const CheckVerdicts& verdicts, std::uint64_t generation) {
        if (current(generation))
            Q_EMIT judged(verdicts);
    });
    connect(source, &RunSource::deliveryChecked, this,
        [this, current](const DeliveryVerdicts& verdicts, std::uint64_t generation) {
            if (current(generation))
                Q_EMIT deliveryChecked(verdicts);
        });
    connect(source, &RunSource::serviceStateReady, this,
        [this, current](const QString& name, const ServiceState& state, std::uint64_t generation) {
            if (current(generation))
                Q_EMIT serviceStateReady(name, state);
        });
    connect(source, &RunSource::busStateReady, this, [this, current](const BusState& state, std::uint64_t generation) {
        if (current(generation))
            Q_EMIT busStateReady(state);
    });
    connect(source, &RunSource::readModelsReady, this,
        [this, current](const ReadModelsDescription& state, std::uint64_t generation) {
            if (current(generation))
                Q_EMIT readModelsReady(state);
        });
    connect(source, &RunSource::eventStoreReady, this,
        [this, current](const EventStoreDescription& state, std::uint64_t generation) {
            if (current(generation))
                Q_EMIT eventStoreReady(state);
        });
    connect(source, &RunSource::timeTravelled, this, [this, current](SimTime t, std::uint64_t generation) {
        if (!current(generation))
            return;
        m_viewTime = t;
        Q_EMIT timeTravelled(t);
    });
    connect(source, &RunSource::pendingDeliveriesChanged, this,
        [this, current](const PendingDeliveries& pending, std::uint64_t generation) {
            if (!current(generation) || pending == m_pending)
                return;
            // The engine sent the batch that brought the run here before this news (flush() appends, then
            // reports what waits): show it first, so the window never says "held" beside an older time.
            deliverNow();
            m_pending = pending;
            Q_EMIT pendingDeliveriesChanged(m_pending);
        });
}

void SimulationController::connectReview()
{
    m_review = new RunReview(m_buffer);
    m_review->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_review, &QObject::deleteLater);
    connect(m_review, &RunReview::opened, this, [this](const QJsonObject& info, std::uint64_t token) {
        if (token != m_reviewToken)
            return;
        // The window takes the recorded scenario first, so that the panels cleared for the new run set
        // themselves up for it; then the file streams in as a run does.
        m_source = m_review;
        m_hasRun = true;
        QMetaObject::invokeMethod(m_worker, &SimulationWorker::pause, Qt::QueuedConnection);
        Q_EMIT reviewOpened(info);
        startGeneration();
        toReview([review = m_review, generation = m_generation] { review->stream(generation); });
    });
    connect(m_review, &RunReview::failed, this, [this](const QString& error, std::uint64_t token) {
        if (token == m_reviewToken || (token == 0 && isReviewing()))
            Q_EMIT reviewFailed(error);
    });
    connect(m_review, &RunReview::progress, this, [this](qint64 done, qint64 total, std::uint64_t generation) {
        if (generation == m_generation && isReviewing())
            Q_EMIT reviewProgress(done, total);
    });
    connect(m_review, &RunReview::imported, this,
        [this](const QString& output, const QString& error, qint64) { Q_EMIT importFinished(output, error); });
    connectSource(m_review);
}

void SimulationController::review(const QString& path)
{
    const std::uint64_t token = ++m_reviewToken;
    toReview([review = m_review, path, token] { review->open(path, token); });
}

void SimulationController::importLog(const QString& input, const QString& output)
{
    toReview([review = m_review, input, output] { review->importLog(input, output); });
}

void SimulationController::setPlaying(bool playing)
{
    if (m_playing == playing)
        return;
    m_playing = playing;
    Q_EMIT playingChanged(playing);
}

} // namespace eventloom
