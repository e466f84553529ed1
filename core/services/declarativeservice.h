#pragma once

#include "../base/simtime.h"
#include "../bus/value.h"
#include "service.h"

#include <QJsonArray>
#include <QJsonObject>
#include <map>
#include <string>
#include <vector>

namespace eventloom {

class EventLog;
class PayloadBuilder;

/// A service configured entirely by the scenario: "on message X, publish Y to topic T (or send
/// command C to service S) with fields mapped from X". Simple scenarios need no C++.
///
/// A rule may say `after`: the action then happens that long after handling (a timer), still
/// caused by and correlated with the message that triggered it.
///
/// Field templates: "$" (the whole payload, as `data` only), "$.name" (a payload field; "$.total.amountCents"
/// goes into a nested object), "$key", "$correlationId", "$type"; anything else is a constant.
///
/// A rule may `sum` numbers it reads ("sum": {"revenueCents": "$.amountCents"}): the totals are part of
/// its state (`sums`), so checks can compare what each consumer counted. A message without a number
/// there fails the handling, as a handler that reads a field it needs does.
class DeclarativeService final : public Service {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<DeclarativeService>(*this); }
    void rebind(const ServiceHost& host) override;
    /// `rules` is the scenario's array; it was validated by the loader.
    DeclarativeService(const QJsonArray& rules, EventLog& log);

    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    void timer(ServiceContext& ctx, std::uint64_t id) override;
    QJsonObject state() const override;

private:
    struct Source {
        enum class Kind { Constant, Field, Key, Correlation, Type, WholePayload };
        Kind kind = Kind::Constant;
        std::vector<Atom> field; ///< the path, top level first
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
        SimTime after = 0;
        std::vector<std::pair<Atom, Source>> sums; ///< total's name, the field added to it
    };
    /// An action waiting for its `after` timer: the payload is built when the message is handled.
    struct Pending {
        std::size_t rule = 0;
        std::uint32_t cause = 0;
        Atom key = 0;
        std::vector<Field> fields;
    };

    Source compile(const QJsonValue& json, EventLog& log) const;
    Value resolve(const Source& source, const Event& message, const EventLog& log) const;
    /// Publishes or sends for `rule`; false if its target is unknown.
    bool act(ServiceContext& ctx, const Rule& rule, Atom key, const PayloadBuilder& payload, std::uint32_t cause);

    std::vector<Rule> m_rules;
    // Counted by atom on the hot path; state() names them (atoms are deterministic per run).
    std::map<Atom, std::int64_t> m_handled;
    std::map<Atom, std::int64_t> m_emitted;
    std::map<Atom, double> m_sums;
    const EventLog* m_log = nullptr;
    std::map<std::uint64_t, Pending> m_pending; // by timer id
    std::uint64_t m_nextTimer = 0;
};

} // namespace eventloom
