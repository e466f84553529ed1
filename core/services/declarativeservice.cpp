#include "declarativeservice.h"

#include "../bus/eventlog.h"
#include "servicecontext.h"

#include <QJsonArray>
#include <algorithm>

namespace eventloom {

namespace {
Atom internQ(EventLog& log, const QString& s)
{
    return log.atoms().intern(s.toStdString());
}
}

DeclarativeService::DeclarativeService(const QJsonArray& rules, EventLog& log)
    : m_log(&log)
{
    for (const QJsonValue& value : rules) {
        const QJsonObject object = value.toObject();
        Rule rule;
        rule.on = internQ(log, object.value(QLatin1String("on")).toString());
        QJsonObject action;
        if (object.contains(QLatin1String("publish"))) {
            action = object.value(QLatin1String("publish")).toObject();
            rule.topic = internQ(log, action.value(QLatin1String("topic")).toString());
            rule.type = internQ(log, action.value(QLatin1String("type")).toString());
        } else if (object.contains(QLatin1String("send"))) {
            action = object.value(QLatin1String("send")).toObject();
            rule.service = internQ(log, action.value(QLatin1String("service")).toString());
            rule.type = internQ(log, action.value(QLatin1String("command")).toString());
        }
        if (action.contains(QLatin1String("key"))) {
            rule.key = compile(action.value(QLatin1String("key")), log);
            rule.hasKey = true;
        }
        if (const auto after = parseDuration(object.value(QLatin1String("after")).toString().toStdString()))
            rule.after = *after;
        else if (object.value(QLatin1String("after")).isDouble())
            rule.after = std::min(durationFromDouble(object.value(QLatin1String("after")).toDouble()), kMaxDuration);
        const QJsonValue data = action.value(QLatin1String("data"));
        const QJsonObject sums = object.value(QLatin1String("sum")).toObject();
        for (auto it = sums.begin(); it != sums.end(); ++it)
            rule.sums.emplace_back(internQ(log, it.key()), compile(it.value(), log));
        if (data.isString() && data.toString() == QLatin1String("$")) {
            rule.copyPayload = true;
        } else {
            const QJsonObject fields = data.toObject();
            for (auto it = fields.begin(); it != fields.end(); ++it)
                rule.data.emplace_back(internQ(log, it.key()), compile(it.value(), log));
        }
        m_rules.push_back(std::move(rule));
    }
}

DeclarativeService::Source DeclarativeService::compile(const QJsonValue& json, EventLog& log) const
{
    Source source;
    if (json.isString()) {
        const QString s = json.toString();
        if (s == QLatin1String("$key"))
            source.kind = Source::Kind::Key;
        else if (s == QLatin1String("$correlationId"))
            source.kind = Source::Kind::Correlation;
        else if (s == QLatin1String("$type"))
            source.kind = Source::Kind::Type;
        else if (s.startsWith(QLatin1String("$."))) {
            source.kind = Source::Kind::Field;
            for (const QString& name : s.mid(2).split(u'.'))
                source.field.push_back(internQ(log, name));
        }
        if (source.kind != Source::Kind::Constant)
            return source;
    }
    PayloadBuilder builder(log);
    source.constant = builder.fromJson(json);
    return source;
}

Value DeclarativeService::resolve(const Source& source, const Event& message, const EventLog& log) const
{
    switch (source.kind) {
    case Source::Kind::Constant:
        return source.constant;
    case Source::Kind::Field: {
        Value v = log.field(message, source.field.front());
        for (std::size_t i = 1; i < source.field.size() && !v.isNull(); ++i) {
            const Value map = v;
            v = {};
            if (map.type == Value::Type::Map)
                for (const Field& f : log.fields(map.range.begin, map.range.count))
                    if (f.key == source.field[i])
                        v = f.value;
        }
        return v;
    }
    case Source::Kind::Key:
        return Value::string(message.key);
    case Source::Kind::Correlation:
        return Value::string(message.correlation);
    case Source::Kind::Type:
        return Value::string(message.type);
    case Source::Kind::WholePayload:
        break;
    }
    return {};
}

HandleResult DeclarativeService::handle(ServiceContext& ctx, const Event& message)
{
    EventLog& log = ctx.log();
    // Read what the sums need first: a message without them fails before anything changes.
    for (const Rule& rule : m_rules)
        if (rule.on == message.type)
            for (const auto& [total, source] : rule.sums) {
                const Value v = resolve(source, message, log);
                if (v.type != Value::Type::Int && v.type != Value::Type::Double) {
                    std::string path;
                    for (const Atom name : source.field) {
                        if (!path.empty())
                            path += '.';
                        path += log.text(name);
                    }
                    return { HandleOutcome::Failed, ctx.intern("no number at " + path) };
                }
            }
    ++m_handled[message.type];
    for (const Rule& rule : m_rules)
        if (rule.on == message.type)
            for (const auto& [total, source] : rule.sums) {
                const Value v = resolve(source, message, log);
                m_sums[total] += v.type == Value::Type::Int ? static_cast<double>(v.i) : v.d;
            }
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        const Rule& rule = m_rules[i];
        if (rule.on != message.type || (rule.topic == 0 && rule.service == 0))
            continue;
        PayloadBuilder& payload = ctx.payload();
        if (rule.copyPayload)
            for (const Field& f : log.payload(message))
                payload.set(f.key, f.value);
        for (const auto& [key, source] : rule.data)
            payload.set(key, resolve(source, message, log));
        Atom key = message.key;
        if (rule.hasKey) {
            const Value k = resolve(rule.key, message, log);
            key = k.type == Value::Type::String ? k.s : 0;
        }
        if (rule.after > 0) {
            const std::uint64_t id = m_nextTimer++;
            const auto fields = payload.fields();
            m_pending.emplace(id, Pending { i, message.seq, key, { fields.begin(), fields.end() } });
            ctx.scheduleTimer(rule.after, id);
            continue;
        }
        if (!act(ctx, rule, key, payload, kNoMessage))
            return { HandleOutcome::Failed, ctx.intern("rule names an unknown topic or service") };
    }
    return {};
}

