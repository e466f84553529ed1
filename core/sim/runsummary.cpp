#include "runsummary.h"

#include "fingerprint.h"
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
    QJsonObject object {
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
            QJsonObject { { QStringLiteral("orders"), n(latency.count) },
                { QStringLiteral("p50Us"), static_cast<qint64>(latency.p50) },
                { QStringLiteral("p95Us"), static_cast<qint64>(latency.p95) },
                { QStringLiteral("p99Us"), static_cast<qint64>(latency.p99) } } },
        { QStringLiteral("checks"), checkArray },
        { QStringLiteral("fingerprint"), QString::fromStdString(Fingerprint::format(fingerprint)) },
        { QStringLiteral("wallMs"), wallMs },
    };
    if (!figures.empty()) {
        QJsonObject figureObject;
        for (const Figure& f : figures)
            figureObject.insert(f.name, f.value);
        object.insert(QStringLiteral("figures"), figureObject);
    }
    return object;
}

QString RunSummary::toText() const
{
    QString out;
    const auto line = [&out](const QString& label, const QString& value) {
        out += label.leftJustified(22) + (label.size() >= 22 ? QStringLiteral(" ") : QString()) + value + u'\n';
    };
    const auto num = [](std::uint64_t v) { return QString::number(v); };
    line(QStringLiteral("scenario"), scenario);
    line(QStringLiteral("seed"), QString::number(seed));
    line(QStringLiteral("simulated time"), QString::fromStdString(formatDuration(simTime)));
    line(QStringLiteral("events published"), num(counters.events));
    line(QStringLiteral("deliveries"), num(counters.deliveries));
    line(QStringLiteral("duplicate deliveries"), num(counters.duplicateDeliveries));
    line(QStringLiteral("redeliveries"), num(counters.redeliveries));
    line(QStringLiteral("dropped"), num(counters.dropped));
    line(QStringLiteral("dead-lettered"), num(counters.deadLettered));
    line(QStringLiteral("duplicate effects"), num(counters.duplicateEffects));
    line(QStringLiteral("order violations"), num(counters.orderViolations));
    line(QStringLiteral("rejected commands"), num(counters.rejected));
    line(QStringLiteral("append conflicts"), num(counters.appendConflicts));
    line(QStringLiteral("stale reads"), num(counters.staleReads));
    line(QStringLiteral("sagas"),
        QStringLiteral("%1 started, %2 completed, %3 compensated, %4 stuck")
            .arg(counters.sagas.started)
            .arg(counters.sagas.completed)
            .arg(counters.sagas.compensated)
            .arg(counters.sagas.stuck));
    if (latency.count > 0)
        line(QStringLiteral("order latency"),
            QStringLiteral("p50 %1, p95 %2, p99 %3 (%4 orders)")
                .arg(QString::fromStdString(formatDuration(latency.p50)),
                    QString::fromStdString(formatDuration(latency.p95)),
                    QString::fromStdString(formatDuration(latency.p99)))
                .arg(latency.count));
    for (const Check& c : checks)
        line(c.passed ? QStringLiteral("check passed") : QStringLiteral("check FAILED"),
            c.name + (c.detail.isEmpty() ? QString() : QStringLiteral(" — ") + c.detail));
    for (const Figure& f : figures)
        line(QStringLiteral("figure ") + f.name, f.text);
    line(QStringLiteral("fingerprint"), QString::fromStdString(Fingerprint::format(fingerprint)));
    line(QStringLiteral("wall time"), QString::number(wallMs) + QStringLiteral(" ms"));
    return out;
}

} // namespace eventloom
