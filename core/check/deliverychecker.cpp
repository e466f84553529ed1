#include "deliverychecker.h"

#include "../bus/eventlog.h"
#include "../sim/simulation.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace eventloom {

namespace {
void note(DeliveryChecker::Finding& finding, const TraceRecord& r, std::uint64_t position)
{
    ++finding.count;
    if (finding.first.size() < DeliveryChecker::kExamples) {
        finding.first.push_back(r);
        finding.positions.push_back(position);
    }
}

bool handledOk(HandleOutcome outcome)
{
    return outcome == HandleOutcome::Ok || outcome == HandleOutcome::SkippedDuplicate
        || outcome == HandleOutcome::Rejected || outcome == HandleOutcome::SkippedTenant;
}

using GroupPartition = std::pair<std::uint16_t, std::int32_t>;
using GroupMessage = std::pair<std::uint16_t, std::uint32_t>;
}

struct DeliveryChecker::State {
    Report report;
    std::map<GroupMessage, int> deliveries;
    std::set<GroupMessage> settled; ///< handled, dropped or dead-lettered by the group
    std::map<GroupPartition, std::int64_t> committed;
    std::map<GroupPartition, std::int64_t> startOffset; ///< where the group began reading the partition
    std::map<std::pair<std::uint16_t, std::int32_t>, std::int64_t> logStart; ///< per (topic, partition)
    std::set<GroupMessage> expired; ///< deleted by retention before the group read them
    std::map<std::uint16_t, std::uint16_t> groupTopic;
    /// Newest position per key: its entityVersion, or its offset
    std::map<std::tuple<std::uint16_t, std::int32_t, Atom>, std::int64_t> lastHandled;
    Atom versionField = 0;
    std::vector<TraceRecord> published;
    std::vector<std::uint64_t> publishedAt; ///< each published record's position in the trace
    std::uint64_t position = 0; ///< records added so far
    /// Per (topic, partition): the message at each offset, so retention looks at what it deleted only.
    std::map<std::pair<std::uint16_t, std::int32_t>, std::vector<std::uint32_t>> offsets;

    void add(const TraceRecord& r, const EventLog& log)
    {
        const std::uint64_t at = position++;
        switch (r.kind) {
        case TraceKind::Published: {
            published.push_back(r);
            publishedAt.push_back(at);
            auto& messages = offsets[{ r.topic, r.partition }];
            if (messages.size() <= static_cast<std::size_t>(r.offset))
                messages.resize(static_cast<std::size_t>(r.offset) + 1, kNoMessage);
            messages[static_cast<std::size_t>(r.offset)] = r.message;
            break;
        }
        case TraceKind::Rebalanced:
            groupTopic.emplace(r.group, r.topic);
            startOffset.emplace(GroupPartition { r.group, r.partition }, r.offset);
            break;
        case TraceKind::Delivered:
            if (r.topic == kNoIndex)
                break;
            // Again after it was handled (a redelivery or a duplicate); a retry of a failure is not one.
            if (settled.count({ r.group, r.message }) && ++deliveries[{ r.group, r.message }] == 1)
                note(report.duplicateDeliveries, r, at);
            break;
        case TraceKind::Handled: {
            if (r.topic == kNoIndex || !handledOk(r.outcome))
                break;
            const bool first = settled.insert({ r.group, r.message }).second;
            const Atom key = r.message < log.size() ? log.at(r.message).key : 0;
            if (!first || key == 0)
                break;
            // An entity's order is its events' entityVersion where they carry one (a producer's retry can
            // append them out of order); otherwise the order they were appended in, their offsets.
            if (versionField == 0)
                versionField = log.atoms().find("entityVersion");
            const Value version = versionField == 0 ? Value() : log.field(log.at(r.message), versionField);
            const std::int64_t position = version.type == Value::Type::Int ? version.i : r.offset;
            auto [it, inserted] = lastHandled.try_emplace({ r.group, r.partition, key }, position);
            if (!inserted) {
                if (position < it->second)
                    note(report.orderViolations, r, at);
                else
                    it->second = position;
            }
            break;
        }
        case TraceKind::Dropped:
        case TraceKind::DeadLettered:
            settled.insert({ r.group, r.message });
            break;
        case TraceKind::DuplicateEffect:
            note(report.duplicateEffects, r, at);
            break;
        case TraceKind::Retention: {
            // What a group had neither handled nor committed past is deleted unread; past its committed
            // offset unhandled, it was lost before retention came.
            logStart[{ r.topic, r.partition }] = r.offset;
            const std::vector<std::uint32_t>& messages = offsets[{ r.topic, r.partition }];
            for (const auto& [group, topic] : groupTopic) {
                if (topic != r.topic)
                    continue;
                const auto done = committed.find({ group, r.partition });
                const std::int64_t from = std::max(r.aux, done == committed.end() ? 0 : done->second);
                for (std::int64_t o = from; o < r.offset && o < static_cast<std::int64_t>(messages.size()); ++o) {
                    const std::uint32_t message = messages[static_cast<std::size_t>(o)];
                    if (message != kNoMessage && !settled.count({ group, message }))
                        expired.insert({ group, message });
                }
            }
            break;
        }
        case TraceKind::OffsetReset: {
            // Asked for, not a broken guarantee: the committed offset moves either way. A replay hands the
            // group again what it had settled (not duplicate deliveries; their effects still count); a
            // skip passes over what it had not (not lost), except what retention deleted (expired). A
            // group's first record may be this one (a late group starting at the log start): it starts at 0.
            startOffset.emplace(GroupPartition { r.group, r.partition }, r.aux);
            committed[{ r.group, r.partition }] = r.offset;
            const auto kept = logStart.find({ r.topic, r.partition });
            const std::int64_t firstKept = kept == logStart.end() ? 0 : kept->second;
            for (const TraceRecord& p : published)
                if (p.topic == r.topic && p.partition == r.partition) {
                    if (p.offset >= r.offset) {
                        settled.erase({ r.group, p.message });
                        deliveries.erase({ r.group, p.message });
                    } else if (p.offset >= r.aux && p.offset < firstKept) {
                        if (!settled.count({ r.group, p.message }))
                            expired.insert({ r.group, p.message });
                    } else if (p.offset >= r.aux) {
                        settled.insert({ r.group, p.message });
                    }
                }
            std::erase_if(lastHandled, [&](const auto& entry) {
                return std::get<0>(entry.first) == r.group && std::get<1>(entry.first) == r.partition;
            });
            break;
        }
        case TraceKind::Committed: {
            auto [it, inserted] = committed.try_emplace({ r.group, r.partition }, r.offset);
            if (!inserted) {
                if (r.offset < it->second)
                    note(report.nonMonotonicOffsets, r, at);
                it->second = std::max(it->second, r.offset);
            }
            break;
        }
        default:
            break;
        }
    }

