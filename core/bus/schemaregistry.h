#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eventloom {

/// The payload schemas a scenario declares (its `schemas`): for an event type, the fields of each
/// version, with the default a tolerant reader uses when one is missing, and the upcast that turns
/// the previous version's payload into this version's. Built once; a simulation and its forks share it.
///
/// A producer deployed at version N (`deploy-schema`) writes N's shape: the payload its rules build
/// (version 1's) upcast through versions 2..N. A consumer built for version V (its subscription's
/// `schemaVersion`) reads an event of version E:
///  - with an upcaster and E < V, the payload is first upcast E+1..V (old to new, on read);
///  - a strict reader then requires exactly V's fields — each present, of its default's JSON type,
///    no other — or its handling fails, naming what is missing, mistyped and unexpected;
///  - a tolerant reader takes V's fields, sets each missing (or mistyped) one to its default and
///    ignores fields V does not have.
/// A type without declared schemas is read by version alone: a strict reader fails on a version newer
/// than V ("unknown schema version 2 of Tick"), a tolerant one reads it as it is.
class SchemaRegistry {
public:
    /// One change of an upcast. Paths are dotted ("total.amountCents") and go into nested objects.
    struct Step {
        enum class Op { Move, Set, Remove };
        Op op = Op::Set;
        QString path; ///< Move: from; Set, Remove: the field
        QString to; ///< Move: where the value goes
        QJsonValue value; ///< Set: the value (a constant)
    };
    struct Schema {
        QString type;
        int version = 1;
        /// Field name → default. A non-empty object declares nested fields; a null default accepts any type.
        QJsonObject fields;
        std::vector<Step> upcast; ///< from version - 1 to this one, in order
    };
    enum class Reader { Strict, Tolerant };
    struct Read {
        bool failed = false;
        bool changed = false; ///< the reader sees `payload`, not the event's own
        int version = 0; ///< the version the reader sees
        QJsonObject payload;
        /// Why it failed ("OrderCreated v2 read as v1: missing amountCents; unexpected total"), or what the
        /// reader did to a payload it accepted ("upcast v1 to v2", "defaulted amountCents; ignored total").
        QString detail;
    };

    void add(Schema schema);
    bool empty() const { return m_schemas.empty(); }
    bool declares(std::string_view type) const;
    const Schema* find(std::string_view type, int version) const;
    /// The versions declared for `type`, in ascending order.
    std::vector<int> versions(std::string_view type) const;

    /// Why a producer of `type` cannot be deployed at `version` (a type with schemas but not that version), or empty.
    QString checkDeploy(std::string_view type, int version) const;

    /// What a producer at `version` publishes, from the version-1 payload its rules build.
    QJsonObject write(std::string_view type, int version, QJsonObject payload) const;
    /// How a reader built for `readerVersion` sees a payload of `eventVersion`.
    Read read(std::string_view type, int eventVersion, const QJsonObject& payload, int readerVersion, Reader reader,
        bool upcaster) const;

    /// Applies one step in place.
    static void apply(const Step& step, QJsonObject& payload);

private:
    void upcast(std::string_view type, int from, int to, QJsonObject& payload) const;

    std::map<std::pair<std::string, int>, Schema> m_schemas; // by (type, version)
};

} // namespace eventloom
