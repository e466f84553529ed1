#include "runreview.h"

#include "tracebuffer.h"

#include "bus/eventlog.h"
#include "eventstorestate.h"
#include "export/runimporter.h"
#include "readmodels/readmodel.h"
#include "readmodelsstate.h"
#include "record/recordservices.h"
#include "record/runlogloader.h"
#include "record/runreplay.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "sim/simulation.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace eventloom {

namespace {
/// Wall time one slice may take before the worker returns to its event loop (as a live run's).
constexpr qint64 kSliceNs = 8'000'000;
/// Rows waiting for the window beyond which reading waits for it to take them (as a live run's).
constexpr std::size_t kMaxPendingRows = 10'000;

QString qtext(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// A stored file may hold values wider than a trace row's (an edited run file; the importer refuses them):
// a partition beyond 32 bits or an instance or saga beyond 16 is read as none, an attempt as the largest.
std::int32_t storedPartition(std::int64_t p)
{
    return p >= 0 && p <= std::numeric_limits<std::int32_t>::max() ? static_cast<std::int32_t>(p) : -1;
}

std::uint16_t storedIndex(std::int64_t i)
{
    return i >= 0 && i < kNoIndex ? static_cast<std::uint16_t>(i) : kNoIndex;
}

std::uint16_t storedAttempt(std::int64_t a)
{
    return static_cast<std::uint16_t>(std::clamp<std::int64_t>(a, 0, std::numeric_limits<std::uint16_t>::max()));
}

HandleOutcome outcomeFromName(std::string_view name)
{
    for (const HandleOutcome o : { HandleOutcome::Ok, HandleOutcome::Failed, HandleOutcome::SkippedDuplicate,
             HandleOutcome::Rejected, HandleOutcome::SkippedTenant })
        if (outcomeName(o) == name)
            return o;
    return HandleOutcome::None;
}
}

RunReview::RunReview(std::shared_ptr<TraceBuffer> buffer, QObject* parent)
    : RunSource(parent)
    , m_buffer(std::move(buffer))
    , m_timer(this)
{
    connect(&m_timer, &QTimer::timeout, this, &RunReview::readSlice);
}

RunReview::~RunReview() = default;

QString RunReview::serviceStateUnavailable()
{
    return tr("Not available in review: a service's own state lives in the engine, and a recorded run is not "
              "simulated. Use Re-simulate This Run to see it.");
}

void RunReview::close()
{
    m_timer.stop();
    m_cursor.reset();
    m_run.reset();
    m_scenario.reset();
    m_topology.reset();
    m_log.reset();
    m_replay.reset();
    m_replayedTo = -1;
    m_delivery.reset();
    m_generation = 0;
}

void RunReview::open(const QString& path, std::uint64_t token)
{
    auto run = std::make_unique<RunFile>();
    QString error;
    if (!run->open(path, error)) {
        Q_EMIT failed(error, token);
        return;
    }
    const RunInfo info = run->info();
    const bool imported = run->origin() != QLatin1String("recorded");
    std::optional<Scenario> scenario;
    if (!imported) {
        const auto loaded = ScenarioLoader::loadText(info.scenarioJson, info.scenarioFile);
        if (!loaded.ok()) {
            Q_EMIT failed(loaded.errors.empty() ? path + tr(": stored scenario: does not load in this version")
                                                : RunFile::storedScenarioProblem(path, loaded.errors.front()),
                token);
            return;
        }
        scenario = *loaded.scenario;
    }
    const std::int64_t records = run->recordCount();
    if (records < 0 || !run->db().error().empty()) {
        Q_EMIT failed(path + tr(": corrupt run file: ") + QString::fromStdString(run->db().error()), token);
        return;
    }
    QJsonArray injections;
    for (const RecordedInjection& injection : run->injections())
        injections.append(QJsonObject { { QStringLiteral("spec"), injection.spec },
            { QStringLiteral("atUs"),
                static_cast<qint64>(injection.effective >= 0 ? injection.effective : injection.at) } });
    // What an imported log has instead of a scenario: the topics and services its records name.
    QJsonArray topics;
    std::map<std::string, std::int64_t> partitions; // a topic's partitions: its largest partition + 1
    QString topicError;
    run->forEachMessage(
        [&](const MessageView& m) {
            if (!m.topic.empty()) {
                std::int64_t& n = partitions[std::string(m.topic)];
                n = std::max(n, std::max<std::int64_t>(m.partition, 0) + 1);
            }
            return true;
        },
        topicError, {}, true);
    for (const auto& [topic, n] : partitions)
        topics.append(QJsonObject {
            { QStringLiteral("name"), qtext(topic) }, { QStringLiteral("partitions"), static_cast<qint64>(n) } });
    QJsonArray services;
    std::vector<std::string> serviceNames;
    std::string why;
    if (!RecordServices::read(run->db(), serviceNames, why)) {
        Q_EMIT failed(path + tr(": corrupt run file: ") + QString::fromStdString(why), token);
        return;
    }
    for (const std::string& name : serviceNames)
        services.append(qtext(name));

    close();
    m_run = std::move(run);
    m_scenario = std::move(scenario);
    m_imported = imported;
    if (m_scenario)
        m_topology = ScenarioBuilder::build(*m_scenario, info.seed); // built, never run: the names and shapes
    m_fingerprint = m_run->fingerprint().toULongLong(nullptr, 16);
    m_seed = info.seed;
    m_end = m_run->simTime();
    m_total = records;
    Q_EMIT opened(
        QJsonObject { { QStringLiteral("path"), path }, { QStringLiteral("origin"), m_run->origin() },
            { QStringLiteral("scenario"), imported ? QString() : QString::fromUtf8(info.scenarioJson) },
            { QStringLiteral("scenarioFile"), info.scenarioFile },
            { QStringLiteral("overrides"), QJsonArray::fromStringList(info.overrides) },
            { QStringLiteral("seed"), QString::number(info.seed) },
            // When the file was written (the run's own clock starts at its epoch, the same for every run).
            { QStringLiteral("recorded"), QFileInfo(path).lastModified().toUTC().toString(Qt::ISODate) },
            { QStringLiteral("fingerprint"), m_run->fingerprint() }, { QStringLiteral("finished"), m_run->finished() },
            { QStringLiteral("simTimeUs"), static_cast<qint64>(m_end) },
            { QStringLiteral("records"), static_cast<qint64>(records) }, { QStringLiteral("injections"), injections },
            { QStringLiteral("topics"), topics }, { QStringLiteral("services"), services } },
        token);
}

void RunReview::stream(std::uint64_t generation)
{
    if (!m_run)
        return;
    m_generation = generation;
    m_atomTexts.assign(1, QString());
    m_atoms.clear();
    m_atoms.emplace(std::string(), 0);
    m_sentAtoms = 0;
    m_rows.clear();
    m_done = 0;
    m_finished = false;
    m_now = 0;
    m_events = m_deliveries = m_duplicateEffects = 0;
    m_published.clear();
    m_commits.clear();
    m_owners.clear();
    m_scaled.clear();
    m_logStarts.clear();
    m_deadLetters.clear();
    m_viewTime = -1;
    m_cursor.emplace(m_run->records());
    m_timer.start(0);
}

Atom RunReview::atom(std::string_view text)
{
    const auto [it, added] = m_atoms.try_emplace(std::string(text), static_cast<Atom>(m_atomTexts.size()));
    if (added)
        m_atomTexts.push_back(qtext(text));
    return it->second;
}

QString RunReview::text(Atom atom) const
{
    return atom < m_atomTexts.size() ? m_atomTexts[atom] : QString();
}

void RunReview::absorb(const RecordView& r)
{
    const std::optional<TraceKind> kind = traceKindFromName(r.kind);
    if (!kind)
        return; // a kind this version does not know (an imported log's): no panel could show it
    TraceRow row;
    row.time = r.t;
    row.kind = *kind;
    row.outcome = outcomeFromName(r.outcome);
    row.attempt = storedAttempt(r.attempt);
    row.instance = storedIndex(r.instance);
    row.partition = storedPartition(r.partition);
    row.offset = r.offset;
    row.aux = r.aux;
    row.detail = atom(r.detail);
    row.phase = sagaPhaseFromName(r.phase).value_or(SagaPhase::None);
    row.subject = atom(r.subject);
    row.saga = storedIndex(r.saga);
    row.service = atom(r.service);
    row.group = atom(r.group);
    row.topic = atom(r.topic);
    if (r.message) {
        const MessageView& m = *r.message;
        row.message = static_cast<std::uint32_t>(m.seq);
        row.type = atom(m.type);
        row.key = atom(m.key);
        row.correlation = atom(m.correlation);
        row.producer = atom(m.producer);
        row.command = m.command;
        if (row.command)
            row.topic = atom(m.target);
        else if (row.topic == 0 && m_imported)
            row.topic = atom(m.topic); // another system's record names its topic on the message only
        if (!row.command && row.partition < 0) {
            row.partition = storedPartition(m.partition);
            row.offset = m.offset;
        }
    }
    m_now = std::max(m_now, row.time);
    switch (row.kind) {
    case TraceKind::Published:
        ++m_events;
        if (r.message && !r.message->command)
            m_published.push_back({ row.time, atom(r.message->topic), row.partition, row.offset });
        break;
    case TraceKind::Delivered:
        ++m_deliveries;
        break;
    case TraceKind::DuplicateEffect:
        ++m_duplicateEffects;
        break;
    case TraceKind::Committed:
        m_commits.push_back({ row.time, row.group, row.topic, row.partition, row.offset });
        break;
    case TraceKind::Rebalanced:
        m_owners.push_back({ row.time, row.group, row.topic, row.partition, row.aux });
        break;
    case TraceKind::InstanceAdded:
    case TraceKind::InstanceRemoved:
        m_scaled.push_back({ row.time, row.service, 0, 0, row.kind == TraceKind::InstanceAdded ? 1 : -1 });
        break;
    case TraceKind::Retention:
        m_logStarts.push_back({ row.time, 0, row.topic, row.partition, row.offset });
        break;
    case TraceKind::DeadLettered:
        if (r.message)
            m_deadLetters.push_back({ row.time, row.message, atom(r.message->topic), row.type, row.group, row.detail,
                row.partition, row.offset, static_cast<std::int32_t>(row.attempt) });
        break;
    default:
        break;
    }
    m_rows.push_back(row);
}

RunStatus RunReview::status() const
{
    RunStatus status;
    status.now = m_finished ? std::max(m_end, m_now) : m_now;
    status.records = static_cast<std::uint64_t>(m_done);
    status.events = m_events;
    status.deliveries = m_deliveries;
    status.duplicateEffects = m_duplicateEffects;
    status.fingerprint = m_fingerprint;
    status.seed = m_seed;
    status.finished = m_finished;
    if (m_finished && m_run)
        status.runFile = m_run->path();
    return status;
}

void RunReview::readSlice()
{
    if (!m_cursor || !m_run) {
        m_timer.stop();
        return;
    }
    if (m_buffer->pendingRows() >= kMaxPendingRows) {
        m_timer.setInterval(1); // the window has not taken the last slice in yet: as a flat-out run, wait
        return;
    }
    m_timer.setInterval(0);
    QElapsedTimer slice;
    slice.start();
    bool end = false;
    while (slice.nsecsElapsed() < kSliceNs && m_rows.size() < kMaxPendingRows) {
        const RecordView* r = nullptr;
        for (int i = 0; i < 256 && (r = m_cursor->next()); ++i) {
            ++m_done;
            absorb(*r);
        }
        if (!r) {
            end = true;
            break;
        }
    }
    QString error;
    if (end) {
        error = m_cursor->error();
        m_finished = true;
        m_timer.stop();
        m_cursor.reset();
    }
    TraceBatch batch;
    batch.generation = m_generation;
    batch.rows = std::move(m_rows);
    m_rows = {};
    batch.firstAtom = m_sentAtoms;
    batch.atoms.assign(m_atomTexts.begin() + m_sentAtoms, m_atomTexts.end());
    m_sentAtoms = static_cast<Atom>(m_atomTexts.size());
    batch.status = status();
    batch.hasStatus = true;
    if (m_buffer->append(std::move(batch)))
        Q_EMIT batchReady();
    Q_EMIT progress(m_done, m_total, m_generation);
    if (!error.isEmpty())
        Q_EMIT failed(error, 0); // what was read before the damage stays shown
}

void RunReview::inspect(std::uint32_t seq, std::uint64_t generation)
{
    if (!m_run || generation != m_generation)
        return;
    MessageDetails details;
    std::string causation;
    std::int64_t causeSeq = -1;
    const bool found = m_run->message(seq, [&](const MessageView& m) {
        details.id = qtext(m.id);
        details.command = m.command;
        details.type = qtext(m.type);
        details.version = static_cast<qint64>(m.version);
        details.key = qtext(m.key);
        details.correlationId = qtext(m.correlation);
        details.producer = qtext(m.producer);
        details.time = static_cast<SimTime>(m.t);
        if (!m.tenant.empty())
            details.tenant = qtext(m.tenant);
        if (m.command) {
            details.target = qtext(m.target);
        } else {
            details.topic = qtext(m.topic);
            details.partition = static_cast<qint64>(m.partition);
            details.offset = static_cast<qint64>(m.offset);
        }
        details.payload
            = QJsonDocument::fromJson(QByteArray(m.data.data(), static_cast<qsizetype>(m.data.size()))).object();
        causation = m.causation;
        causeSeq = m.causeSeq;
    });
    if (!found)
        return;
    // The causal chain, from what the file keeps: the message it answered, and those it caused.
    const auto brief = [&](std::int64_t of) {
        std::optional<MessageDetails::Brief> b;
        m_run->message(of, [&](const MessageView& m) {
            b = MessageDetails::Brief { static_cast<std::uint32_t>(m.seq), qtext(m.type), qtext(m.producer),
                static_cast<SimTime>(m.t) };
        });
        return b;
    };
    if (causeSeq >= 0) {
        details.causedBy = brief(causeSeq);
    } else if (!causation.empty()) {
        SqliteStatement cause = m_run->db().prepare("SELECT seq FROM messages WHERE id = ?1 LIMIT 1");
        if (cause.valid()) {
            cause.bindText(1, causation);
            if (cause.step())
                details.causedBy = brief(cause.integer(0));
        }
    }
    for (const std::int64_t child : m_run->caused(seq, 50))
        if (const auto b = brief(child))
            details.caused.push_back(*b);
    Q_EMIT inspected(seq, details, generation);
}

void RunReview::checkDelivery(std::uint64_t generation)
{
    if (!m_run || generation != m_generation)
        return;
    if (!m_delivery && m_scenario) {
        m_delivery = DeliveryVerdicts::ofRecording(*m_run, *m_scenario);
    } else if (!m_delivery) {
        m_delivery.emplace();
        m_delivery->recorded = true;
        m_delivery->unavailable = tr("An imported event log has no scenario to simulate again: the checker needs the "
                                     "run's topics, groups and keys as the engine knows them.");
    }
    Q_EMIT deliveryChecked(*m_delivery, generation);
}

void RunReview::judge(std::uint64_t generation)
{
    if (!m_run || generation != m_generation)
        return;
    // The verdicts as recorded when the run ended (the engine judged them; nothing is re-judged here).
    CheckVerdicts verdicts;
    SqliteStatement s = m_run->db().prepare("SELECT name, passed, detail FROM checks ORDER BY rowid");
    while (s.valid() && s.step())
        verdicts.verdicts.push_back({ qtext(s.text(0)), qtext(s.text(0)), s.integer(1) != 0, qtext(s.text(2)) });
    // Figures are recorded only when the run ended: they are the end's, for the figures and the estimates.
    verdicts.figures = m_run->summary().value(QStringLiteral("figures")).toObject();
    verdicts.endFigures = verdicts.figures;
    verdicts.ended = true; // recorded when the run ended
    Q_EMIT judged(verdicts, generation);
}

void RunReview::serviceState(const QString& name, std::uint64_t generation)
{
    if (!m_run || generation != m_generation)
        return;
    ServiceState state;
    state.unavailable = serviceStateUnavailable();
    Q_EMIT serviceStateReady(name, state, generation);
}

void RunReview::busState(std::uint64_t generation)
{
    if (!m_run || generation != m_generation)
        return;
    const SimTime until = m_viewTime >= 0 ? m_viewTime : std::numeric_limits<SimTime>::max();
    // Topics and groups: the recorded scenario's (all of them, as the live bus has them), then any
    // others the records name (an imported log's).
    std::map<QString, std::vector<std::int64_t>> ends; // topic → per partition: the next offset
    std::vector<QString> topicOrder;
    // A group that reads several topics is one consumer group per topic, as the bus has it.
    using GroupKey = std::pair<QString, QString>; // group, topic
    std::map<GroupKey, std::vector<std::int64_t>> groups; // committed per partition
    std::map<GroupKey, std::vector<std::int64_t>> owners; // the instance reading each partition, -1: none
    std::map<GroupKey, QString> services; // the service reading the group (the recorded scenario's)
    std::map<QString, std::int64_t> instances; // per service: the scenario's, then those that joined and left
    std::vector<GroupKey> groupOrder;
    const auto topicEnds = [&](const QString& name) -> std::vector<std::int64_t>& {
        auto [it, added] = ends.try_emplace(name);
        if (added)
            topicOrder.push_back(name);
        return it->second;
    };
    const auto groupCommits = [&](const QString& name, const QString& topic) -> std::vector<std::int64_t>& {
        auto [it, added] = groups.try_emplace(GroupKey(name, topic));
        if (added)
            groupOrder.push_back(it->first);
        return it->second;
    };
    if (m_topology) {
        const EventBus& bus = m_topology->bus();
        const auto name = [&](Atom a) { return qtext(m_topology->log().text(a)); };
        for (std::size_t t = 0; t < bus.topicCount(); ++t) {
            const Topic& topic = bus.topic(static_cast<std::uint16_t>(t));
            topicEnds(name(topic.name)).resize(static_cast<std::size_t>(topic.partitionCount()), 0);
        }
        for (std::size_t g = 0; g < bus.groupCount(); ++g) {
            const ConsumerGroup& group = bus.group(static_cast<std::uint16_t>(g));
            groupCommits(name(group.name), name(bus.topic(group.topic).name)).resize(group.partitions.size(), 0);
            const QString service = qtext(m_topology->serviceName(group.service));
            services[GroupKey(name(group.name), name(bus.topic(group.topic).name))] = service;
            instances[service] = m_topology->instanceCount(group.service);
        }
    }
    const auto at = [](std::vector<std::int64_t>& v, std::int32_t p) -> std::int64_t& {
        if (v.size() <= static_cast<std::size_t>(p))
            v.resize(static_cast<std::size_t>(p) + 1, 0);
        return v[static_cast<std::size_t>(p)];
    };
    // One value per partition, for partitions below kMaxCountedPartitions (an imported log's may be anywhere
    // up to 2^31 - 1).
    const auto counted = [](std::int32_t partition) { return partition >= 0 && partition < kMaxCountedPartitions; };
    for (const Published& p : m_published)
        if (p.t <= until && p.topic != 0 && p.partition < kMaxCountedPartitions) {
            // Another system's events may have no partition or offset: one partition, counted.
            std::int64_t& end = at(topicEnds(text(p.topic)), std::max(0, p.partition));
            end = p.offset >= 0 ? std::max(end, p.offset + 1) : end + 1;
        }
    for (const Commit& c : m_commits)
        if (c.t <= until && counted(c.partition) && c.group != 0)
            at(groupCommits(text(c.group), text(c.topic)), c.partition)
                = c.offset; // the last commit is the committed offset
    for (const Commit& o : m_owners)
        if (o.t <= until && counted(o.partition) && o.group != 0) {
            std::vector<std::int64_t>& owner = owners[GroupKey(text(o.group), text(o.topic))];
            if (owner.size() <= static_cast<std::size_t>(o.partition))
                owner.resize(static_cast<std::size_t>(o.partition) + 1, -1);
            owner[static_cast<std::size_t>(o.partition)] = o.offset; // the last rebalance's owner
        }
    for (const Commit& s : m_scaled)
        if (s.t <= until)
            if (const auto it = instances.find(text(s.group)); it != instances.end())
                it->second += s.offset;
    std::map<QString, std::vector<std::int64_t>> starts; // a partition's log start: the last retention moved it there
    for (const Commit& s : m_logStarts)
        if (s.t <= until && counted(s.partition))
            at(starts[text(s.topic)], s.partition) = s.offset;
    BusState state;
    for (const QString& name : topicOrder) {
        BusState::Topic& topic = state.topics.emplace_back();
        topic.name = name;
        const std::vector<std::int64_t>& start = starts[name];
        for (std::size_t p = 0; p < ends[name].size(); ++p) {
            topic.ends.push_back(static_cast<qint64>(ends[name][p]));
            topic.logStarts.push_back(static_cast<qint64>(p < start.size() ? start[p] : 0));
        }
    }
    for (const GroupKey& key : groupOrder) {
        const std::vector<std::int64_t>& committed = groups[key];
        const auto end = ends.find(key.second);
        BusState::Group& group = state.groups.emplace_back();
        group.name = key.first;
        group.topic = key.second;
        group.service = services[key];
        group.instances = group.service.isEmpty() ? 0 : static_cast<int>(instances[group.service]);
        const std::vector<std::int64_t>& owner = owners[key];
        // Every partition given to nobody by its last rebalance: the `detach` injection (a crash revokes
        // without rebalancing, and a group that has not started has no rebalance yet).
        group.detached
            = !owner.empty() && std::all_of(owner.begin(), owner.end(), [](std::int64_t o) { return o < 0; });
        for (std::size_t p = 0; p < committed.size(); ++p) {
            const std::int64_t last = end != ends.end() && p < end->second.size() ? end->second[p] : 0;
            group.partitions.push_back({ static_cast<qint64>(committed[p]),
                static_cast<qint64>(std::max<std::int64_t>(0, last - committed[p])),
                p < owner.size() ? static_cast<int>(owner[p]) : -1 });
        }
    }
    std::vector<const DeadLetter*> letters;
    for (const DeadLetter& d : m_deadLetters)
        if (d.t <= until)
            letters.push_back(&d);
    const std::size_t first
        = letters.size() > BusState::kMaxDeadLetters ? letters.size() - BusState::kMaxDeadLetters : 0;
    for (std::size_t i = first; i < letters.size(); ++i) {
        const DeadLetter& d = *letters[i];
        QJsonObject data;
        m_run->message(static_cast<std::int64_t>(d.seq), [&](const MessageView& m) {
            data = QJsonDocument::fromJson(QByteArray(m.data.data(), static_cast<qsizetype>(m.data.size()))).object();
        });
        state.deadLetters.push_back({ static_cast<qint64>(i), text(d.topic), text(d.type), d.partition,
            static_cast<qint64>(d.offset), text(d.group), d.attempts, text(d.reason), d.t, {}, data });
    }
    Q_EMIT busStateReady(state, generation);
}

bool RunReview::loadLog(QString& error)
{
    if (m_log)
        return true;
    auto log = std::make_unique<EventLog>();
    const EventBus& bus = m_topology->bus();
    const EventLog& names = m_topology->log();
    const auto topicIndex = [&](std::string_view name) -> std::uint16_t {
        for (std::uint16_t t = 0; t < bus.topicCount(); ++t)
            if (names.text(bus.topic(t).name) == name)
                return t;
        return kNoIndex;
    };
    // Commands too: rows remember log positions (seq), so the log must be the recorded one, whole (as B4's rebuild).
    const RunLogLoader::Result loaded = RunLogLoader::load(*m_run, *log, topicIndex, false);
    if (!loaded.ok) {
        error = loaded.error;
        return false;
    }
    m_log = std::move(log);
    return true;
}

void RunReview::pendingDeliveries(std::uint64_t) { }

void RunReview::eventStore(const EventStoreQuery& query, std::uint64_t generation)
{
    if (!m_run || generation != m_generation)
        return;
    if (const Simulation* sim = replayedTo(m_viewTime >= 0 ? m_viewTime : status().now))
        Q_EMIT eventStoreReady(EventStoreState::describe(*sim, query), generation);
}

const Simulation* RunReview::replayedTo(SimTime t)
{
    if (!m_scenario || !m_run)
        return nullptr;
    if (m_replay && t < m_replayedTo)
        m_replay.reset(); // the run cannot go back: begin it again
    if (!m_replay) {
        QString error;
        m_replay = RunReplay::prepare(*m_run, *m_scenario, error);
        if (!m_replay)
            return nullptr;
    }
    // As the live run's time travel (Checkpointer::seek): every item due at or before `t` has run.
    m_replay->runUntil(t);
    m_replayedTo = t;
    return m_replay.get();
}

void RunReview::readModels(const QString& focus, bool, const QString&, std::uint64_t generation)
{
    if (!m_run || generation != m_generation)
        return;
    ReadModelsDescription result;
    QString error;
    if (!m_topology || !m_finished || !loadLog(error)) {
        Q_EMIT readModelsReady(result, generation);
        return;
    }
    const SimTime until = m_viewTime >= 0 ? m_viewTime : std::numeric_limits<SimTime>::max();
    std::unique_ptr<ReadModel> focused;
    QString focusId;
    for (std::uint16_t s = 0; s < m_topology->serviceCount(); ++s) {
        const auto* model = dynamic_cast<const ReadModel*>(&m_topology->service(s));
        if (!model)
            continue;
        // The scenario's projection folded from every recorded event of its topics up to the time shown:
        // what a caught-up read model holds then. Its lag and stale reads were the engine's: not in the file.
        std::unique_ptr<ReadModel> fresh = model->blank();
        for (const Event& e : m_log->events())
            if (e.publishTime <= until && fresh->reads(e.topic))
                fresh->apply(*m_log, e);
        const QString id = qtext(m_topology->serviceName(s));
        ReadModelsDescription::Model& shown = result.models.emplace_back();
        shown.id = id;
        shown.kind = qtext(model->kind());
        shown.rows = static_cast<qint64>(fresh->rowCount());
        shown.applied = static_cast<qint64>(fresh->appliedEvents());
        if (!focused || id == focus) {
            focused = std::move(fresh);
            focusId = id;
        }
    }
    if (focused) {
        const std::vector<std::string> keys = focused->keys();
        const auto shownRows = static_cast<std::size_t>(ReadModelsState::kMaxRows); // as many as the live run shows
        const std::size_t first = keys.size() > shownRows ? keys.size() - shownRows : 0;
        ReadModelsDescription::Focus& shown = result.focus.emplace();
        shown.id = focusId;
        for (std::size_t i = first; i < keys.size(); ++i) {
            QJsonObject fields = focused->row(keys[i]);
            const qint64 version = fields.take(QStringLiteral("version")).toInteger();
            fields.remove(QStringLiteral("position"));
            const qint64 asOf = fields.take(QStringLiteral("asOfUs")).toInteger();
            shown.rows.push_back({ QString::fromStdString(keys[i]), fields, version, version, 0, asOf });
        }
        shown.hiddenRows = static_cast<qint64>(first);
    }
    Q_EMIT readModelsReady(result, generation);
}

void RunReview::seek(SimTime t, std::uint64_t generation)
{
    if (!m_run || generation != m_generation)
        return;
    m_viewTime = t < 0 || t >= status().now ? -1 : t;
    Q_EMIT timeTravelled(m_viewTime, generation);
}

void RunReview::importLog(const QString& input, const QString& output)
{
    const bool existed = QFileInfo::exists(output);
    const RunImporter::Result result = RunImporter::importFile(input, output);
    if (!result.ok && !existed) // nothing is imported from a log with a bad line: no empty run file either
        for (const char* suffix : { "", "-wal", "-shm", "-journal" })
            QFile::remove(output + QLatin1String(suffix));
    Q_EMIT imported(output, result.ok ? QString() : result.error, result.messagesAdded);
}

} // namespace eventloom
