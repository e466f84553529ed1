#include "checkstate.h"

#include "../readmodels/readmodel.h"
#include "../readmodels/readmodellag.h"
#include "../services/partialstate.h"
#include "../sim/runsummary.h"
#include "../sim/simulation.h"

#include <map>

namespace eventloom {

namespace {
QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// The summary's counters: the names a check shares with `eventloom-cli run --json`.
QJsonObject counters(const Simulation& sim, bool latency, SimTime clock)
{
    RunSummary summary; // RunSummary::of, but the latency percentiles (a sort) only when read
    summary.simTime = clock;
    summary.counters = sim.counters();
    if (latency)
        summary.latency = sim.orderLatency();
    QJsonObject object = summary.toJson();
    for (const char* notState : { "scenario", "seed", "checks", "fingerprint", "wallMs" })
        object.remove(QLatin1String(notState));
    return object;
}

void putWithAlias(QJsonObject& section, const QString& id, const QJsonValue& value)
{
    section.insert(id, value);
    const QString alias = CheckState::camelCase(id);
    if (alias != id && !section.contains(alias))
        section.insert(alias, value);
}
QJsonObject readModelsOf(const Simulation& sim, SimTime clock)
{
    QJsonObject readModels;
    for (std::uint16_t i = 0; i < sim.serviceCount(); ++i) {
        const auto* model = dynamic_cast<const ReadModel*>(&sim.service(i));
        if (!model)
            continue;
        const ReadModelLag lag = ReadModelLag::of(*model, sim, clock);
        putWithAlias(readModels, text(sim.serviceName(i)),
            QJsonObject { { QStringLiteral("lag"), static_cast<qint64>(lag.offsetsBehind) },
                { QStringLiteral("lagUs"), static_cast<qint64>(lag.timeBehind) },
                { QStringLiteral("caughtUp"), lag.caughtUp() },
                { QStringLiteral("rows"), static_cast<qint64>(model->rowCount()) },
                { QStringLiteral("appliedEvents"), static_cast<qint64>(model->appliedEvents()) },
                { QStringLiteral("skippedDuplicates"), static_cast<qint64>(model->skippedDuplicates()) } });
    }
    return readModels;
}

QJsonObject topicsOf(const Simulation& sim)
{
    const EventBus& bus = sim.bus();
    QJsonObject topics;
    for (std::uint16_t t = 0; t < bus.topicCount(); ++t) {
        const Topic& topic = bus.topic(t);
        qint64 records = 0;
        qint64 logStart = 0;
        for (std::size_t p = 0; p < topic.logs.size(); ++p) {
            records += static_cast<qint64>(topic.logs[p].size());
            logStart += topic.logStart[p];
        }
        // logStart: summed over the partitions, the records retention deleted; records - logStart are kept.
        topics.insert(text(sim.log().text(topic.name)),
            QJsonObject { { QStringLiteral("partitions"), topic.partitionCount() },
                { QStringLiteral("records"), records }, { QStringLiteral("logStart"), logStart },
                { QStringLiteral("retentionUs"), static_cast<qint64>(topic.retention) },
                { QStringLiteral("produceRetries"), static_cast<qint64>(topic.produceRetries) } });
    }
    return topics;
}

/// `groups`; with `read`, only the groups and fields it names (then `exact` is set: nothing to prune),
/// unless it names something they lack (what a missing name is told needs them all).
QJsonObject groupsOf(const Simulation& sim, const StatePaths* read = nullptr, bool* exact = nullptr)
{
    const bool pruned = read && !read->readsWhole() && !read->counted;
    if (exact)
        *exact = false;
    const EventBus& bus = sim.bus();
    // A group name subscribed to several topics has one ConsumerGroup per topic: summed here.
    struct GroupTotals {
        qint64 lag = 0;
        qint64 orderViolations = 0;
        qint64 parked = 0; ///< events its resequencer parked
        qint64 parkedNow = 0; ///< of them, still held
        qint64 gapsSkipped = 0;
        qint64 expired = 0; ///< records retention deleted before the group fetched them
        qint64 blocked = 0; ///< partitions stuck on a record it cannot handle (onFailure: block)
        qint64 skipped = 0; ///< records it moved past unhandled (onFailure: skip)
        qint64 deadLettered = 0;
        QJsonObject topics;
    };
    std::map<QString, GroupTotals> groups;
    for (std::uint16_t g = 0; g < bus.groupCount(); ++g) {
        const ConsumerGroup& group = bus.group(g);
        qint64 lag = 0;
        const QString name = text(sim.log().text(group.name));
        bool topics = true;
        if (pruned) {
            const auto readHere = read->children.find(name);
            if (readHere == read->children.end())
                continue;
            topics = readHere->second.readsWhole() || readHere->second.counted
                || readHere->second.children.contains(QStringLiteral("topics"));
        }
        GroupTotals& totals = groups[name];
        for (std::int32_t p = 0; p < static_cast<std::int32_t>(group.partitions.size()); ++p) {
            lag += bus.lag(g, p);
            const PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(p)];
            totals.parkedNow += static_cast<qint64>(cursor.parked.size());
            totals.blocked += cursor.blockedAt >= 0 ? 1 : 0;
        }
        totals.lag += lag;
        totals.orderViolations += static_cast<qint64>(group.orderViolations);
        totals.parked += static_cast<qint64>(group.parked);
        totals.gapsSkipped += static_cast<qint64>(group.gapsSkipped);
        totals.expired += static_cast<qint64>(group.expired);
        totals.skipped += static_cast<qint64>(group.skipped);
        totals.deadLettered += static_cast<qint64>(group.deadLettered);
        if (topics)
            totals.topics.insert(text(sim.log().text(bus.topic(group.topic).name)), lag);
    }
    if (pruned && groups.size() < read->children.size())
        return groupsOf(sim); // a name no group has
    if (exact && pruned) // every group read for fields it has, each read whole: built as read
        *exact = std::all_of(read->children.begin(), read->children.end(), [](const auto& group) {
            const StatePaths& g = group.second;
            return !g.readsWhole() && !g.counted
                && std::all_of(g.children.begin(), g.children.end(), [](const auto& f) {
                       return f.second.readsWhole() && !f.second.counted && f.first != QLatin1String("topics");
                   });
        });
    static const QStringList fields { QStringLiteral("lag"), QStringLiteral("orderViolations"),
        QStringLiteral("parked"), QStringLiteral("parkedNow"), QStringLiteral("gapsSkipped"), QStringLiteral("expired"),
        QStringLiteral("blocked"), QStringLiteral("skipped"), QStringLiteral("deadLettered"),
        QStringLiteral("topics") };
    QJsonObject groupObject;
    for (const auto& [name, totals] : groups) {
        const StatePaths* fieldsRead = pruned ? &read->children.at(name) : nullptr;
        if (fieldsRead && (fieldsRead->readsWhole() || fieldsRead->counted))
            fieldsRead = nullptr;
        if (fieldsRead)
            for (const auto& [field, below] : fieldsRead->children)
                if (!fields.contains(field)) {
                    fieldsRead = nullptr; // a field no group has: told as on the whole object
                    break;
                }
        QJsonObject object;
        const auto put = [&](const QString& field, const QJsonValue& value) {
            if (!fieldsRead || fieldsRead->children.contains(field))
                object.insert(field, value);
        };
        const qint64 values[] = { totals.lag, totals.orderViolations, totals.parked, totals.parkedNow,
            totals.gapsSkipped, totals.expired, totals.blocked, totals.skipped, totals.deadLettered };
        for (qsizetype f = 0; f < 9; ++f)
            put(fields[f], values[f]);
        put(fields[9], totals.topics);
        groupObject.insert(name, object);
    }
    return groupObject;
}

/// A service's own state with `up` and `instances`, as `services.ID` shows it.
QJsonObject serviceState(const Simulation& sim, std::uint16_t i)
{
    QJsonObject own = sim.service(i).state();
    if (!own.contains(QLatin1String("up")))
        own.insert(QStringLiteral("up"), sim.serviceUp(i));
    if (!own.contains(QLatin1String("instances")))
        own.insert(QStringLiteral("instances"), sim.instanceCount(i));
    return own;
}

/// The same, pruned to `read`, building only what it reads when the service can.
QJsonValue serviceState(
    const Simulation& sim, std::uint16_t i, const StatePaths& read, const QString& at, StatePaths::Counts& counts)
{
    if (read.readsWhole() || read.counted)
        return read.prune(serviceState(sim, i), at, counts);
    StatePaths own = read;
    const bool up = own.children.erase(QStringLiteral("up")) > 0;
    const bool instances = own.children.erase(QStringLiteral("instances")) > 0;
    QJsonObject object;
    if (!own.children.empty()) {
        const auto* partial = dynamic_cast<const PartialState*>(&sim.service(i));
        object
            = partial ? partial->readState(own, at, counts) : own.prune(sim.service(i).state(), at, counts).toObject();
    }
    for (const auto& [name, below] : own.children)
        if (!object.contains(name)) // a key it does not have: told as on the whole state
            return serviceState(sim, i);
    if ((up && object.contains(QLatin1String("up"))) || (instances && object.contains(QLatin1String("instances"))))
        return read.prune(serviceState(sim, i), at, counts); // its own `up`: the whole state says which wins
    if (up)
        object.insert(QStringLiteral("up"), sim.serviceUp(i));
    if (instances)
        object.insert(QStringLiteral("instances"), sim.instanceCount(i));
    return object;
}

/// A service by its id, else by its camelCase alias (`byAlias`); -1 if none. Ids are compared as UTF-8, so
/// a sample converts no service's name.
int serviceIndex(const Simulation& sim, const QString& name, bool byAlias)
{
    const QByteArray utf8 = name.toUtf8();
    const std::string_view wanted(utf8.constData(), static_cast<std::size_t>(utf8.size()));
    for (std::uint16_t i = 0; i < sim.serviceCount(); ++i)
        if (sim.serviceName(i) == wanted)
            return static_cast<int>(i);
    if (byAlias)
        for (std::uint16_t i = 0; i < sim.serviceCount(); ++i)
            if (CheckState::camelCase(text(sim.serviceName(i))) == name)
                return static_cast<int>(i);
    return -1;
}

/// `services.ID.…` read by the service itself; `up` and `instances` (which its own state may hold) only whole.
std::optional<qint64> serviceNumber(const Simulation& sim, int i, std::span<const QString> path, bool counted)
{
    if (i < 0 || path.empty() || path.front() == QLatin1String("up") || path.front() == QLatin1String("instances"))
        return std::nullopt;
    return sim.service(static_cast<std::uint16_t>(i)).stateNumber(path, counted);
}

/// `groups.NAME.FIELD`, summed over the group's topics as groupsOf sums it.
std::optional<qint64> groupNumber(const Simulation& sim, std::span<const QString> path)
{
    static const QStringList fields { QStringLiteral("lag"), QStringLiteral("orderViolations"),
        QStringLiteral("parked"), QStringLiteral("parkedNow"), QStringLiteral("gapsSkipped"), QStringLiteral("expired"),
        QStringLiteral("blocked"), QStringLiteral("skipped"), QStringLiteral("deadLettered") };
    const qsizetype field = path.size() == 2 ? fields.indexOf(path[1]) : -1;
    if (field < 0)
        return std::nullopt;
    const QByteArray utf8 = path[0].toUtf8();
    const std::string_view wanted(utf8.constData(), static_cast<std::size_t>(utf8.size()));
    const EventBus& bus = sim.bus();
    bool found = false;
    qint64 total = 0;
    for (std::uint16_t g = 0; g < bus.groupCount(); ++g) {
        const ConsumerGroup& group = bus.group(g);
        if (sim.log().text(group.name) != wanted)
            continue;
        found = true;
        const auto partitions = static_cast<std::int32_t>(group.partitions.size());
        for (std::int32_t p = 0; p < partitions; ++p) {
            const PartitionCursor& cursor = group.partitions[static_cast<std::size_t>(p)];
            total += field == 0 ? bus.lag(g, p)
                : field == 3    ? static_cast<qint64>(cursor.parked.size())
                : field == 6    ? (cursor.blockedAt >= 0 ? 1 : 0)
                                : 0;
        }
        const std::uint64_t counters[] = { 0, group.orderViolations, group.parked, 0, group.gapsSkipped, group.expired,
            0, group.skipped, group.deadLettered };
        total += static_cast<qint64>(counters[field]);
    }
    return found ? std::optional<qint64>(total) : std::nullopt;
}

/// A counter of the summary (RunSummary::toJson), but the latency percentiles.
std::optional<qint64> counterNumber(const Simulation& sim, std::span<const QString> path, SimTime clock)
{
    const RunCounters c = sim.counters();
    const std::pair<const char*, std::uint64_t> top[]
        = { { "events", c.events }, { "deliveries", c.deliveries }, { "duplicateDeliveries", c.duplicateDeliveries },
              { "redeliveries", c.redeliveries }, { "dropped", c.dropped }, { "deadLettered", c.deadLettered },
              { "duplicateEffects", c.duplicateEffects }, { "orderViolations", c.orderViolations },
              { "rejected", c.rejected }, { "appendConflicts", c.appendConflicts }, { "staleReads", c.staleReads } };
    const std::pair<const char*, std::uint64_t> sagas[] = { { "started", c.sagas.started },
        { "completed", c.sagas.completed }, { "compensated", c.sagas.compensated }, { "stuck", c.sagas.stuck } };
    if (path.size() == 1 && path[0] == QLatin1String("simTimeUs"))
        return static_cast<qint64>(clock);
    const bool saga = path.size() == 2 && path[0] == QLatin1String("sagas");
    if (path.size() != 1 && !saga)
        return std::nullopt;
    for (const auto& [name, value] : saga ? std::span<const std::pair<const char*, std::uint64_t>>(sagas)
                                          : std::span<const std::pair<const char*, std::uint64_t>>(top))
        if (path.back() == QLatin1String(name))
            return static_cast<qint64>(value);
    return std::nullopt;
}

bool isCounter(const QString& name)
{
    static const QStringList names = [] {
        QStringList out;
        const QJsonObject summary = RunSummary().toJson();
        for (auto it = summary.begin(); it != summary.end(); ++it)
            out << it.key();
        return out;
    }();
    return names.contains(name);
}
}

