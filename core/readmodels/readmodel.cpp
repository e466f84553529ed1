#include "readmodel.h"

#include "../sim/simulation.h"
#include "writesideview.h"

#include <QJsonArray>
#include <algorithm>

namespace eventloom {

ReadModel::ReadModel(std::vector<std::string> topics)
    : m_topics(std::move(topics))
{
}

std::uint16_t ReadModel::attach(Simulation& sim, std::string_view id, std::unique_ptr<ReadModel> model,
    LatencyModel processing, SimTime commitDelay)
{
    ReadModel& self = *model;
    self.bind(sim.log(), sim.bus());
    const std::uint16_t service = sim.addService(id, std::move(model), processing);
    self.m_service = service;
    for (const std::string& topic : self.m_topics) {
        const std::uint16_t group = sim.subscribe(service, topic, id, 1, commitDelay);
        if (group != kNoIndex)
            self.m_groups.push_back(group);
    }
    return service;
}

void ReadModel::bind(const EventLog& log, const EventBus& bus)
{
    m_topicIndices.clear();
    m_topicNames.assign(bus.topicCount(), {});
    for (std::uint16_t t = 0; t < bus.topicCount(); ++t)
        m_topicNames[t] = std::string(log.text(bus.topic(t).name));
    for (const std::string& name : m_topics) {
        const Atom atom = log.atoms().find(name);
        const std::uint16_t index = atom == 0 ? kNoIndex : bus.findTopic(atom);
        if (index != kNoIndex)
            m_topicIndices.push_back(index);
    }
}

bool ReadModel::reads(std::uint16_t topic) const
{
    return std::find(m_topicIndices.begin(), m_topicIndices.end(), topic) != m_topicIndices.end();
}

ReadModel::Applied* ReadModel::applied(std::uint16_t topic, std::int32_t partition)
{
    if (m_applied.size() <= topic)
        m_applied.resize(topic + 1u);
    auto& partitions = m_applied[topic];
    if (partitions.size() <= static_cast<std::size_t>(partition))
        partitions.resize(static_cast<std::size_t>(partition) + 1);
    return &partitions[static_cast<std::size_t>(partition)];
}

const ReadModel::Applied* ReadModel::applied(std::uint16_t topic, std::int32_t partition) const
{
    if (partition < 0 || m_applied.size() <= topic || m_applied[topic].size() <= static_cast<std::size_t>(partition))
        return nullptr;
    return &m_applied[topic][static_cast<std::size_t>(partition)];
}

bool ReadModel::apply(const EventLog& log, const Event& event)
{
    if (event.kind != Event::Kind::Event || event.offset < 0 || event.partition < 0)
        return false;
    Applied& position = *applied(event.topic, event.partition);
    if (event.offset < position.next || position.ahead.count(event.offset) != 0) {
        ++m_skippedDuplicates;
        return false;
    }
    if (event.offset == position.next) {
        ++position.next;
        while (!position.ahead.empty() && *position.ahead.begin() == position.next) {
            position.ahead.erase(position.ahead.begin());
            ++position.next;
        }
    } else {
        position.ahead.insert(event.offset);
    }
    ++m_appliedEvents;

    m_scratch.clear();
    rowsAffected(log, event, m_scratch);
    for (const std::string& key : m_scratch) {
        RowInfo& info = m_rows[key];
        ++info.version;
        // Maxima, not "the last one applied": delivery order differs from log order across partitions.
        if (info.position == kNoMessage || event.seq > info.position)
            info.position = event.seq;
        info.asOf = std::max(info.asOf, event.publishTime);
        applyToRow(key, log, event);
    }
    return true;
}

bool ReadModel::isApplied(std::uint16_t topic, std::int32_t partition, std::int64_t offset) const
{
    const Applied* position = applied(topic, partition);
    return position != nullptr && (offset < position->next || position->ahead.count(offset) != 0);
}

ReadModel::Position ReadModel::position(std::uint16_t topic, std::int32_t partition) const
{
    const Applied* a = applied(topic, partition);
    if (a == nullptr)
        return { topic, partition, 0, 0 };
    return { topic, partition, a->next, static_cast<std::int64_t>(a->ahead.size()) };
}

std::vector<ReadModel::Position> ReadModel::positions() const
{
    std::vector<Position> out;
    for (std::size_t t = 0; t < m_applied.size(); ++t)
        for (std::size_t p = 0; p < m_applied[t].size(); ++p) {
            const Applied& a = m_applied[t][p];
            if (a.next == 0 && a.ahead.empty())
                continue;
            out.push_back({ static_cast<std::uint16_t>(t), static_cast<std::int32_t>(p), a.next,
                static_cast<std::int64_t>(a.ahead.size()) });
        }
    return out;
}

std::vector<std::string> ReadModel::keys() const
{
    std::vector<std::string> out;
    out.reserve(m_rows.size());
    for (const auto& [key, info] : m_rows)
        out.push_back(key);
    return out;
}

ReadModel::RowInfo ReadModel::rowInfo(std::string_view key) const
{
    const auto it = m_rows.find(key);
    return it == m_rows.end() ? RowInfo {} : it->second;
}

QJsonObject ReadModel::row(std::string_view key) const
{
    const auto it = m_rows.find(key);
    if (it == m_rows.end())
        return {};
    QJsonObject object = rowData(it->first);
    object.insert(QStringLiteral("version"), static_cast<qint64>(it->second.version));
    object.insert(QStringLiteral("position"), static_cast<qint64>(it->second.position));
    object.insert(QStringLiteral("asOfUs"), static_cast<qint64>(it->second.asOf));
    return object;
}

QJsonObject ReadModel::state() const
{
    QJsonObject rows;
    for (const auto& [key, info] : m_rows)
        rows.insert(qtext(key), row(key));
    QJsonObject object = stateWithoutRows();
    object.insert(QStringLiteral("rows"), rows);
    return object;
}

std::optional<qint64> ReadModel::stateNumber(std::span<const QString> path, bool counted) const
{
    if (counted)
        return pathIs(path, { "rows" }) ? std::optional<qint64>(static_cast<qint64>(m_rows.size())) : std::nullopt;
    if (pathIs(path, { "appliedEvents" }))
        return static_cast<qint64>(m_appliedEvents);
    if (pathIs(path, { "skippedDuplicates" }))
        return static_cast<qint64>(m_skippedDuplicates);
    if (path.size() != 3 || path[0] != QLatin1String("rows"))
        return std::nullopt;
    const QByteArray key = path[1].toUtf8();
    const std::string_view keyView(key.constData(), static_cast<std::size_t>(key.size()));
    if (m_rows.find(keyView) == m_rows.end())
        return std::nullopt;
    const QJsonValue value = row(keyView).value(path[2]); // one row, as state() builds it
    const qint64 integer = value.toInteger();
    if (!value.isDouble() || static_cast<double>(integer) != value.toDouble())
        return std::nullopt;
    return integer;
}

QJsonObject ReadModel::readState(const StatePaths& read, const QString& at, StatePaths::Counts& counts) const
{
    const auto rowsRead = read.children.find(QStringLiteral("rows"));
    if (read.readsWhole() || read.counted || rowsRead == read.children.end() || rowsRead->second.readsWhole())
        return read.prune(state(), at, counts).toObject();
    const StatePaths& rowPaths = rowsRead->second;
    const QString rowsAt = StatePaths::key(at, rowsRead->first);
    QJsonObject rows;
    for (const auto& [key, below] : rowPaths.children) {
        const QByteArray utf8 = key.toUtf8();
        if (m_rows.find(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size()))) == m_rows.end())
            return read.prune(state(), at, counts).toObject(); // a missing row: told as on the whole state
        rows.insert(key,
            below.prune(row(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size()))),
                StatePaths::key(rowsAt, key), counts));
    }
    if (rowPaths.counted)
        counts[rowsAt] = static_cast<qint64>(m_rows.size());
    StatePaths others = read;
    others.children.erase(QStringLiteral("rows"));
    QJsonObject object
        = others.children.empty() ? QJsonObject() : others.prune(stateWithoutRows(), at, counts).toObject();
    object.insert(QStringLiteral("rows"), rows);
    return object;
}

