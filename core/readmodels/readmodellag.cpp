#include "readmodellag.h"

#include "../sim/simulation.h"
#include "readmodel.h"

#include <QJsonArray>
#include <algorithm>

namespace eventloom {

ReadModelLag ReadModelLag::of(const ReadModel& model, const Simulation& sim, SimTime now)
{
    const EventBus& bus = sim.bus();
    const EventLog& log = sim.log();
    ReadModelLag lag;
    lag.now = now >= 0 ? now : sim.now();
    for (std::uint16_t t = 0; t < bus.topicCount(); ++t) {
        if (!model.reads(t))
            continue;
        const Topic& topic = bus.topic(t);
        std::uint16_t group = kNoIndex;
        for (const std::uint16_t g : model.groups())
            if (bus.group(g).topic == t)
                group = g;
        for (std::int32_t p = 0; p < topic.partitionCount(); ++p) {
            const auto& records = topic.logs[static_cast<std::size_t>(p)];
            Partition part;
            part.topic = std::string(log.text(topic.name));
            part.topicIndex = t;
            part.partition = p;
            part.end = static_cast<std::int64_t>(records.size());
            const ReadModel::Position applied = model.position(t, p);
            part.next = applied.next;
            // Out-of-order delivery can have applied a few records above `next`.
            part.behind = part.end - applied.next - applied.ahead;
            part.uncommitted = group == kNoIndex ? part.behind : bus.lag(group, p);
            if (part.next < part.end) // `next` is by definition the oldest record not applied
                part.timeBehind = lag.now - log.at(records[static_cast<std::size_t>(part.next)]).publishTime;
            lag.offsetsBehind += part.behind;
            lag.timeBehind = std::max(lag.timeBehind, part.timeBehind);
            lag.partitions.push_back(std::move(part));
        }
    }
    return lag;
}

QJsonObject ReadModelLag::toJson() const
{
    QJsonArray parts;
    for (const Partition& p : partitions) {
        QJsonObject o;
        o.insert(QStringLiteral("topic"), QString::fromStdString(p.topic));
        o.insert(QStringLiteral("partition"), p.partition);
        o.insert(QStringLiteral("end"), static_cast<qint64>(p.end));
        o.insert(QStringLiteral("next"), static_cast<qint64>(p.next));
        o.insert(QStringLiteral("behind"), static_cast<qint64>(p.behind));
        o.insert(QStringLiteral("uncommitted"), static_cast<qint64>(p.uncommitted));
        o.insert(QStringLiteral("timeBehindUs"), static_cast<qint64>(p.timeBehind));
        parts.append(o);
    }
    QJsonObject object;
    object.insert(QStringLiteral("offsetsBehind"), static_cast<qint64>(offsetsBehind));
    object.insert(QStringLiteral("timeBehindUs"), static_cast<qint64>(timeBehind));
    object.insert(QStringLiteral("partitions"), parts);
    return object;
}

} // namespace eventloom
