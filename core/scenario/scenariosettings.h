#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace eventloom {

/// One knob of a scenario: a value a `--set PATH=VALUE` may change, with what the schema says of it.
struct ScenarioSetting {
    enum class Kind {
        Choice, ///< one of `choices` (the schema's enum)
        Boolean,
        Integer, ///< within [minimum, maximum]
        Number, ///< within [minimum, maximum]
        Duration, ///< "250ms", "2s", …; may be unset
        Json, ///< a value of another shape (none of the knobs today), written as JSON text
    };

    QString path; ///< the `--set` path: "services.fraud.startFrom", "topics.orders.events.partitions"
    QString group; ///< what it belongs to: "Scenario", "Saga order-fulfilment", "Service fraud", "Workload"
    QString label; ///< the property's name, as the scenario format spells it: "startFrom"
    QString description; ///< the schema's description, if it has one
    Kind kind = Kind::Json;
    QStringList choices;
    double minimum = 0;
    double maximum = 0;
    /// In the document, else the schema's default; undefined when neither says (an unset duration).
    QJsonValue value;

    /// `PATH=VALUE` as `--set` reads it back to `v`: plain text for a string that is not JSON, else JSON.
    QString assignment(const QJsonValue& v) const;
    /// `v` as an assignment writes it (no path): `sync`, `6`, `true`, `["eu","us"]`.
    static QString valueText(const QJsonValue& v);
};

/// Finds the knobs a scenario document has (ScenarioSetting), from the document and the scenario's JSON
/// Schema: which properties are knobs is fixed here by the format (interaction, each saga's style, each
/// service's instances, idempotency, startFrom and attachAt, each subscription's upcaster, each topic's
/// partitions, the workload's rate and size, each tenant's onboarding, share, rate and quota); which of them a scenario
/// has, their kinds, allowed values, ranges, defaults and descriptions come from the document and the schema. QtCore
/// only, so the CLI can list them too.
class ScenarioSettings {
public:
    /// The knobs of `document` (a scenario, as loaded or as shipped), in the document's order: the
    /// scenario's own first, then each saga, service (with its subscriptions), topic, and the workload.
    static QList<ScenarioSetting> discover(const QJsonObject& document, const QJsonObject& schema);
    /// The shipped scenario schema (scenarios/schema/scenario.schema.json, compiled in).
    static QJsonObject schema();
    /// The path of an assignment `PATH=VALUE` (empty if it has no `=`).
    static QString pathOf(const QString& assignment);
    /// The overrides as the title and status bar show them: "interaction=sync, services.fraud.instances=2".
    static QString summary(const QStringList& overrides);
};

} // namespace eventloom