QJsonObject ReadModel::stateWithoutRows() const
{
    QJsonArray applied;
    for (const Position& p : positions()) {
        QJsonObject position;
        const bool named = p.topic < m_topicNames.size();
        position.insert(QStringLiteral("topic"),
            named ? qtext(m_topicNames[p.topic]) : QStringLiteral("#") + QString::number(p.topic));
        position.insert(QStringLiteral("partition"), p.partition);
        position.insert(QStringLiteral("next"), static_cast<qint64>(p.next));
        if (p.ahead > 0)
            position.insert(QStringLiteral("ahead"), static_cast<qint64>(p.ahead));
        applied.append(position);
    }
    QJsonObject object;
    object.insert(QStringLiteral("model"), qtext(kind()));
    object.insert(QStringLiteral("applied"), applied);
    object.insert(QStringLiteral("appliedEvents"), static_cast<qint64>(m_appliedEvents));
    object.insert(QStringLiteral("skippedDuplicates"), static_cast<qint64>(m_skippedDuplicates));
    return object;
}

ReadModel::QueryResult ReadModel::query(std::string_view key, WriteSideView& writeSide) const
{
    QueryResult result;
    const auto it = m_rows.find(key);
    result.found = it != m_rows.end();
    if (result.found) {
        result.row = row(key);
        result.readVersion = it->second.version;
    }
    result.writeVersion = writeSide.writeVersion(key);
    result.stale = result.writeVersion > result.readVersion;
    return result;
}