    Report finish() const
    {
        Report out = report;
        for (std::size_t i = 0; i < published.size(); ++i) {
            const TraceRecord& p = published[i];
            for (const auto& [group, topic] : groupTopic) {
                if (topic != p.topic)
                    continue;
                const GroupPartition gp { group, p.partition };
                const auto start = startOffset.find(gp);
                const auto done = committed.find(gp);
                if (start == startOffset.end() || p.offset < start->second || settled.count({ group, p.message }))
                    continue;
                TraceRecord r = p;
                r.group = group; // which group lost it, or has yet to handle it
                if (expired.count({ group, p.message })) {
                    note(out.expired, r, publishedAt[i]);
                    continue;
                }
                // Committed past without being handled: lost. Not reached yet: unfinished.
                note(done != committed.end() && p.offset < done->second ? out.lost : out.unfinished, r, publishedAt[i]);
            }
        }
        return out;
    }
};

DeliveryChecker::DeliveryChecker()
    : m_state(std::make_unique<State>())
{
}
DeliveryChecker::~DeliveryChecker() = default;

DeliveryChecker::Report DeliveryChecker::check(std::span<const TraceRecord> trace, const EventLog& log)
{
    State state;
    for (const TraceRecord& r : trace)
        state.add(r, log);
    return state.finish();
}

void DeliveryChecker::onTrace(const TraceRecord& record, const Simulation& sim)
{
    m_state->add(record, sim.log());
}

DeliveryChecker::Report DeliveryChecker::report() const
{
    return m_state->finish();
}

