#include "simulationworker.h"

#include "sim/checkpoints.h"

#include "bus/eventlog.h"
#include "check/deliverychecker.h"
#include "faults/faultengine.h"
#include "faults/faultinjector.h"
#include "lessons/checkjudge.h"
#include "lessons/lessonfigures.h"
#include "scenario/scenariobuilder.h"
#include "sim/simulation.h"
#include "tracebuffer.h"

#include <algorithm>
#include <cmath>

namespace eventloom {

namespace {
/// Wall time one slice may take before the worker returns to its event loop.
constexpr qint64 kSliceNs = 8'000'000;
/// Pause between paced slices; the sleep that lets paced runs idle the CPU.
constexpr int kPacedIntervalMs = 4;
/// Between looks while deliveries wait at a breakpoint: the run cannot move, so there is no hurry.
constexpr int kWaitingIntervalMs = 50;
/// How many steps run between looks at the wall clock.
constexpr int kStepsPerClockCheck = 256;
/// A step that traces nothing is rare; this only guards against a run that never traces again.
constexpr int kMaxSilentSteps = 1'000'000;
}

SimulationWorker::SimulationWorker(std::shared_ptr<TraceBuffer> buffer, QObject* parent)
    : RunSource(parent)
    , m_buffer(std::move(buffer))
    , m_checkTimer(this) // children move to the simulation thread with the worker
    , m_timer(this)
{
    connect(&m_timer, &QTimer::timeout, this, &SimulationWorker::tick);
    m_checkTimer.setSingleShot(true);
    connect(&m_checkTimer, &QTimer::timeout, this, &SimulationWorker::sendDeliveryVerdicts);
}

SimulationWorker::~SimulationWorker()
{
    if (m_sim)
        m_recording.stop(*m_sim);
    if (m_sim && m_observer)
        m_sim->removeObserver(m_observer.get());
    if (m_sim && m_checker)
        m_sim->removeObserver(m_checker.get());
}

void SimulationWorker::load(const Scenario& scenario, std::optional<std::uint64_t> seed, std::uint64_t generation)
{
    m_scenario = scenario;
    m_seed = seed;
    reset(generation);
}

void SimulationWorker::reset(std::uint64_t generation)
{
    pause();
    m_generation = generation;
    if (m_sim)
        m_recording.stop(*m_sim);
    m_observer.reset();
    m_checker.reset();
    m_judge.reset();
    m_checkTimer.stop();
    m_checkAsked = false;
    m_checkGapMs = 0;
    m_past.reset();
    m_checkpoints.reset();
    m_sim.reset();
    m_sentPending.clear();
    m_injected.clear();
    m_readModels.reset();
    if (!m_scenario)
        return;
    m_sim = ScenarioBuilder::build(*m_scenario, m_seed);
    m_checkpoints = std::make_unique<Checkpointer>(*m_sim);
    m_checkpointPace.start();
    m_checkpointGapMs = 0;
    m_observer = std::make_unique<BatchingObserver>(*m_sim);
    m_sim->addObserver(m_observer.get());
    m_checker = std::make_unique<DeliveryChecker>(); // as `eventloom-cli run` attaches it: the same findings
    m_sim->addObserver(m_checker.get());
    m_judge = std::make_unique<CheckJudge>(m_scenario->checks, m_scenario->until);
    m_recording.start(*m_scenario, *m_sim);
    flush(); // the UI learns the seed and the empty state right away
}

void SimulationWorker::play()
{
    if (!m_sim || m_playing)
        return;
    leavePast();
    if (finished()) {
        flush(); // tells the UI again that there is nothing left, so it can untoggle Play
        return;
    }
    m_playing = true;
    reanchor();
    m_timer.start(std::isinf(m_speed) ? 0 : kPacedIntervalMs);
}

void SimulationWorker::pause()
{
    m_playing = false;
    m_timer.stop();
}

void SimulationWorker::stepOnce()
{
    pause();
    if (!m_sim)
        return;
    leavePast();
    const std::uint64_t before = m_sim->counters().records;
    for (int i = 0; i < kMaxSilentSteps && m_sim->counters().records == before && canAdvance(); ++i)
        step();
    finishIfDone();
    flush();
}

void SimulationWorker::runTo(SimTime t)
{
    pause();
    if (!m_sim)
        return;
    leavePast();
    const SimTime limit = m_scenario->until > 0 ? std::min(t, m_scenario->until) : t;
    m_sim->start(); // its first items are there to be stepped through (and judged), not run by runUntil
    while (canAdvance() && m_sim->nextMoveTime() <= limit)
        step();
    if (m_sim->now() < limit && !finished())
        m_sim->runUntil(limit);
    finishIfDone();
    flush();
}

void SimulationWorker::runToNextSagaMove()
{
    pause();
    if (!m_sim || !m_observer)
        return;
    leavePast();
    // The moves of one instant come together: stop after the whole step that made the first one.
    const std::uint64_t before = m_observer->sagaMoves();
    for (std::uint64_t i = 0; i < 10'000'000 && m_observer->sagaMoves() == before && canAdvance(); ++i)
        step();
    finishIfDone();
    flush();
}

void SimulationWorker::setSpeed(double speed)
{
    m_speed = speed > 0 ? speed : 1.0;
    if (m_playing) {
        reanchor();
        m_timer.start(std::isinf(m_speed) ? 0 : kPacedIntervalMs);
    }
}

void SimulationWorker::tick()
{
    if (!m_sim || !m_playing) {
        m_timer.stop();
        return;
    }
    if (waiting()) {
        // Held at a breakpoint: nothing moves until a decision comes (inject()); look again now and then.
        reanchor();
        m_timer.setInterval(kWaitingIntervalMs);
        flush();
        return;
    }
    m_timer.setInterval(std::isinf(m_speed) ? 0 : kPacedIntervalMs);
    const std::size_t waitingRows = m_buffer->pendingRows();
    m_heldBack = waitingRows >= kMaxPendingRows;
    if (m_heldBack) {
        // Back-pressure: the window has not taken what is waiting yet. Max speed means as fast as the
        // window can follow — a bounded hand-over, so that no batch is bigger than it takes in between
        // two frames (B7) and memory does not grow with how far the engine could run ahead (B8). The
        // trace does not depend on it: only when the run moves does.
        m_timer.setInterval(1);
        if (!std::isinf(m_speed))
            reanchor(); // a paced run plays on from here rather than chase the wall clock
        return;
    }
    const std::size_t room = kMaxPendingRows - waitingRows;
    if (std::isinf(m_speed))
        runFlatOut(room);
    else
        runPaced(room);
    finishIfDone();
    if (finished())
        pause();
    flush();
}

void SimulationWorker::handOverTaken()
{
    // Waiting for the window, the run looks again every millisecond; told, it goes on at once, while the
    // window takes in the rows it just took (the two threads overlap: B10).
    if (m_heldBack && m_playing && m_sim)
        tick();
}

void SimulationWorker::runFlatOut(std::size_t room)
{
    QElapsedTimer slice;
    slice.start();
    while (canAdvance() && m_observer->pendingRows() < room && slice.nsecsElapsed() < kSliceNs) {
        for (int i = 0; i < kStepsPerClockCheck && canAdvance() && m_observer->pendingRows() < room; ++i)
            step();
    }
}

void SimulationWorker::runPaced(std::size_t room)
{
    if (waiting()) {
        reanchor(); // the time spent deciding is not made up for afterwards
        return;
    }
    const double advance = m_speed * static_cast<double>(m_anchorWall.nsecsElapsed()) / 1000.0;
    SimTime target = m_anchorSim + static_cast<SimTime>(std::min(advance, 1e15));
    if (m_scenario->until > 0)
        target = std::min(target, m_scenario->until);

    QElapsedTimer slice;
    slice.start();
    int steps = 0;
    while (canAdvance() && m_sim->nextMoveTime() <= target) {
        if (!step() && waiting())
            return; // stopped at a breakpoint
        if (m_observer->pendingRows() >= room
            || (++steps % kStepsPerClockCheck == 0 && slice.nsecsElapsed() >= kSliceNs)) {
            // Too much to show at this speed: play on from here rather than chase the wall clock forever.
            reanchor();
            return;
        }
    }
    // Nothing is due before target: this only moves the clock (not past the end). Held at a breakpoint, not
    // even that: an injection queued meanwhile is stepped in once the hold is decided, never applied here.
    if (!finished() && !waiting())
        m_sim->runUntil(target);
}

bool SimulationWorker::waiting()
{
    return m_sim && m_sim->faultEngine() && m_sim->faults().waiting();
}

bool SimulationWorker::canAdvance()
{
    // An injection queued after the end still moves the run (nextMoveTime), as it does in the CLI's run.
    if (m_sim->reachedMessageLimit() || waiting())
        return false;
    const SimTime next = m_sim->nextMoveTime();
    if (next < 0)
        return !m_sim->idle(); // not started yet: starting schedules what it runs
    return m_scenario->until <= 0 || next <= m_scenario->until;
}

void SimulationWorker::inject(InjectionSpec spec)
{
    if (!m_sim)
        return;
    const bool atPause = waiting();
    if (const QString refused = FaultInjector::check(spec, *m_sim); !refused.isEmpty()) {
        Q_EMIT injectionRefused(refused);
        return;
    }
    // Through the engine's injection queue: it takes effect just after everything that already ran
    // (at now + 1 µs, before anything scheduled later), which is exactly where a replay that schedules
    // the traced spec before the run puts it — so the recorded run replays record for record. While
    // deliveries wait at a breakpoint it is done right there (paused=true), and a replay does it there too.
    // A spec that names a later time (`fail-payment@5s` typed at 2 s) waits for it, as in a scenario file.
    const bool later = !atPause && spec.timed && spec.at > m_sim->now();
    if (later)
        spec.setAt(spec.at);
    else
        spec = FaultInjector::timedNow(std::move(spec), *m_sim);
    const SimTime at = spec.at;
    m_sim->injectionQueue().enqueue(spec);
    m_recording.declareInjection(spec);
    m_injected.push_back(spec);
    Q_EMIT injected(spec.text(), m_generation);
    if (later)
        return; // queued for its time: the run meets it when it gets there
    if (atPause) {
        m_sim->step(); // applies it at once: the next thing asked knows whether the run still waits
        if (m_playing)
            reanchor();
        else
            finishIfDone();
        flush();
        return;
    }
    // Paused runs show it at once: run to the moment it takes effect (the injection itself included).
    // A run that ended because nothing was left to do (no `until`) takes one too — republishing a dead
    // letter after the end — and can then be played on; the run file was already closed, though.
    const bool endedIdle = finished() && m_scenario->until <= 0;
    if (!m_playing && (!finished() || endedIdle)) {
        // Step by step, the injection included: each move after the sample it reaches, as in the CLI's run.
        while (canAdvance() && m_sim->nextMoveTime() <= at)
            step();
        m_sim->runUntil(at);
        flush();
    }
}

void SimulationWorker::judge(std::uint64_t generation)
{
    if (!m_sim || !m_scenario || generation != m_generation)
        return;
    CheckVerdicts verdicts;
    // The `always` checks' first failures as the run had found them at the moment viewed.
    verdicts.verdicts = m_judge->verdicts(viewed(), m_past ? m_past->now() : kMaxSimTime);
    verdicts.ended = finished() && !waiting() && !m_past;
    // At time 0 every counter is 0: a figure then would be a number the run has not produced.
    const bool moved = viewed().now() > 0;
    const std::vector<LessonFigure> none;
    const std::vector<LessonFigure>& figures = m_scenario->lesson ? m_scenario->lesson->figures : none;
    verdicts.figures = moved ? LessonFigures::evaluate(figures, viewed()) : QJsonObject();
    // The end of the run, even while an earlier moment is viewed: an estimate is about the whole run.
    verdicts.endFigures = finished() && !waiting()
        ? (m_past ? LessonFigures::evaluate(figures, *m_sim) : verdicts.figures)
        : QJsonObject();
    Q_EMIT judged(verdicts, generation);
}

void SimulationWorker::checkDelivery(std::uint64_t generation)
{
    if (!m_sim || !m_checker || generation != m_generation)
        return;
    m_checkAsked = true;
    const qint64 wait = m_checkGapMs - m_checkPace.elapsed();
    if (wait > 0 && !finished()) {
        if (!m_checkTimer.isActive())
            m_checkTimer.start(static_cast<int>(std::min<qint64>(wait, 5000)));
        return;
    }
    sendDeliveryVerdicts();
}

void SimulationWorker::sendDeliveryVerdicts()
{
    if (!m_checkAsked || !m_sim || !m_checker)
        return;
    m_checkAsked = false;
    m_checkTimer.stop();
    QElapsedTimer took;
    took.start();
    const bool ended = finished() && !waiting();
    // As the CLI says why a bounded run stopped with deliveries still to make.
    const QString stopped = ended && m_scenario->until > 0
        ? QStringLiteral("at its time limit, %1").arg(QString::fromStdString(formatDuration(m_scenario->until)))
        : QString();
    const DeliveryVerdicts verdicts = DeliveryVerdicts::of(m_checker->report(), *m_sim, ended, stopped);
    m_checkGapMs = 20 * took.elapsed();
    m_checkPace.start();
    Q_EMIT deliveryChecked(verdicts, m_generation);
}

void SimulationWorker::serviceState(const QString& name, std::uint64_t generation)
{
    if (!m_sim || generation != m_generation)
        return;
    const QByteArray id = name.toUtf8();
    const std::uint16_t index
        = viewed().findService(std::string_view(id.constData(), static_cast<std::size_t>(id.size())));
    if (index >= viewed().serviceCount())
        return;
    ServiceState state;
    state.document = viewed().service(index).state();
    state.up = viewed().serviceUp(index);
    state.instances = viewed().instanceCount(index);
    Q_EMIT serviceStateReady(name, state, generation);
}

void SimulationWorker::busState(std::uint64_t generation)
{
    if (!m_sim || generation != m_generation)
        return;
    const EventLog& log = viewed().log();
    const EventBus& bus = viewed().bus();
    const auto text = [&](Atom atom) {
        const std::string_view s = log.text(atom);
        return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    };
    BusState state;
    for (std::size_t t = 0; t < bus.topicCount(); ++t) {
        const Topic& topic = bus.topic(static_cast<std::uint16_t>(t));
        BusState::Topic& shown = state.topics.emplace_back();
        shown.name = text(topic.name);
        for (std::size_t p = 0; p < topic.logs.size(); ++p) {
            shown.ends.push_back(static_cast<qint64>(topic.logs[p].size()));
            shown.logStarts.push_back(static_cast<qint64>(topic.logStart[p]));
        }
    }
    for (std::size_t g = 0; g < bus.groupCount(); ++g) {
        const ConsumerGroup& group = bus.group(static_cast<std::uint16_t>(g));
        BusState::Group& shown = state.groups.emplace_back();
        shown.name = text(group.name);
        shown.topic = text(bus.topic(group.topic).name);
        const std::string_view service = viewed().serviceName(group.service);
        shown.service = QString::fromUtf8(service.data(), static_cast<qsizetype>(service.size()));
        shown.instances = viewed().instanceCount(group.service);
        shown.detached = group.detached;
        for (std::size_t p = 0; p < group.partitions.size(); ++p)
            shown.partitions.push_back({ static_cast<qint64>(group.partitions[p].committed),
                static_cast<qint64>(bus.lag(static_cast<std::uint16_t>(g), static_cast<std::int32_t>(p))),
                group.partitions[p].owner });
    }
    const auto& dead = viewed().deadLetters();
    for (std::size_t i = dead.size() > BusState::kMaxDeadLetters ? dead.size() - BusState::kMaxDeadLetters : 0;
         i < dead.size(); ++i) {
        const EventBus::DeadLetter& letter = dead[i];
        const Event& e = log.at(letter.message);
        state.deadLetters.push_back({ static_cast<qint64>(i), text(bus.topic(e.topic).name), text(e.type), e.partition,
            static_cast<qint64>(e.offset), text(bus.group(letter.group).name), letter.attempts, text(letter.reason),
            letter.t, text(e.correlation), log.payloadJson(e) });
    }
    Q_EMIT busStateReady(state, generation);
}

void SimulationWorker::pendingDeliveries(std::uint64_t generation)
{
    if (!m_sim || generation != m_generation)
        return;
    m_sentPending.clear();
    m_sentPending.push_back(0); // differs from any list: sent whatever it holds
    sendPendingIfChanged();
}

void SimulationWorker::sendPendingIfChanged()
{
    waiting(); // forgets held deliveries whose consumer went away
    const FaultEngine* faults = m_sim->faultEngine();
    static const std::vector<FaultEngine::PendingDelivery> kNone;
    const auto& pending = faults ? faults->pending() : kNone;
    if (pending.size() == m_sentPending.size()
        && std::equal(pending.begin(), pending.end(), m_sentPending.begin(),
            [](const FaultEngine::PendingDelivery& p, std::uint64_t id) { return p.id == id; }))
        return;
    const EventLog& log = m_sim->log();
    const auto text = [&](Atom atom) {
        const std::string_view s = log.text(atom);
        return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    };
    m_sentPending.clear();
    PendingDeliveries list;
    list.reserve(static_cast<qsizetype>(pending.size()));
    for (const FaultEngine::PendingDelivery& p : pending) {
        m_sentPending.push_back(p.id);
        const ConsumerGroup& group = m_sim->bus().group(p.group);
        const Event& e = log.at(p.message);
        const PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(p.partition)];
        PendingDeliveryInfo info;
        info.id = p.id;
        info.topic = text(m_sim->bus().topic(group.topic).name);
        info.group = text(group.name);
        info.partition = p.partition;
        info.offset = p.offset;
        info.seq = p.message;
        info.type = text(e.type);
        info.key = text(e.key);
        const std::string_view service = m_sim->serviceName(group.service);
        info.service = QString::fromUtf8(service.data(), static_cast<qsizetype>(service.size()));
        info.consumer = cursor.owner >= 0
            ? QString::fromStdString(m_sim->consumerName(group.service, static_cast<std::uint16_t>(cursor.owner)))
            : info.service;
        info.since = p.since;
        list.push_back(std::move(info));
    }
    Q_EMIT pendingDeliveriesChanged(list, m_generation);
}

