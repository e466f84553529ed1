#include "payloadbuilder.h"

#include <QJsonArray>
#include <QJsonObject>

namespace eventloom {

PayloadBuilder& PayloadBuilder::set(Atom key, Value value)
{
    for (Field& f : m_fields) {
        if (f.key == key) {
            f.value = value;
            return *this;
        }
    }
    m_fields.push_back({ key, value });
    return *this;
}

PayloadBuilder& PayloadBuilder::setString(std::string_view key, std::string_view v)
{
    return set(key, Value::string(m_log->atoms().intern(v)));
}

PayloadBuilder& PayloadBuilder::setAll(const QJsonObject& object)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        set(it.key().toStdString(), fromJson(it.value()));
    return *this;
}

Value PayloadBuilder::fromJson(const QJsonValue& json)
{
    switch (json.type()) {
    case QJsonValue::Bool:
        return Value::boolean(json.toBool());
    case QJsonValue::Double: {
        const double d = json.toDouble();
        const auto i = static_cast<std::int64_t>(d);
        return static_cast<double>(i) == d ? Value::integer(i) : Value::real(d);
    }
    case QJsonValue::String:
        return Value::string(m_log->atoms().intern(json.toString().toStdString()));
    case QJsonValue::Array: {
        const QJsonArray array = json.toArray();
        std::vector<Field> items;
        for (const QJsonValue& item : array)
            items.push_back({ 0, fromJson(item) }); // children first, so this range stays contiguous
        auto& arena = m_log->arena();
        const auto begin = static_cast<std::uint32_t>(arena.size());
        arena.insert(arena.end(), items.begin(), items.end());
        return Value::list({ begin, static_cast<std::uint32_t>(items.size()) });
    }
    case QJsonValue::Object: {
        const QJsonObject object = json.toObject();
        std::vector<Field> entries;
        for (auto it = object.begin(); it != object.end(); ++it) // QJsonObject iterates in key order
            entries.push_back({ m_log->atoms().intern(it.key().toStdString()), fromJson(it.value()) });
        auto& arena = m_log->arena();
        const auto begin = static_cast<std::uint32_t>(arena.size());
        arena.insert(arena.end(), entries.begin(), entries.end());
        return Value::map({ begin, static_cast<std::uint32_t>(entries.size()) });
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

} // namespace eventloom
