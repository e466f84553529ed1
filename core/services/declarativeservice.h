#pragma once

#include "../bus/value.h"
#include "service.h"

#include <QJsonObject>
#include <map>
#include <string>
#include <vector>

namespace eventloom {

class EventLog;

/// A service configured entirely by the scenario: "on message X, publish Y to topic T (or send
/// command C to service S) with fields mapped from X". Simple scenarios need no C++.
///
/// Field templates: "$" (the whole payload, as `data` only), "$.name" (a payload field), "$key",
/// "$correlationId", "$type"; anything else is a constant.
class DeclarativeService final : public Service {
public:
    /// `rules` is the scenario's array; it was validated by the loader.
    DeclarativeService(const QJsonArray& rules, EventLog& log);

    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    QJsonObject state() const override;

private:
    struct Source {
        enum class Kind { Constant, Field, Key, Correlation, Type, WholePayload };
        Kind kind = Kind::Constant;
        Atom field = 0;
        Value constant;
    };
    struct Rule {
        Atom on = 0;
        Atom topic = 0; ///< publish target, or 0
        Atom service = 0; ///< send target, or 0
        Atom type = 0;
        Source key;
        bool hasKey = false;
        std::vector<std::pair<Atom, Source>> data;
        bool copyPayload = false;
    };

    Source compile(const QJsonValue& json, EventLog& log) const;
    Value resolve(const Source& source, const Event& message, const EventLog& log) const;

    std::vector<Rule> m_rules;
    // Counted by atom on the hot path; state() names them (atoms are deterministic per run).
    std::map<Atom, std::int64_t> m_handled;
    std::map<Atom, std::int64_t> m_emitted;
    const EventLog* m_log = nullptr;
};

} // namespace eventloom
