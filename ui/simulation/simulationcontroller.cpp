#include "simulationcontroller.h"

#include "simulationworker.h"
#include "tracebuffer.h"

namespace eventloom {

namespace {
    /// ~60 deliveries per second: fast enough to look live, rare enough that the view repaints cheaply.
    constexpr int kCoalesceMs = 16;
}

SimulationController::SimulationController(QObject* parent)
    : QObject(parent)
    , m_buffer(std::make_shared<TraceBuffer>())
{
    m_thread.setObjectName(QStringLiteral("simulation"));
    m_worker = new SimulationWorker(m_buffer);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SimulationWorker::batchReady, this, &SimulationController::onBatchReady);
    connect(m_worker, &SimulationWorker::injectionRefused, this, &SimulationController::injectionRefused);
    connect(m_worker, &SimulationWorker::recordingProblem, this, &SimulationController::recordingProblem);
    connect(m_worker, &SimulationWorker::inspected, this, [this](std::uint32_t seq, const QJsonObject& details, std::uint64_t generation) {
        if (generation == m_generation)
            Q_EMIT inspected(seq, details);
    });
    connect(m_worker, &SimulationWorker::judged, this, [this](const QJsonArray& verdicts, std::uint64_t generation) {
        if (generation == m_generation)
            Q_EMIT judged(verdicts);
    });
    connect(m_worker, &SimulationWorker::serviceStateReady, this,
        [this](const QString& name, const QJsonObject& state, std::uint64_t generation) {
            if (generation == m_generation)
                Q_EMIT serviceStateReady(name, state);
        });
    connect(m_worker, &SimulationWorker::timeTravelled, this, [this](SimTime t, std::uint64_t generation) {
        if (generation != m_generation)
            return;
        m_viewTime = t;
        Q_EMIT timeTravelled(t);
    });
    connect(m_worker, &SimulationWorker::readModelsReady, this, [this](const QJsonObject& state, std::uint64_t generation) {
        if (generation == m_generation)
            Q_EMIT readModelsReady(state);
    });
    connect(m_worker, &SimulationWorker::eventStoreReady, this, [this](const QJsonObject& state, std::uint64_t generation) {
        if (generation == m_generation)
            Q_EMIT eventStoreReady(state);
    });
    connect(m_worker, &SimulationWorker::busStateReady, this, [this](const QJsonObject& state, std::uint64_t generation) {
        if (generation == m_generation)
            Q_EMIT busStateReady(state);
    });
    qRegisterMetaType<PendingDeliveries>();
    connect(m_worker, &SimulationWorker::pendingDeliveriesChanged, this,
        [this](const PendingDeliveries& pending, std::uint64_t generation) {
            if (generation != m_generation || pending == m_pending)
                return;
            m_pending = pending;
            Q_EMIT pendingDeliveriesChanged(m_pending);
        });
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &SimulationController::deliver);
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
    startGeneration();
    // The scenario is copied into the call: the worker never shares mutable data with the UI thread.
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, scenario, seed, generation = m_generation] { worker->load(scenario, seed, generation); },
        Qt::QueuedConnection);
}

QString SimulationController::inject(const QString& text)
{
    QString error;
    const std::optional<InjectionSpec> spec = InjectionSpec::parse(text, error);
    if (!spec)
        return error;
    if (!m_hasRun)
        return tr("open a scenario first");
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, spec = *spec] { worker->inject(spec); }, Qt::QueuedConnection);
    return {};
}

void SimulationController::inspect(std::uint32_t seq)
{
    if (!m_hasRun)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, seq, generation = m_generation] { worker->inspect(seq, generation); }, Qt::QueuedConnection);
}

void SimulationController::judgeChecks()
{
    if (!m_hasRun)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation = m_generation] { worker->judge(generation); }, Qt::QueuedConnection);
}

void SimulationController::requestServiceState(const QString& name)
{
    if (!m_hasRun)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, name, generation = m_generation] { worker->serviceState(name, generation); }, Qt::QueuedConnection);
}

void SimulationController::seek(SimTime t)
{
    if (!m_hasRun)
        return;
    setPlaying(false);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, t, generation = m_generation] { worker->seek(t, generation); }, Qt::QueuedConnection);
}

void SimulationController::requestReadModels(const QString& focus, bool rebuild, const QString& key)
{
    if (!m_hasRun)
        return;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, focus, rebuild, key, generation = m_generation] { worker->readModels(focus, rebuild, key, generation); },
        Qt::QueuedConnection);
}

void SimulationController::requestEventStore(const EventStoreQuery& query)
{
    if (!m_hasRun)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, query, generation = m_generation] { worker->eventStore(query, generation); },
        Qt::QueuedConnection);
}

void SimulationController::requestBusState()
{
    if (!m_hasRun)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation = m_generation] { worker->busState(generation); }, Qt::QueuedConnection);
}

QString SimulationController::setBreakpoint(const QString& service, bool on)
{
    const QString kind = on ? QStringLiteral("break") : QStringLiteral("unbreak");
    return inject(service.isEmpty() ? kind : kind + QStringLiteral(",service=") + service);
}

QString SimulationController::resolveDelivery(const PendingDeliveryInfo& d, const QString& choice, int copies, SimTime delay)
{
    QString spec = QStringLiteral("resolve,topic=%1,group=%2,partition=%3,offset=%4,choice=%5")
                       .arg(d.topic, d.group)
                       .arg(d.partition)
                       .arg(d.offset)
                       .arg(choice);
    if (choice == QLatin1String("duplicate") && copies != 1)
        spec += QStringLiteral(",copies=%1").arg(copies);
    if (choice == QLatin1String("delay"))
        spec += QStringLiteral(",latency=") + QString::fromStdString(formatDuration(delay));
    return inject(spec);
}

void SimulationController::requestPendingDeliveries()
{
    if (!m_hasRun)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation = m_generation] { worker->pendingDeliveries(generation); }, Qt::QueuedConnection);
}

void SimulationController::play()
{
    if (!m_hasRun || m_status.finished) {
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
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::stepOnce, Qt::QueuedConnection);
}

void SimulationController::runTo(SimTime t)
{
    setPlaying(false);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, t] { worker->runTo(t); }, Qt::QueuedConnection);
}

void SimulationController::runToNextSagaMove()
{
    setPlaying(false);
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::runToNextSagaMove, Qt::QueuedConnection);
}

bool SimulationController::continueFromHere()
{
    if (!m_hasRun || m_viewTime < 0)
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
    if (!m_hasRun)
        return;
    startGeneration();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation = m_generation] { worker->reset(generation); }, Qt::QueuedConnection);
}

void SimulationController::setSpeed(double speed)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, speed] { worker->setSpeed(speed); }, Qt::QueuedConnection);
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
    m_viewTime = -1;
    Q_EMIT runStarted();
    if (wasHeld)
        Q_EMIT pendingDeliveriesChanged(m_pending);
}

void SimulationController::onBatchReady()
{
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void SimulationController::deliver()
{
    TraceBatch batch = m_buffer->take();
    if (batch.generation != m_generation || batch.empty())
        return;
    if (batch.hasStatus)
        m_status = batch.status;
    Q_EMIT batchArrived(batch);
    if (m_status.finished)
        setPlaying(false);
}

void SimulationController::setPlaying(bool playing)
{
    if (m_playing == playing)
        return;
    m_playing = playing;
    Q_EMIT playingChanged(playing);
}

} // namespace eventloom
