#include "declarativeservice.h"

#include "../bus/eventlog.h"
#include "servicecontext.h"
#include "../sim/simulation.h"

#include <QJsonArray>

namespace eventloom {

namespace {
    Atom internQ(EventLog& log, const QString& s) { return log.atoms().intern(s.toStdString()); }
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
            source.field = internQ(log, s.mid(2));
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
    case Source::Kind::Field:
        return log.field(message, source.field);
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
    ++m_handled[message.type];
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

bool DeclarativeService::act(ServiceContext& ctx, const Rule& rule, Atom key, const PayloadBuilder& payload, std::uint32_t cause)
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

void DeclarativeService::rebind(const Simulation& sim) { m_log = &sim.log(); }

QJsonObject DeclarativeService::state() const
{
    QJsonObject handled;
    const auto name = [this](Atom a) { return QString::fromUtf8(m_log->text(a).data(), static_cast<qsizetype>(m_log->text(a).size())); };
    for (const auto& [type, count] : m_handled)
        handled.insert(name(type), static_cast<qint64>(count));
    QJsonObject emitted;
    for (const auto& [type, count] : m_emitted)
        emitted.insert(name(type), static_cast<qint64>(count));
    return { { QStringLiteral("handled"), handled }, { QStringLiteral("emitted"), emitted } };
}

} // namespace eventloom
