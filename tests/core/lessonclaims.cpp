#include "lessonclaims.h"

#include <QJsonArray>

namespace eventloom::test {

/// On the lesson's own run (default seed, no injection), at its end.
Claim end(const char* literal, const char* expression, double tolerance)
{
    return { QString::fromUtf8(literal),
        [e = QString::fromUtf8(expression)](Lab& lab) { return Lab::number(lab.run().state, e); }, tolerance };
}
/// On a variant of the run, at its end.
Claim variant(const char* literal, QStringList sets, QStringList injects, const char* expression, double tolerance)
{
    return { QString::fromUtf8(literal),
        [sets, injects, e = QString::fromUtf8(expression)](
            Lab& lab) { return Lab::number(lab.run(sets, injects).state, e); },
        tolerance };
}
/// In the scenario file; durations ("8ms") in microseconds, divided by `unit`.
Claim config(const char* literal, const char* expression, double unit)
{
    return { QString::fromUtf8(literal),
        [e = QString::fromUtf8(expression), unit](Lab& lab) { return Lab::number(lab.config(), e) / unit; }, 0 };
}
/// From the trace of a run (the default one unless `sets`/`injects`).
Claim traced(const char* literal, std::function<double(const LabRun&)> f, double tolerance, QStringList sets,
    QStringList injects)
{
    return { QString::fromUtf8(literal), [f, sets, injects](Lab& lab) { return f(lab.run(sets, injects)); },
        tolerance };
}

InjectionSpec spec(const QString& text)
{
    QString problem;
    const auto parsed = InjectionSpec::parse(text, problem);
    if (!parsed)
        throw LabError(text.toStdString() + ": " + problem.toStdString());
    return *parsed;
}

/// The scenario's own injection `index` (its "injections" list), parsed.
InjectionSpec injection(Lab& lab, int index)
{
    return spec(lab.config().value(QStringLiteral("injections")).toArray().at(index).toString());
}
/// When the scenario's injection `index` takes effect, in `unit`, plus `offset` ("stop at 1.99 s", just before it).
Claim injectedAt(const char* literal, int index, double unit, double offset)
{
    return { QString::fromUtf8(literal),
        [index, unit, offset](Lab& lab) { return injection(lab, index).at / unit + offset; }, 0 };
}
/// How long the scenario's injection `index` lasts (its `for=`), in `unit`.
Claim injectedFor(const char* literal, int index, double unit)
{
    return { QString::fromUtf8(literal),
        [index, unit](Lab& lab) { return static_cast<double>(injection(lab, index).duration.value_or(-1)) / unit; },
        0 };
}

/// A number that names something (a partition, an instance): the claim holds when `f` says the run shows it.
Claim fact(const char* literal, std::function<bool(const LabRun&)> f, QStringList sets, QStringList injects)
{
    const QString text = QString::fromUtf8(literal);
    return { text,
        [f, sets, injects, text](Lab& lab) { return f(lab.run(sets, injects)) ? literalValue(text) : std::nan(""); },
        0 };
}

double count(const LabRun& run, const std::function<bool(const Row&)>& match)
{
    return static_cast<double>(std::count_if(run.rows.begin(), run.rows.end(), match));
}

/// The handled rows of one group on one partition.
std::function<double(const LabRun&)> handledOn(const QString& group, int partition)
{
    return [group, partition](const LabRun& run) {
        return count(run, [&](const Row& r) {
            return r.kind == QLatin1String("handled") && r.group == group && r.partition == partition;
        });
    };
}

/// Walks how many records `group` is behind over the run: after every trace record, the end offsets of the
/// partitions it reads minus its committed offsets, given to `visit` with the record's time until it returns false.
void walkLag(const LabRun& run, const QString& group, const std::function<bool(SimTime, qint64)>& visit)
{
    std::map<std::pair<QString, int>, qint64> end;
    std::map<std::pair<QString, int>, qint64> committed;
    QSet<QString> topics;
    for (const Row& r : run.rows)
        if (r.group == group && !r.topic.isEmpty())
            topics.insert(r.topic);
    qint64 lag = 0;
    for (const Row& r : run.rows) {
        const std::pair<QString, int> at { r.topic, r.partition };
        if (r.kind == QLatin1String("published") && topics.contains(r.topic)) {
            lag += r.offset + 1 - std::exchange(end[at], r.offset + 1);
        } else if (r.kind == QLatin1String("committed") && r.group == group) {
            lag -= r.offset - std::exchange(committed[at], r.offset);
        }
        if (!visit(r.t, lag))
            return;
    }
}

/// The most records `group` was ever behind, over the run.
double maxLag(const LabRun& run, const QString& group)
{
    qint64 most = 0;
    walkLag(run, group, [&most](SimTime, qint64 lag) {
        most = std::max(most, lag);
        return true;
    });
    return static_cast<double>(most);
}

/// How many records `group` was behind at `t`.
double lagAt(const LabRun& run, const QString& group, SimTime t)
{
    qint64 behind = 0;
    walkLag(run, group, [&behind, t](SimTime at, qint64 lag) {
        if (at > t)
            return false;
        behind = lag;
        return true;
    });
    return static_cast<double>(behind);
}

/// When `group` was first 0 records behind after `after`, or -1.
SimTime caughtUpAt(const LabRun& run, const QString& group, SimTime after)
{
    SimTime when = -1;
    walkLag(run, group, [&when, after](SimTime at, qint64 lag) {
        if (at <= after || lag != 0)
            return true;
        when = at;
        return false;
    });
    return when;
}

/// When `group` last handled something, or when the last of `kind` rows happened, in seconds.
double lastTime(const LabRun& run, const QString& kind, const QString& group)
{
    SimTime last = 0;
    for (const Row& r : run.rows)
        if (r.kind == kind && (group.isEmpty() || r.group == group))
            last = r.t;
    return last / kS;
}

/// When the last `kind` row of message `type` happened, in seconds.
double lastOfType(const LabRun& run, const QString& kind, const QString& type)
{
    SimTime last = 0;
    for (const Row& r : run.rows)
        if (r.kind == kind && r.type == type)
            last = r.t;
    return last / kS;
}

/// The row of `kind` ("appended", "append-conflict", "snapshot") on stream `key` that reached `version`
/// (for a conflict: the version the stream was at), or none.
const Row* streamRow(const LabRun& run, const QString& kind, const QString& key, qint64 version)
{
    for (const Row& r : run.rows)
        if (r.kind == kind && r.detail == key && r.aux == version)
            return &r;
    return nullptr;
}

/// How many `type` events were published with the reason "order cancelled": a cancelled order refused.
double refusedCancelled(const LabRun& run, const QString& type)
{
    return count(run, [&](const Row& r) {
        return r.kind == QLatin1String("published") && r.type == type
            && r.data.value(QLatin1String("reason")).toString() == QLatin1String("order cancelled");
    });
}

/// When `key`'s PlaceOrder was sent, and when message `type` of `key` was published, in the run.
SimTime timeOf(const LabRun& run, const QString& kind, const QString& type, const QString& key)
{
    for (const Row& r : run.rows)
        if (r.kind == kind && r.type == type && r.key == key)
            return r.t;
    throw LabError("no " + kind.toStdString() + " " + type.toStdString() + " for " + key.toStdString());
}

/// Whether every OrderCreated of `partition` was handled by inventory's instance `instance`.
std::function<bool(const LabRun&)> ownedBy(int partition, int instance)
{
    return [partition, instance](const LabRun& run) {
        return std::all_of(run.rows.begin(), run.rows.end(), [&](const Row& r) {
            return r.kind != QLatin1String("handled") || r.group != QLatin1String("inventory")
                || r.partition != partition || r.instance == instance;
        });
    };
}

/// The first row of `kind` for `group`'s handling of `type` of `key`.
const Row& firstRow(
    const LabRun& run, const QString& kind, const QString& group, const QString& type, const QString& key)
{
    for (const Row& r : run.rows)
        if (r.kind == kind && r.group == group && r.type == type && r.key == key)
            return r;
    throw LabError("no " + kind.toStdString() + " of " + type.toStdString() + " for " + key.toStdString() + " in "
        + group.toStdString());
}

/// How many of `service`'s duplicate effects came from a copy the bus `duplicated` (rather than a redelivery).
double effectsOfBusCopies(const LabRun& run, const QString& service, bool busCopies)
{
    QSet<std::uint32_t> copied;
    for (const Row& r : run.rows)
        if (r.kind == QLatin1String("duplicated") && r.group == service)
            copied.insert(r.message);
    return count(run, [&](const Row& r) {
        return r.kind == QLatin1String("duplicate-effect") && r.service == service
            && copied.contains(r.message) == busCopies;
    });
}

std::map<QString, std::vector<Claim>> claims()
{
    std::map<QString, std::vector<Claim>> c;
    addBusLessonClaims(c);
    addFlowLessonClaims(c);
    return c;
}

} // namespace eventloom::test