void SimulationWorker::readModels(const QString& focus, bool rebuild, const QString& key, std::uint64_t generation)
{
    if (!m_sim || generation != m_generation)
        return;
    Q_EMIT readModelsReady(m_readModels.describe(viewed(), focus, rebuild, key), generation);
}

void SimulationWorker::eventStore(const EventStoreQuery& query, std::uint64_t generation)
{
    if (!m_sim || generation != m_generation)
        return;
    Q_EMIT eventStoreReady(EventStoreState::describe(viewed(), query), generation);
}

void SimulationWorker::seek(SimTime t, std::uint64_t generation)
{
    if (!m_sim || !m_checkpoints || generation != m_generation)
        return;
    pause();
    if (t < 0 || t >= m_sim->now()) {
        leavePast();
        return;
    }
    m_past = m_checkpoints->seek(t);
    Q_EMIT timeTravelled(m_past ? t : -1, m_generation);
}

void SimulationWorker::continueFrom(SimTime t, std::uint64_t generation)
{
    if (!m_sim || t < 0)
        return;
    std::vector<InjectionSpec> kept;
    for (const InjectionSpec& spec : m_injected)
        if (spec.at <= t)
            kept.push_back(spec);
    reset(generation); // the old run's recording ends here, complete up to where it went
    if (!m_sim)
        return;
    // Each injection as it was queued (with the time it took effect), so the new run is the old one,
    // record for record, up to `t`.
    for (const InjectionSpec& spec : kept) {
        m_sim->injectionQueue().enqueue(spec);
        m_recording.declareInjection(spec);
        m_injected.push_back(spec);
        Q_EMIT injected(spec.text(), m_generation);
    }
    runTo(t);
}

