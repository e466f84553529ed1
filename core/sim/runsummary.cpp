#include "runsummary.h"

#include "../trace/fingerprint.h"
#include "simulation.h"

#include <QJsonArray>

namespace eventloom {

RunSummary RunSummary::of(const QString& scenario, const Simulation& sim, qint64 wallMs)
{
    RunSummary s;
    s.scenario = scenario;
    s.seed = sim.seed();
    s.simTime = sim.now();
    s.counters = sim.counters();
    s.fingerprint = sim.fingerprint();
    s.latency = sim.orderLatency();
    s.wallMs = wallMs;
    return s;
}

QJsonObject RunSummary::toJson() const
{
    const auto n = [](std::uint64_t v) { return QJsonValue(static_cast<qint64>(v)); };
    QJsonArray checkArray;
    for (const Check& c : checks)
        checkArray.append(QJsonObject { { QStringLiteral("name"), c.name }, { QStringLiteral("passed"), c.passed },
            { QStringLiteral("detail"), c.detail } });
    return {
        { QStringLiteral("scenario"), scenario },
        { QStringLiteral("seed"), static_cast<qint64>(seed) },
        { QStringLiteral("simTimeUs"), static_cast<qint64>(simTime) },
        { QStringLiteral("events"), n(counters.events) },
        { QStringLiteral("deliveries"), n(counters.deliveries) },
        { QStringLiteral("duplicateDeliveries"), n(counters.duplicateDeliveries) },
        { QStringLiteral("redeliveries"), n(counters.redeliveries) },
        { QStringLiteral("dropped"), n(counters.dropped) },
        { QStringLiteral("deadLettered"), n(counters.deadLettered) },
        { QStringLiteral("duplicateEffects"), n(counters.duplicateEffects) },
        { QStringLiteral("orderViolations"), n(counters.orderViolations) },
        { QStringLiteral("rejected"), n(counters.rejected) },
        { QStringLiteral("appendConflicts"), n(counters.appendConflicts) },
        { QStringLiteral("staleReads"), n(counters.staleReads) },
        { QStringLiteral("sagas"),
            QJsonObject { { QStringLiteral("started"), n(counters.sagas.started) },
                { QStringLiteral("completed"), n(counters.sagas.completed) },
                { QStringLiteral("compensated"), n(counters.sagas.compensated) },
                { QStringLiteral("stuck"), n(counters.sagas.stuck) } } },
        { QStringLiteral("latency"),
            QJsonObject { { QStringLiteral("orders"), n(latency.count) }, { QStringLiteral("p50Us"), static_cast<qint64>(latency.p50) },
                { QStringLiteral("p95Us"), static_cast<qint64>(latency.p95) }, { QStringLiteral("p99Us"), static_cast<qint64>(latency.p99) } } },
        { QStringLiteral("checks"), checkArray },
        { QStringLiteral("fingerprint"), QString::fromStdString(Fingerprint::format(fingerprint)) },
        { QStringLiteral("wallMs"), wallMs },
    };
}

QString RunSummary::toText() const
{
    QString out;
    const auto line = [&out](const char* label, const QString& value) {
        out += QString::fromLatin1(label).leftJustified(22) + value + u'\n';
    };
    const auto num = [](std::uint64_t v) { return QString::number(v); };
    line("scenario", scenario);
    line("seed", QString::number(seed));
    line("simulated time", QString::fromStdString(formatDuration(simTime)));
    line("events published", num(counters.events));
    line("deliveries", num(counters.deliveries));
    line("duplicate deliveries", num(counters.duplicateDeliveries));
    line("redeliveries", num(counters.redeliveries));
    line("dropped", num(counters.dropped));
    line("dead-lettered", num(counters.deadLettered));
    line("duplicate effects", num(counters.duplicateEffects));
    line("order violations", num(counters.orderViolations));
    line("rejected commands", num(counters.rejected));
    line("append conflicts", num(counters.appendConflicts));
    line("stale reads", num(counters.staleReads));
    line("sagas", QStringLiteral("%1 started, %2 completed, %3 compensated, %4 stuck")
                      .arg(counters.sagas.started).arg(counters.sagas.completed)
                      .arg(counters.sagas.compensated).arg(counters.sagas.stuck));
    if (latency.count > 0)
        line("order latency", QStringLiteral("p50 %1, p95 %2, p99 %3 (%4 orders)")
                                  .arg(QString::fromStdString(formatDuration(latency.p50)), QString::fromStdString(formatDuration(latency.p95)),
                                      QString::fromStdString(formatDuration(latency.p99)))
                                  .arg(latency.count));
    for (const Check& c : checks)
        line(c.passed ? "check passed" : "check FAILED", c.name + (c.detail.isEmpty() ? QString() : QStringLiteral(" — ") + c.detail));
    line("fingerprint", QString::fromStdString(Fingerprint::format(fingerprint)));
    line("wall time", QString::number(wallMs) + QStringLiteral(" ms"));
    return out;
}

} // namespace eventloom