QString CheckState::camelCase(const QString& id)
{
    QString out;
    bool upper = false;
    for (const QChar c : id) {
        if (c == u'-' || c == u'.' || c == u'_') {
            upper = !out.isEmpty();
            continue;
        }
        out += upper ? c.toUpper() : c;
        upper = false;
    }
    return out;
}

QStringList CheckState::rootNames(const QStringList& serviceIds)
{
    QStringList names { QStringLiteral("services"), QStringLiteral("readModels"), QStringLiteral("topics"),
        QStringLiteral("groups") };
    const QJsonObject summary = RunSummary().toJson();
    for (auto it = summary.begin(); it != summary.end(); ++it)
        if (it.key() != QLatin1String("scenario") && it.key() != QLatin1String("seed")
            && it.key() != QLatin1String("checks") && it.key() != QLatin1String("fingerprint")
            && it.key() != QLatin1String("wallMs"))
            names << it.key();
    for (const QString& id : serviceIds) {
        if (!names.contains(id))
            names << id;
        if (const QString alias = camelCase(id); !names.contains(alias))
            names << alias; // `revenueView` for `revenue-view`: an id with dashes is no name in an expression
    }
    return names;
}

QJsonObject CheckState::of(const Simulation& sim, const QSet<QString>* only, SimTime clock)
{
    clock = clock >= 0 ? clock : sim.now();
    const auto wanted = [only](const QString& name) { return !only || only->contains(name); };
    QJsonObject state = counters(sim, wanted(QStringLiteral("latency")), clock);
    QJsonObject services;
    for (std::uint16_t i = 0; i < sim.serviceCount(); ++i) {
        const QString id = text(sim.serviceName(i));
        const QString alias = camelCase(id);
        if (!wanted(QStringLiteral("services")) && !wanted(id) && !wanted(alias))
            continue;
        const QJsonObject own = serviceState(sim, i);
        services.insert(id, own);
        if (!state.contains(id))
            state.insert(id, own);
        if (alias != id && !state.contains(alias))
            state.insert(alias, own);
    }
    state.insert(QStringLiteral("services"), services);
    state.insert(
        QStringLiteral("readModels"), wanted(QStringLiteral("readModels")) ? readModelsOf(sim, clock) : QJsonObject());
    if (!wanted(QStringLiteral("topics")) && !wanted(QStringLiteral("groups")))
        return state;

    state.insert(QStringLiteral("topics"), topicsOf(sim));
    state.insert(QStringLiteral("groups"), groupsOf(sim));
    return state;
}