std::vector<DeliveryChecker::Check> DeliveryChecker::checks(
    const Report& report, const Simulation& sim, const QString& stopped)
{
    const auto describe = [&](const TraceRecord& r) { return DeliveryChecker::describe(r, sim); };
    const auto make = [&](const char* name, const Finding& f, bool guarantee) {
        Check c { QLatin1String(name), f.count == 0, {}, guarantee };
        if (f.count > 0) {
            QStringList first;
            for (const TraceRecord& r : f.first)
                first << describe(r);
            c.detail = QStringLiteral("%1; first: %2").arg(f.count).arg(first.join(QStringLiteral("; ")));
        }
        return c;
    };
    Check lost = make(kNoLostEvents, report.lost, true);
    if (report.unfinished.count > 0) {
        QStringList first;
        for (const TraceRecord& r : report.unfinished.first)
            first << describe(r);
        const QString at = QString::fromStdString(formatDuration(sim.now()));
        const QString why = sim.paused()               ? QStringLiteral("at a breakpoint at %1").arg(at)
            : sim.idle() && !sim.reachedMessageLimit() ? QStringLiteral("at %1 with nothing left to run").arg(at)
            : !stopped.isEmpty()                       ? stopped
            : sim.stalled()
            ? QStringLiteral("at %1, with nothing left to run but retries of records groups are blocked on").arg(at)
            : QStringLiteral("at %1, before it went quiet").arg(at);
        QString unfinished
            = QStringLiteral("%1 %2 not yet handled when the run stopped %3")
                  .arg(report.unfinished.count)
                  .arg(report.unfinished.count == 1 ? QStringLiteral("delivery") : QStringLiteral("deliveries"), why);
        if (const QStringList stuck = blocked(sim); !stuck.isEmpty())
            unfinished
                += QStringLiteral(", behind a record a group never moves past: ") + stuck.join(QStringLiteral(", "));
        if (unfinishedAreLost(report, sim)) {
            // Nothing will ever deliver them: as lost as if the group had committed past them.
            lost.passed = false;
            lost.detail = (lost.detail.isEmpty() ? QString() : lost.detail + QStringLiteral("; and ")) + unfinished
                + QStringLiteral(", so never; first: ") + first.join(QStringLiteral("; "));
        } else if (lost.passed) {
            lost.detail = QStringLiteral("none lost so far; ") + unfinished + QStringLiteral(", not judged; first: ")
                + first.join(QStringLiteral("; "));
        } else {
            lost.detail += QStringLiteral("; and ") + unfinished + QStringLiteral(", not judged");
        }
    }
    if (report.expired.count > 0) {
        QStringList first;
        for (const TraceRecord& r : report.expired.first)
            first << describe(r);
        const QString expired
            = QStringLiteral("%1 expired before read (retention deleted them before the group read them)")
                  .arg(report.expired.count);
        lost.detail = (lost.detail.isEmpty() ? QStringLiteral("none lost; ") : lost.detail + QStringLiteral("; and "))
            + expired + QStringLiteral(", first: ") + first.join(QStringLiteral("; "));
    }
    return {
        std::move(lost),
        make(kMonotonicOffsets, report.nonMonotonicOffsets, true),
        make("delivery: no duplicate deliveries", report.duplicateDeliveries, false),
        make("delivery: no duplicate effects", report.duplicateEffects, false),
        make("delivery: no order violations", report.orderViolations, false),
    };
}

QString DeliveryChecker::describe(const TraceRecord& r, const Simulation& sim)
{
    const auto text = [&](Atom a) {
        return QString::fromUtf8(sim.log().text(a).data(), static_cast<qsizetype>(sim.log().text(a).size()));
    };
    QString s = QStringLiteral("t=%1us").arg(r.t);
    if (r.group != kNoIndex && r.group < sim.bus().groupCount())
        s += QStringLiteral(" group=") + text(sim.bus().group(r.group).name);
    else if (r.service != kNoIndex && r.service < sim.serviceCount())
        s += QStringLiteral(" service=") + QString::fromStdString(std::string(sim.serviceName(r.service)));
    if (r.topic != kNoIndex && r.topic < sim.bus().topicCount())
        s += QStringLiteral(" %1[%2]@%3").arg(text(sim.bus().topic(r.topic).name)).arg(r.partition).arg(r.offset);
    if (r.message != kNoMessage && r.message < sim.log().size()) {
        const Event& e = sim.log().at(r.message);
        s += u' ' + text(e.type);
        if (e.key != 0)
            s += QStringLiteral(" key=") + text(e.key);
    }
    return s;
}

bool DeliveryChecker::unfinishedAreLost(const Report& report, const Simulation& sim)
{
    return report.unfinished.count > 0 && sim.idle() && !sim.paused() && !sim.reachedMessageLimit();
}

QStringList DeliveryChecker::blocked(const Simulation& sim)
{
    const auto text = [&](Atom a) {
        return QString::fromUtf8(sim.log().text(a).data(), static_cast<qsizetype>(sim.log().text(a).size()));
    };
    QStringList out;
    const EventBus& bus = sim.bus();
    for (std::uint16_t g = 0; g < bus.groupCount(); ++g) {
        const ConsumerGroup& group = bus.group(g);
        for (std::size_t p = 0; p < group.partitions.size(); ++p)
            if (group.partitions[p].blockedAt >= 0)
                out << QStringLiteral("%1 on %2[%3]@%4")
                           .arg(text(group.name), text(bus.topic(group.topic).name))
                           .arg(p)
                           .arg(group.partitions[p].blockedAt);
    }
    return out;
}

} // namespace eventloom
