#pragma once

#include "eventlog.h"

#include <QJsonObject>
#include <QJsonValue>
#include <span>
#include <string_view>
#include <vector>

namespace eventloom {

/// Collects the top-level fields of a payload being built. Nested lists and maps are written to the
/// log's arena as they are added, so the finished top level is one contiguous range. Reused between
/// messages: in steady state it does not allocate.
class PayloadBuilder {
public:
    explicit PayloadBuilder(EventLog& log)
        : m_log(&log)
    {
    }

    PayloadBuilder& clear()
    {
        m_fields.clear();
        return *this;
    }
    PayloadBuilder& set(Atom key, Value value);
    PayloadBuilder& set(std::string_view key, Value value) { return set(m_log->atoms().intern(key), value); }
    PayloadBuilder& setInt(std::string_view key, std::int64_t v) { return set(key, Value::integer(v)); }
    PayloadBuilder& setString(std::string_view key, std::string_view v);
    /// Converts any JSON value (objects and arrays become arena ranges; strings become atoms).
    Value fromJson(const QJsonValue& json);
    /// Sets each field of `object` (in key order), converted with fromJson.
    PayloadBuilder& setAll(const QJsonObject& object);

    std::span<const Field> fields() const { return m_fields; }

private:
    EventLog* m_log;
    std::vector<Field> m_fields;
};

} // namespace eventloom
