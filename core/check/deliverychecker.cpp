#include "deliverychecker.h"
#include "deliverycheckerstate.h"

#include "../bus/eventlog.h"
#include "../sim/simulation.h"

namespace eventloom {

void DeliveryChecker::Finding::note(const TraceRecord& r, std::uint64_t position)
{
    ++count;
    if (first.size() < kExamples) {
        first.push_back(r);
        positions.push_back(position);
    }
}

bool DeliveryChecker::settles(HandleOutcome outcome)
{
    return outcome == HandleOutcome::Ok || outcome == HandleOutcome::SkippedDuplicate
        || outcome == HandleOutcome::Rejected || outcome == HandleOutcome::SkippedTenant;
}

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

std::size_t DeliveryChecker::heldEntries() const
{
    return m_state->heldEntries();
}

std::size_t DeliveryChecker::heldBytes() const
{
    return m_state->heldBytes();
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