void DeclarativeService::timer(ServiceContext& ctx, std::uint64_t id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    const Pending pending = std::move(it->second);
    m_pending.erase(it);
    PayloadBuilder& payload = ctx.payload();
    for (const Field& f : pending.fields)
        payload.set(f.key, f.value);
    act(ctx, m_rules[pending.rule], pending.key, payload, pending.cause);
}

bool DeclarativeService::act(
    ServiceContext& ctx, const Rule& rule, Atom key, const PayloadBuilder& payload, std::uint32_t cause)
{
    MessageOptions options;
    options.causation = cause;
    const std::uint32_t seq = rule.topic != 0 ? ctx.publish(rule.topic, rule.type, key, payload, options)
                                              : ctx.send(rule.service, rule.type, key, payload, options);
    if (seq == kNoMessage)
        return false;
    ++m_emitted[rule.type];
    return true;
}

void DeclarativeService::rebind(const ServiceHost& host)
{
    m_log = &host.log();
}

QJsonObject DeclarativeService::state() const
{
    QJsonObject handled;
    const auto name = [this](Atom a) {
        return QString::fromUtf8(m_log->text(a).data(), static_cast<qsizetype>(m_log->text(a).size()));
    };
    for (const auto& [type, count] : m_handled)
        handled.insert(name(type), static_cast<qint64>(count));
    QJsonObject emitted;
    for (const auto& [type, count] : m_emitted)
        emitted.insert(name(type), static_cast<qint64>(count));
    QJsonObject state { { QStringLiteral("handled"), handled }, { QStringLiteral("emitted"), emitted } };
    if (std::any_of(m_rules.begin(), m_rules.end(), [](const Rule& r) { return !r.sums.empty(); })) {
        QJsonObject sums;
        for (const Rule& rule : m_rules)
            for (const auto& [total, source] : rule.sums) {
                const double sum = m_sums.contains(total) ? m_sums.at(total) : 0.0;
                const auto whole = static_cast<qint64>(sum);
                sums.insert(name(total), static_cast<double>(whole) == sum ? QJsonValue(whole) : QJsonValue(sum));
            }
        state.insert(QStringLiteral("sums"), sums);
    }
    return state;
}

} // namespace eventloom