ReadModel::QueryResult ReadModel::query(std::string_view key, WriteSideView& writeSide, ServiceContext& ctx) const
{
    QueryResult result = query(key, writeSide);
    if (result.stale) {
        TraceRecord record;
        record.kind = TraceKind::StaleRead;
        record.detail = ctx.intern(key);
        record.aux = result.writeVersion - result.readVersion;
        record.group = m_groups.empty() ? kNoIndex : m_groups.front();
        ctx.trace(record);
    }
    return result;
}

std::unique_ptr<ReadModel> ReadModel::blank() const
{
    std::unique_ptr<ReadModel> model = create();
    model->m_topicIndices = m_topicIndices;
    model->m_topicNames = m_topicNames;
    return model;
}

std::unique_ptr<ReadModel> ReadModel::rebuild(const EventLog& log, const EventBus& bus) const
{
    std::unique_ptr<ReadModel> model = blank();
    for (const Event& e : log.events())
        if (e.kind == Event::Kind::Event && reads(e.topic)
            && e.offset >= bus.topic(e.topic).logStart[static_cast<std::size_t>(e.partition)])
            model->apply(log, e);
    return model;
}

std::unique_ptr<ReadModel> ReadModel::refold(const EventLog& log) const
{
    std::unique_ptr<ReadModel> model = blank();
    for (const Event& e : log.events())
        if (e.kind == Event::Kind::Event && isApplied(e))
            model->apply(log, e);
    return model;
}

std::vector<ReadModel::RowDifference> ReadModel::compare(const ReadModel& other) const
{
    std::vector<RowDifference> out;
    auto mine = m_rows.begin();
    auto theirs = other.m_rows.begin();
    // A merge of the two sorted tables.
    while (mine != m_rows.end() || theirs != other.m_rows.end()) {
        const bool takeMine = theirs == other.m_rows.end() || (mine != m_rows.end() && mine->first <= theirs->first);
        const bool takeTheirs = mine == m_rows.end() || (theirs != other.m_rows.end() && theirs->first <= mine->first);
        const std::string& key = takeMine ? mine->first : theirs->first;
        QJsonObject a = takeMine ? row(key) : QJsonObject {};
        QJsonObject b = takeTheirs ? other.row(key) : QJsonObject {};
        if (a != b)
            out.push_back({ key, std::move(a), std::move(b) });
        if (takeMine)
            ++mine;
        if (takeTheirs)
            ++theirs;
    }
    return out;
}

void ReadModel::start(ServiceContext& ctx)
{
    m_service = ctx.self();
}

HandleResult ReadModel::handle(ServiceContext& ctx, const Event& message)
{
    if (message.kind == Event::Kind::Command)
        return { HandleOutcome::Ok, ctx.intern("ignored") }; // read models take no commands
    if (!apply(ctx.log(), message))
        return { HandleOutcome::SkippedDuplicate, ctx.intern("already applied") };
    return {};
}

Value ReadModel::field(const EventLog& log, const Event& event, std::string_view name)
{
    // By text, not atom: a rebuild reads a const log, where a name never used yet has no atom.
    for (const Field& f : log.payload(event))
        if (log.text(f.key) == name)
            return f.value;
    return {};
}

std::string_view ReadModel::textField(const EventLog& log, const Event& event, std::string_view name)
{
    const Value v = field(log, event, name);
    return v.type == Value::Type::String ? log.text(v.s) : std::string_view {};
}

std::int64_t ReadModel::intField(const EventLog& log, const Event& event, std::string_view name)
{
    const Value v = field(log, event, name);
    if (v.type == Value::Type::Int)
        return v.i;
    if (v.type == Value::Type::Double)
        return static_cast<std::int64_t>(v.d);
    return 0;
}

} // namespace eventloom
