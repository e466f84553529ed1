// The oracle: the delivery checker's State as it was before issue 22, unchanged but for its name (and for
// Finding::note and DeliveryChecker::settles, which both share).
#include "referencedeliverychecker.h"

#include "bus/eventlog.h"
#include "sim/simulation.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace eventloom::test {

namespace {
using GroupPartition = std::pair<std::uint16_t, std::int32_t>;
using GroupMessage = std::pair<std::uint16_t, std::uint32_t>;
}

struct ReferenceDeliveryChecker::State {
    using Report = DeliveryChecker::Report;
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
                report.duplicateDeliveries.note(r, at);
            break;
        case TraceKind::Handled: {
            if (r.topic == kNoIndex || !DeliveryChecker::settles(r.outcome))
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
                    report.orderViolations.note(r, at);
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
            report.duplicateEffects.note(r, at);
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
                    report.nonMonotonicOffsets.note(r, at);
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
                    out.expired.note(r, publishedAt[i]);
                    continue;
                }
                // Committed past without being handled: lost. Not reached yet: unfinished.
                (done != committed.end() && p.offset < done->second ? out.lost : out.unfinished)
                    .note(r, publishedAt[i]);
            }
        }
        return out;
    }
};

ReferenceDeliveryChecker::ReferenceDeliveryChecker()
    : m_state(std::make_unique<State>())
{
}
ReferenceDeliveryChecker::~ReferenceDeliveryChecker() = default;

DeliveryChecker::Report ReferenceDeliveryChecker::check(std::span<const TraceRecord> trace, const EventLog& log)
{
    State state;
    for (const TraceRecord& r : trace)
        state.add(r, log);
    return state.finish();
}

void ReferenceDeliveryChecker::onTrace(const TraceRecord& record, const Simulation& sim)
{
    m_state->add(record, sim.log());
}

DeliveryChecker::Report ReferenceDeliveryChecker::report() const
{
    return m_state->finish();
}

} // namespace eventloom::test