std::optional<qint64> CheckState::number(
    const Simulation& sim, std::span<const QString> path, bool counted, SimTime clock)
{
    // The sections in the order `of` resolves a top-level name.
    if (path.empty() || path[0] == QLatin1String("readModels") || path[0] == QLatin1String("topics"))
        return std::nullopt;
    if (path[0] == QLatin1String("services"))
        return path.size() < 2 ? std::nullopt
                               : serviceNumber(sim, serviceIndex(sim, path[1], false), path.subspan(2), counted);
    if (path[0] == QLatin1String("groups"))
        return counted ? std::nullopt : groupNumber(sim, path.subspan(1));
    if (isCounter(path[0]))
        return counted ? std::nullopt : counterNumber(sim, path, clock >= 0 ? clock : sim.now());
    return serviceNumber(sim, serviceIndex(sim, path[0], true), path.subspan(1), counted);
}

QJsonObject CheckState::of(const Simulation& sim, const StatePaths& reads, StatePaths::Counts& counts, SimTime clock)
{
    counts.clear();
    clock = clock >= 0 ? clock : sim.now();
    if (reads.readsWhole() || reads.counted)
        return of(sim, nullptr, clock);
    const auto byId = [&sim](const QString& name) { return serviceIndex(sim, name, false); };
    const auto byName = [&sim](const QString& name) { return serviceIndex(sim, name, true); };

    QJsonObject state;
    QJsonObject summary;
    const auto sectionOf = [&](const QString& root, const StatePaths& read) -> QJsonValue {
        if (root == QLatin1String("services")) {
            bool whole = read.readsWhole() || read.counted;
            for (const auto& [id, below] : read.children)
                whole = whole || byId(id) < 0;
            if (whole) {
                QJsonObject services;
                for (std::uint16_t i = 0; i < sim.serviceCount(); ++i)
                    services.insert(text(sim.serviceName(i)), serviceState(sim, i));
                return read.prune(services, root, counts);
            }
            QJsonObject services;
            for (const auto& [id, below] : read.children)
                services.insert(id,
                    serviceState(sim, static_cast<std::uint16_t>(byId(id)), below, StatePaths::key(root, id), counts));
            return services;
        }
        if (root == QLatin1String("readModels"))
            return read.prune(readModelsOf(sim, clock), root, counts);
        if (root == QLatin1String("topics"))
            return read.prune(topicsOf(sim), root, counts);
        if (root == QLatin1String("groups")) {
            bool exact = false;
            const QJsonObject groups = groupsOf(sim, &read, &exact);
            return exact ? groups : read.prune(groups, root, counts);
        }
        if (isCounter(root)) {
            if (summary.isEmpty())
                summary = counters(sim, reads.children.contains(QStringLiteral("latency")), clock);
            return read.prune(summary.value(root), root, counts);
        }
        if (const int i = byName(root); i >= 0)
            return serviceState(sim, static_cast<std::uint16_t>(i), read, root, counts);
        return QJsonValue::Undefined;
    };
    for (const auto& [root, read] : reads.children) {
        const QJsonValue value = sectionOf(root, read);
        if (value.isUndefined()) // an unknown name: what the reader is told names every known one
            return of(sim, nullptr, clock);
        state.insert(root, value);
    }
    return state;
}

} // namespace eventloom
