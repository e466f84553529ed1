#include "checkstate.h"

#include "../readmodels/readmodel.h"
#include "../readmodels/readmodellag.h"
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
QJsonObject counters(const Simulation& sim, bool latency)
{
    RunSummary summary; // RunSummary::of, but the latency percentiles (a sort) only when read
    summary.simTime = sim.now();
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

QJsonObject CheckState::of(const Simulation& sim, const QSet<QString>* only)
{
    const auto wanted = [only](const QString& name) { return !only || only->contains(name); };
    QJsonObject state = counters(sim, wanted(QStringLiteral("latency")));
    QJsonObject services;
    QJsonObject readModels;
    for (std::uint16_t i = 0; i < sim.serviceCount(); ++i) {
        const QString id = text(sim.serviceName(i));
        const Service& service = sim.service(i);
        const auto* model = dynamic_cast<const ReadModel*>(&service);
        const QString alias = camelCase(id);
        if (!wanted(QStringLiteral("services")) && !wanted(id) && !wanted(alias)
            && !(model && wanted(QStringLiteral("readModels"))))
            continue;
        QJsonObject own = service.state();
        if (!own.contains(QLatin1String("up")))
            own.insert(QStringLiteral("up"), sim.serviceUp(i));
        if (!own.contains(QLatin1String("instances")))
            own.insert(QStringLiteral("instances"), sim.instanceCount(i));
        services.insert(id, own);
        if (!state.contains(id))
            state.insert(id, own);
        if (alias != id && !state.contains(alias))
            state.insert(alias, own);
        if (model) {
            const ReadModelLag lag = ReadModelLag::of(*model, sim);
            putWithAlias(readModels, id,
                QJsonObject { { QStringLiteral("lag"), static_cast<qint64>(lag.offsetsBehind) },
                    { QStringLiteral("lagUs"), static_cast<qint64>(lag.timeBehind) },
                    { QStringLiteral("caughtUp"), lag.caughtUp() },
                    { QStringLiteral("rows"), static_cast<qint64>(model->rowCount()) },
                    { QStringLiteral("appliedEvents"), static_cast<qint64>(model->appliedEvents()) },
                    { QStringLiteral("skippedDuplicates"), static_cast<qint64>(model->skippedDuplicates()) } });
        }
    }
    state.insert(QStringLiteral("services"), services);
    state.insert(QStringLiteral("readModels"), readModels);
    if (!wanted(QStringLiteral("topics")) && !wanted(QStringLiteral("groups")))
        return state;

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
    state.insert(QStringLiteral("topics"), topics);

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
        GroupTotals& totals = groups[text(sim.log().text(group.name))];
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
        totals.topics.insert(text(sim.log().text(bus.topic(group.topic).name)), lag);
    }
    QJsonObject groupObject;
    for (const auto& [name, totals] : groups)
        groupObject.insert(name,
            QJsonObject { { QStringLiteral("lag"), totals.lag },
                { QStringLiteral("orderViolations"), totals.orderViolations },
                { QStringLiteral("parked"), totals.parked }, { QStringLiteral("parkedNow"), totals.parkedNow },
                { QStringLiteral("gapsSkipped"), totals.gapsSkipped }, { QStringLiteral("expired"), totals.expired },
                { QStringLiteral("blocked"), totals.blocked }, { QStringLiteral("skipped"), totals.skipped },
                { QStringLiteral("deadLettered"), totals.deadLettered }, { QStringLiteral("topics"), totals.topics } });
    state.insert(QStringLiteral("groups"), groupObject);
    return state;
}

} // namespace eventloom
