#include "injectionspec.h"

#include <QJsonDocument>
#include <QLocale>
#include <QStringList>
#include <array>
#include <limits>
#include <utility>

namespace eventloom {

namespace {
constexpr std::array<std::pair<const char*, InjectionSpec::Kind>, 20> kKinds { {
    { "drop", InjectionSpec::Kind::Drop },
    { "duplicate", InjectionSpec::Kind::Duplicate },
    { "delay", InjectionSpec::Kind::Delay },
    { "reorder", InjectionSpec::Kind::Reorder },
    { "crash", InjectionSpec::Kind::Crash },
    { "slow", InjectionSpec::Kind::Slow },
    { "fail", InjectionSpec::Kind::Fail },
    { "poison", InjectionSpec::Kind::Poison },
    { "deploy-schema", InjectionSpec::Kind::DeploySchema },
    { "idempotency", InjectionSpec::Kind::Idempotency },
    { "republish", InjectionSpec::Kind::Republish },
    { "break", InjectionSpec::Kind::Break },
    { "unbreak", InjectionSpec::Kind::Unbreak },
    { "resolve", InjectionSpec::Kind::Resolve },
    { "reset-offset", InjectionSpec::Kind::ResetOffset },
    { "producer-retry", InjectionSpec::Kind::ProducerRetry },
    { "idempotent-producer", InjectionSpec::Kind::IdempotentProducer },
    { "attach", InjectionSpec::Kind::Attach },
    { "detach", InjectionSpec::Kind::Detach },
    { "scale", InjectionSpec::Kind::Scale },
} };

QString quoted(const QString& s)
{
    return u'\'' + s + u'\'';
}
/// A token as a message quotes it: at most 40 characters (a spec may be as long as a command line).
QString elided(const QString& s)
{
    return s.size() > 40 ? s.left(40) + QStringLiteral("…") : s;
}
}

QString InjectionSpec::kindName(Kind kind)
{
    for (const auto& [name, k] : kKinds)
        if (k == kind)
            return QLatin1String(name);
    return {};
}

std::optional<InjectionSpec> InjectionSpec::parse(const QString& text, QString& error)
{
    InjectionSpec spec;
    const QString written = text.trimmed();
    const QStringList parts = written.split(u',');
    QString head = parts.front().trimmed();
    QString time;
    if (const qsizetype at = head.indexOf(u'@'); at >= 0) {
        time = head.mid(at + 1);
        head = head.left(at);
    }
    bool knownKind = false;
    if (head == QLatin1String("fail-payment")) { // documented shorthand for fail,service=payment
        spec.kind = Kind::Fail;
        spec.service = QStringLiteral("payment");
        spec.shorthand = true;
        knownKind = true;
    }
    for (const auto& [name, kind] : kKinds)
        if (head == QLatin1String(name)) {
            spec.kind = kind;
            knownKind = true;
        }
    if (!knownKind) {
        error
            = QStringLiteral("unknown injection kind %1; expected one of drop, duplicate, delay, reorder, crash, slow, "
                             "fail, poison, deploy-schema, idempotency, republish, break, unbreak, resolve, "
                             "reset-offset, producer-retry, idempotent-producer, attach, detach, scale, "
                             "fail-payment")
                  .arg(quoted(elided(head)));
        return std::nullopt;
    }
    // Durations (for=, latency=, jitter=) up to kMaxDuration; points in time (@TIME, to=TIME) up to the end of
    // simulated time, since a run traces an injection with the time it took effect and a replay reads it back.
    const auto duration
        = [&](const QString& token, const QString& what, SimTime max = kMaxDuration) -> std::optional<SimTime> {
        DurationError why = DurationError::None;
        const auto d = parseDuration(token.toStdString(), &why, max);
        if (why == DurationError::TooLong)
            error = QStringLiteral("%1 %2 is %3 than the %4 allowed, %5")
                        .arg(what, quoted(elided(token)),
                            max == kMaxDuration ? QStringLiteral("longer") : QStringLiteral("later"),
                            max == kMaxDuration ? QStringLiteral("longest duration") : QStringLiteral("latest time"),
                            QString::fromStdString(maxDurationText(max)));
        else if (!d)
            error = QStringLiteral("bad %1 %2; expected a DURATION such as 500ms, 2s or 1min")
                        .arg(what, quoted(elided(token)));
        return d;
    };
    if (!time.isNull()) {
        const auto t = duration(time, QStringLiteral("time after '@'"), kMaxSimTime);
        if (!t)
            return std::nullopt;
        spec.at = *t;
        spec.timed = true;
    }

    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString part = parts[i].trimmed();
        const qsizetype eq = part.indexOf(u'=');
        if (eq <= 0) {
            error = QStringLiteral("bad token %1; expected key=value").arg(quoted(elided(part)));
            return std::nullopt;
        }
        const QString key = part.left(eq);
        const QString value = part.mid(eq + 1);
        bool ok = true;
        const auto integer = [&](int min, int max) -> int {
            const int v = value.toInt(&ok);
            ok = ok && v >= min && v <= max;
            if (!ok)
                error = max == std::numeric_limits<int>::max() || v < min
                    ? QStringLiteral("bad value %1 for %2; expected an integer >= %3")
                          .arg(quoted(elided(value)), key)
                          .arg(min)
                    : QStringLiteral("bad value %1 for %2; expected an integer >= %3 and at most %4 (the limit)")
                          .arg(quoted(elided(value)), key)
                          .arg(min)
                          .arg(max);
            return v;
        };
        if (key == QLatin1String("topic"))
            spec.topic = value;
        else if (key == QLatin1String("type"))
            spec.type = value;
        else if (key == QLatin1String("service"))
            spec.service = value;
        else if (key == QLatin1String("group"))
            spec.group = value;
        else if (key == QLatin1String("id"))
            spec.id = value;
        else if (key == QLatin1String("point")) {
            ok = value == QLatin1String("between-writes");
            if (!ok)
                error = QStringLiteral("bad value %1 for point; expected between-writes").arg(quoted(elided(value)));
            spec.point = value;
        } else if (key == QLatin1String("on")) {
            ok = value == QLatin1String("true") || value == QLatin1String("false");
            if (!ok)
                error = QStringLiteral("bad value %1 for on; expected true or false").arg(quoted(elided(value)));
            spec.on = value == QLatin1String("true");
        } else if (key == QLatin1String("paused")) {
            ok = value == QLatin1String("true") || value == QLatin1String("false");
            if (!ok)
                error = QStringLiteral("bad value %1 for paused; expected true or false").arg(quoted(elided(value)));
            spec.atPause = value == QLatin1String("true");
        } else if (key == QLatin1String("choice")) {
            ok = value == QLatin1String("deliver") || value == QLatin1String("drop")
                || value == QLatin1String("duplicate") || value == QLatin1String("delay");
            if (!ok)
                error = QStringLiteral("bad value %1 for choice; expected deliver, drop, duplicate or delay")
                            .arg(quoted(elided(value)));
            spec.choice = value;
        } else if (key == QLatin1String("to")) {
            if (value == QLatin1String("earliest"))
                spec.resetTo = ResetTo::Earliest;
            else if (value == QLatin1String("latest"))
                spec.resetTo = ResetTo::Latest;
            else {
                DurationError why = DurationError::None;
                const auto t = parseDuration(value.toStdString(), &why, kMaxSimTime);
                ok = t.has_value();
                if (ok) {
                    spec.resetTo = ResetTo::Time;
                    spec.resetTime = *t;
                } else if (why == DurationError::TooLong) {
                    error = QStringLiteral("time for to= %1 is later than the latest time allowed, %2")
                                .arg(quoted(elided(value)), QString::fromStdString(maxDurationText(kMaxSimTime)));
                } else {
                    error = QStringLiteral(
                        "bad value %1 for to; expected earliest, latest or a time (a DURATION such as 5s)")
                                .arg(quoted(elided(value)));
                }
            }
        } else if (key == QLatin1String("from")) {
            spec.from = value == QLatin1String("earliest") ? From::Earliest
                : value == QLatin1String("latest")         ? From::Latest
                : value == QLatin1String("committed")      ? From::Committed
                                                           : From::Default;
            ok = spec.from != From::Default;
            if (!ok)
                error = QStringLiteral("bad value %1 for from; expected earliest, latest or committed")
                            .arg(quoted(elided(value)));
        } else if (key == QLatin1String("instances"))
            spec.instances = integer(1, kMaxInstances);
        else if (key == QLatin1String("offset")) {
            const qlonglong v = value.toLongLong(&ok);
            ok = ok && v >= 0;
            if (!ok)
                error = QStringLiteral("bad value %1 for offset; expected an integer >= 0").arg(quoted(elided(value)));
            spec.offset = v;
        } else if (key == QLatin1String("index"))
            spec.index = integer(0, std::numeric_limits<int>::max());
        else if (key == QLatin1String("payload")) {
            const auto decoded = QByteArray::fromBase64Encoding(value.toLatin1(),
                QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals
                    | QByteArray::AbortOnBase64DecodingErrors);
            QJsonParseError parseError;
            ok = decoded && QJsonDocument::fromJson(*decoded, &parseError).isObject();
            if (!ok)
                error = QStringLiteral("bad value %1 for payload; expected a JSON object in base64url")
                            .arg(quoted(elided(value)));
            else
                spec.payload = *decoded;
        } else if (key == QLatin1String("partition"))
            spec.partition = integer(0, kMaxPartition);
        else if (key == QLatin1String("count"))
            spec.count = integer(1, std::numeric_limits<int>::max());
        else if (key == QLatin1String("window"))
            spec.window = integer(2, kMaxWindow);
        else if (key == QLatin1String("copies"))
            spec.copies = integer(1, kMaxCopies);
        else if (key == QLatin1String("version"))
            spec.version = integer(1, kMaxVersion);
        else if (key == QLatin1String("probability")) {
            const double p = value.toDouble(&ok);
            ok = ok && p >= 0.0 && p <= 1.0;
            if (!ok)
                error = QStringLiteral("bad value %1 for probability; expected a number from 0 to 1")
                            .arg(quoted(elided(value)));
            spec.probability = p;
        } else if (key == QLatin1String("factor")) {
            const double f = value.toDouble(&ok);
            ok = ok && f > 0.0 && f <= kMaxFactor;
            if (!ok)
                error = QStringLiteral("bad value %1 for factor; expected a number above 0 and at most %2")
                            .arg(quoted(elided(value)))
                            .arg(kMaxFactor);
            spec.factor = f;
        } else if (key == QLatin1String("for") || key == QLatin1String("latency") || key == QLatin1String("jitter")) {
            const auto d = duration(value, key);
            ok = d.has_value();
            (key == QLatin1String("for")              ? spec.duration
                    : key == QLatin1String("latency") ? spec.latency
                                                      : spec.jitter)
                = d;
        } else {
            error
                = QStringLiteral("unknown key %1; expected one of topic, partition, type, service, group, probability, "
                                 "count, for, latency, jitter, window, factor, copies, version, on, index, payload, "
                                 "id, offset, choice, paused, to, point, from, instances")
                      .arg(quoted(elided(key)));
            return std::nullopt;
        }
        if (!ok)
            return std::nullopt;
    }
    if ((spec.kind == Kind::Crash || spec.kind == Kind::Slow || spec.kind == Kind::Fail
            || spec.kind == Kind::Idempotency || spec.kind == Kind::ProducerRetry
            || spec.kind == Kind::IdempotentProducer || spec.kind == Kind::Attach || spec.kind == Kind::Detach
            || spec.kind == Kind::Scale)
        && spec.service.isEmpty()) {
        error = QStringLiteral("%1 needs service=NAME").arg(quoted(kindName(spec.kind)));
        return std::nullopt;
    }
    if (!spec.point.isEmpty() && spec.kind != Kind::Crash) {
        error = QStringLiteral("point= applies only to 'crash' (crash,service=NAME,point=between-writes)");
        return std::nullopt;
    }
    if (spec.from != From::Default && spec.kind != Kind::Attach) {
        error = QStringLiteral("from= applies only to 'attach' (attach,service=NAME,from=earliest|latest|committed)");
        return std::nullopt;
    }
    if (spec.kind == Kind::Scale && !spec.instances) {
        error = QStringLiteral("'scale' needs instances=N (the consumer instances from now on, 1 to %1)")
                    .arg(kMaxInstances);
        return std::nullopt;
    }
    if (spec.instances && spec.kind != Kind::Scale) {
        error = QStringLiteral("instances= applies only to 'scale' (scale,service=NAME,instances=N)");
        return std::nullopt;
    }
    if (spec.kind == Kind::Republish && !spec.index) {
        error = QStringLiteral("'republish' needs index=N (the dead letter's position)");
        return std::nullopt;
    }
    if (spec.kind == Kind::Resolve) {
        if (spec.group.isEmpty() || !spec.partition || !spec.offset || spec.choice.isEmpty()) {
            error = QStringLiteral(
                "'resolve' needs group=NAME, partition=N, offset=N and choice=deliver|drop|duplicate|delay "
                "(the held delivery and what to do with it)");
            return std::nullopt;
        }
        spec.atPause = true; // a held delivery can only be decided on while the run waits for it
    }
    if (spec.kind == Kind::ResetOffset && (spec.group.isEmpty() || spec.resetTo == ResetTo::None)) {
        error = QStringLiteral("'reset-offset' needs group=NAME and to=earliest|latest|TIME "
                               "(optionally topic=NAME and partition=N; all of the group's partitions otherwise)");
        return std::nullopt;
    }
    if ((spec.kind == Kind::Idempotency || spec.kind == Kind::IdempotentProducer) && !spec.on) {
        error = QStringLiteral("%1 needs on=true or on=false").arg(quoted(kindName(spec.kind)));
        return std::nullopt;
    }
    if (spec.text() != written) { // keep the spelling, so that text() writes what was written
        const qsizetype comma = written.indexOf(u',');
        Spelling spelling;
        spelling.kind = comma < 0 ? written : written.left(comma);
        if (const qsizetype at = spelling.kind.indexOf(u'@'); at >= 0) {
            spelling.time = spelling.kind.mid(at + 1);
            spelling.kind.truncate(at);
        }
        spelling.rest = comma < 0 ? QString() : written.mid(comma);
        spelling.paused = spec.atPause;
        spec.spelling = std::move(spelling);
    }
    return spec;
}