void SimulationWorker::takeCheckpoint()
{
    // Checkpoints follow the Checkpointer's default policy (every 50,000 trace records, denser early in
    // the run). A fork shares what the previous one holds (copy-on-write state), so one costs about
    // what changed since — 1.5 ms at the median in a 1M-message run, B4 in docs/benchmarks.md — but a
    // stall of the engine thread is still spaced so forks cost the run at most about 5 % of its time:
    // after one that took d, none for 20·d. Wall time decides only when checkpoints are taken, never
    // what a seek returns: a seek from any checkpoint is exact.
    if (!m_checkpoints || !m_checkpointPace.hasExpired(m_checkpointGapMs))
        return;
    QElapsedTimer took;
    took.start();
    if (m_checkpoints->checkpoint(*m_sim)) {
        m_checkpointGapMs = 20 * took.elapsed();
        m_checkpointPace.restart();
    }
}

bool SimulationWorker::step()
{
    m_sim->start();
    m_judge->beforeStep(*m_sim);
    return m_sim->step();
}

void SimulationWorker::leavePast()
{
    if (!m_past)
        return;
    m_past.reset();
    Q_EMIT timeTravelled(-1, m_generation);
}

void SimulationWorker::inspect(std::uint32_t seq, std::uint64_t generation)
{
    if (!m_sim || generation != m_generation || seq >= m_sim->log().size())
        return;
    const EventLog& log = m_sim->log();
    const auto text = [&](Atom atom) {
        const std::string_view s = log.text(atom);
        return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    };
    const auto brief = [&](const Event& e) {
        return MessageDetails::Brief { e.seq, text(e.type), text(e.producer), e.publishTime };
    };
    const Event& e = log.at(seq);
    MessageDetails details;
    details.id = QString::fromStdString(EventLog::formatId(e));
    details.command = e.kind == Event::Kind::Command;
    details.type = text(e.type);
    details.version = e.version;
    details.key = text(e.key);
    details.correlationId = text(e.correlation);
    details.producer = text(e.producer);
    details.time = e.publishTime;
    if (e.tenant != 0)
        details.tenant = text(e.tenant);
    if (details.command) {
        const std::string_view target = m_sim->serviceName(e.target);
        details.target = QString::fromUtf8(target.data(), static_cast<qsizetype>(target.size()));
    } else {
        details.topic = text(m_sim->bus().topic(e.topic).name);
        details.partition = e.partition;
        details.offset = e.offset;
    }
    details.payload = log.payloadJson(e);
    // The causal chain: the message it answered, and the messages sent while handling it.
    if (e.causation != kNoMessage && e.causation < log.size())
        details.causedBy = brief(log.at(e.causation));
    for (std::uint32_t i = seq + 1; i < log.size() && details.caused.size() < 50; ++i)
        if (log.at(i).causation == seq)
            details.caused.push_back(brief(log.at(i)));
    Q_EMIT inspected(seq, details, generation);
}

