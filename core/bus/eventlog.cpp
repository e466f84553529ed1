#include "eventlog.h"

#include "../base/mix64.h"

#include <QJsonArray>
#include <QString>

namespace eventloom {

const Event& EventLog::append(Event event, std::span<const Field> fields, std::uint64_t idSeed)
{
    event.seq = static_cast<std::uint32_t>(m_events.size());
    // Ids depend only on the seed and the message's position, so they are stable across runs.
    const std::uint64_t base = idSeed * 0x9E3779B97F4A7C15ull + event.seq;
    event.idHi = (mix64(base) & ~0xF000ull) | 0x4000ull; // version nibble 4
    event.idLo = (mix64(base ^ 0xD1B54A32D192ED03ull) & ~(3ull << 62)) | (2ull << 62); // RFC 4122 variant
    event.payloadBegin = static_cast<std::uint32_t>(m_arena.append(fields));
    event.payloadCount = static_cast<std::uint32_t>(fields.size());
    return m_events.emplace_back(event);
}

Value EventLog::field(const Event& e, Atom key) const
{
    for (const Field& f : payload(e))
        if (f.key == key)
            return f.value;
    return {};
}

std::string EventLog::formatId(const Event& e)
{
    // xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, lower-case hex digits written in place: snprintf parsing its
    // format for every message was a fortieth of a recorded run.
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(36, '-');
    const auto put = [&id](std::size_t at, std::uint64_t value, std::size_t digits) {
        for (std::size_t d = digits; d > 0; --d, value >>= 4)
            id[at + d - 1] = kHex[value & 0xF];
    };
    put(0, e.idHi >> 32, 8);
    put(9, e.idHi >> 16, 4);
    put(14, e.idHi, 4);
    put(19, e.idLo >> 48, 4);
    put(24, e.idLo, 12);
    return id;
}

QJsonValue EventLog::toJson(const Value& v) const
{
    switch (v.type) {
    case Value::Type::Null:
        return QJsonValue::Null;
    case Value::Type::Bool:
        return v.b;
    case Value::Type::Int:
        return static_cast<qint64>(v.i);
    case Value::Type::Double:
        return v.d;
    case Value::Type::String: {
        const std::string_view s = m_atoms.text(v.s);
        return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    }
    case Value::Type::List: {
        QJsonArray array;
        for (std::uint32_t i = 0; i < v.range.count; ++i)
            array.append(toJson(m_arena[v.range.begin + i].value));
        return array;
    }
    case Value::Type::Map:
        return toJson(fields(v.range.begin, v.range.count));
    }
    return QJsonValue::Null;
}

QJsonObject EventLog::toJson(std::span<const Field> fields) const
{
    QJsonObject object;
    for (const Field& f : fields) {
        const std::string_view k = m_atoms.text(f.key);
        object.insert(QString::fromUtf8(k.data(), static_cast<qsizetype>(k.size())), toJson(f.value));
    }
    return object;
}

QJsonObject EventLog::payloadJson(const Event& e) const
{
    return toJson(Value::map({ e.payloadBegin, e.payloadCount })).toObject();
}

void EventLog::reserve(std::size_t events, std::size_t fields)
{
    m_events.reserve(events);
    m_arena.reserve(fields);
}

} // namespace eventloom