namespace {
QString us(SimTime t)
{
    return QString::number(t) + QStringLiteral("us");
}
/// for=: whole seconds as the window's controls write them ("5s", "0s"), else milliseconds or microseconds.
QString span(SimTime t)
{
    if (t % kSecond == 0)
        return QString::number(t / kSecond) + u's';
    return t % kMillisecond == 0 ? QString::number(t / kMillisecond) + QStringLiteral("ms") : us(t);
}
/// latency=, jitter=: milliseconds, as the window's controls write them ("1000ms", "0ms").
QString millis(SimTime t)
{
    return t % kMillisecond == 0 ? QString::number(t / kMillisecond) + QStringLiteral("ms") : us(t);
}
/// A number as short as it reads back exactly: "0.25", never "2.5e-01".
QString number(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}
QString boolean(bool b)
{
    return b ? QStringLiteral("true") : QStringLiteral("false");
}
}

QString InjectionSpec::text() const
{
    if (spelling) {
        QString out = spelling->kind;
        if (timed)
            out += u'@' + (spelling->time.isNull() ? us(at) : spelling->time);
        out += spelling->rest;
        if (atPause && !spelling->paused)
            out += QStringLiteral(",paused=true");
        return out;
    }
    QString out = shorthand ? QStringLiteral("fail-payment") : kindName(kind);
    if (timed)
        out += u'@' + us(at);
    const auto add = [&out](const char* key, const QString& value) { out += u',' + QLatin1String(key) + u'=' + value; };
    const auto name = [&](const char* key, const QString& value) {
        if (!value.isEmpty())
            add(key, value);
    };
    if (kind == Kind::ResetOffset) // its subject first: the group whose offset moves
        name("group", group);
    name("topic", topic);
    if (kind != Kind::ResetOffset)
        name("group", group);
    if (partition)
        add("partition", QString::number(*partition));
    if (offset)
        add("offset", QString::number(*offset));
    name("choice", choice);
    name("type", type);
    if (!shorthand || service != QLatin1String("payment"))
        name("service", service);
    if (probability)
        add("probability", number(*probability));
    if (count)
        add("count", QString::number(*count));
    if (instances)
        add("instances", QString::number(*instances));
    if (window)
        add("window", QString::number(*window));
    if (factor)
        add("factor", number(*factor));
    if (duration)
        add("for", span(*duration));
    if (copies)
        add("copies", QString::number(*copies));
    if (latency) // a resolve's as the Breakpoints dock always wrote it ("100ms", "1.500s")
        add("latency",
            kind == Kind::Resolve && *latency % kMillisecond == 0 ? QString::fromStdString(formatDuration(*latency))
                                                                  : millis(*latency));
    if (jitter)
        add("jitter", millis(*jitter));
    if (version)
        add("version", QString::number(*version));
    if (on)
        add("on", boolean(*on));
    if (index)
        add("index", QString::number(*index));
    if (!payload.isEmpty())
        add("payload",
            QString::fromLatin1(payload.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    switch (resetTo) {
    case ResetTo::None:
        break;
    case ResetTo::Earliest:
        add("to", QStringLiteral("earliest"));
        break;
    case ResetTo::Latest:
        add("to", QStringLiteral("latest"));
        break;
    case ResetTo::Time:
        add("to", us(resetTime));
        break;
    }
    switch (from) {
    case From::Default:
        break;
    case From::Earliest:
        add("from", QStringLiteral("earliest"));
        break;
    case From::Latest:
        add("from", QStringLiteral("latest"));
        break;
    case From::Committed:
        add("from", QStringLiteral("committed"));
        break;
    }
    name("point", point);
    name("id", id);
    if (atPause && kind != Kind::Resolve) // a resolve is always done at a pause
        add("paused", boolean(true));
    return out;
}

void InjectionSpec::setAt(SimTime t)
{
    at = t;
    timed = true;
    if (spelling)
        spelling->time = QString();
}

namespace {
InjectionSpec make(InjectionSpec::Kind kind)
{
    InjectionSpec spec;
    spec.kind = kind;
    return spec;
}
InjectionSpec forService(InjectionSpec::Kind kind, const QString& service)
{
    return make(kind).onService(service);
}
/// `spec` with one more parameter set.
template <typename T, typename V>
InjectionSpec with(InjectionSpec spec, std::optional<T> InjectionSpec::*field, V value)
{
    spec.*field = static_cast<T>(value);
    return spec;
}
InjectionSpec asFailPayment(InjectionSpec spec)
{
    spec.shorthand = true; // fail-payment
    return spec;
}
}

InjectionSpec InjectionSpec::of(Kind kind)
{
    return make(kind);
}
InjectionSpec InjectionSpec::drop(double p)
{
    return make(Kind::Drop).withProbability(p);
}
InjectionSpec InjectionSpec::duplicate(double p)
{
    return make(Kind::Duplicate).withProbability(p);
}
InjectionSpec InjectionSpec::duplicateNext(const QString& topic, int n)
{
    return with(make(Kind::Duplicate).onTopic(topic), &InjectionSpec::count, n);
}
InjectionSpec InjectionSpec::reorder(int n)
{
    return with(make(Kind::Reorder), &InjectionSpec::window, n);
}
InjectionSpec InjectionSpec::delay(SimTime latency, SimTime jitter)
{
    return with(make(Kind::Delay).withLatency(latency), &InjectionSpec::jitter, jitter);
}
InjectionSpec InjectionSpec::slow(const QString& service, double f)
{
    return with(forService(Kind::Slow, service), &InjectionSpec::factor, f);
}
InjectionSpec InjectionSpec::crash(const QString& service, SimTime downFor)
{
    return forService(Kind::Crash, service).lasting(downFor);
}
InjectionSpec InjectionSpec::failNext(const QString& service, int n)
{
    return with(forService(Kind::Fail, service), &InjectionSpec::count, n);
}
InjectionSpec InjectionSpec::failNextPayment(int n)
{
    return asFailPayment(failNext(QStringLiteral("payment"), n));
}
InjectionSpec InjectionSpec::declinePayments(SimTime window)
{
    return asFailPayment(forService(Kind::Fail, QStringLiteral("payment")).lasting(window));
}
InjectionSpec InjectionSpec::idempotency(const QString& service, bool enabled)
{
    return with(forService(Kind::Idempotency, service), &InjectionSpec::on, enabled);
}
InjectionSpec InjectionSpec::breakAt(const QString& service)
{
    return forService(Kind::Break, service);
}
InjectionSpec InjectionSpec::unbreak(const QString& service)
{
    return forService(Kind::Unbreak, service);
}

InjectionSpec InjectionSpec::resolve(
    const QString& topic, const QString& group, int partition, std::int64_t offset, const QString& choice)
{
    InjectionSpec spec = make(Kind::Resolve).onTopic(topic).onPartition(partition);
    spec.group = group;
    spec.offset = offset;
    spec.choice = choice;
    spec.atPause = true; // a held delivery can only be decided on while the run waits for it
    return spec;
}

InjectionSpec InjectionSpec::republish(int n, const QByteArray& edited)
{
    InjectionSpec spec = make(Kind::Republish);
    spec.index = n;
    spec.payload = edited;
    return spec;
}

InjectionSpec InjectionSpec::resetOffset(const QString& group, ResetTo to, SimTime time)
{
    InjectionSpec spec = make(Kind::ResetOffset);
    spec.group = group;
    spec.resetTo = to;
    spec.resetTime = to == ResetTo::Time ? time : 0;
    return spec;
}

InjectionSpec InjectionSpec::attach(const QString& service, From from)
{
    InjectionSpec spec = forService(Kind::Attach, service);
    spec.from = from;
    return spec;
}

InjectionSpec InjectionSpec::detach(const QString& service)
{
    return forService(Kind::Detach, service);
}

InjectionSpec InjectionSpec::scale(const QString& service, int n)
{
    return with(forService(Kind::Scale, service), &InjectionSpec::instances, n);
}

} // namespace eventloom