bool SimulationWorker::finished() const
{
    if (!m_sim)
        return true;
    return m_scenario->until > 0 ? m_sim->now() >= m_scenario->until : m_sim->idle() && !m_sim->paused();
}

void SimulationWorker::finishIfDone()
{
    if (waiting())
        return; // not over: deliveries wait for a decision
    // A bounded run ends at its `until`, as `eventloom-cli run` does, so both report the same time.
    if (m_scenario->until > 0 && !canAdvance() && m_sim->now() < m_scenario->until)
        m_sim->runUntil(m_scenario->until);
    if (finished()) {
        m_judge->atEnd(*m_sim); // the last samples, as `eventloom-cli run` takes them
        m_sim->finish(); // as `eventloom-cli run` does: e.g. a choreographed saga left waiting is stuck
        m_recording.finish(*m_sim, m_judge->finish(*m_sim));
    }
}

void SimulationWorker::reanchor()
{
    m_anchorWall.start();
    if (m_sim)
        m_anchorSim = m_sim->now();
}

void SimulationWorker::flush()
{
    if (!m_sim)
        return;
    RunStatus status;
    status.now = m_sim->now();
    status.records = m_sim->counters().records;
    status.events = m_sim->counters().events;
    status.deliveries = m_sim->counters().deliveries;
    status.duplicateEffects = m_sim->counters().duplicateEffects;
    status.fingerprint = m_sim->fingerprint();
    status.seed = m_sim->seed();
    status.finished = finished();
    if (status.finished)
        status.runFile = m_recording.path();
    takeCheckpoint();
    TraceBatch batch = m_observer->takeBatch(*m_sim, status);
    batch.generation = m_generation;
    if (m_buffer->append(std::move(batch)))
        Q_EMIT batchReady();
    const std::size_t waiting = m_buffer->pendingRows();
    if (waiting >= kMaxPendingRows)
        Q_EMIT handOverFull();
    else if (waiting > 0 && m_playing && std::isinf(m_speed))
        Q_EMIT handOverReady();
    for (const QString& refused : m_sim->injectionQueue().takeRefusals())
        Q_EMIT injectionRefused(refused);
    sendPendingIfChanged();
    m_recording.flush(*m_sim);
    if (const QString problem = m_recording.takeProblem(); !problem.isEmpty())
        Q_EMIT recordingProblem(problem);
}

} // namespace eventloom
