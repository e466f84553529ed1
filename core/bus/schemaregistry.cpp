#include "schemaregistry.h"

#include <QStringList>
#include <algorithm>

namespace eventloom {

namespace {
QString typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    default:
        return QStringLiteral("null");
    }
}

bool nested(const QJsonValue& declared)
{
    return declared.isObject() && !declared.toObject().isEmpty();
}
bool fits(const QJsonValue& declared, const QJsonValue& value)
{
    return declared.isNull() || declared.type() == value.type();
}

/// What a strict reader finds wrong with `payload` against `fields`, at `prefix`.
struct Mismatch {
    QStringList missing;
    QStringList mistyped;
    QStringList unexpected;
    void compare(const QJsonObject& fields, const QJsonObject& payload, const QString& prefix)
    {
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            const QString path = prefix + it.key();
            const auto found = payload.constFind(it.key());
            if (found == payload.constEnd())
                missing << path;
            else if (nested(it.value()) && found->isObject())
                compare(it.value().toObject(), found->toObject(), path + u'.');
            else if (nested(it.value()) || !fits(it.value(), *found))
                mistyped << path + QStringLiteral(" (") + typeName(*found) + u')';
        }
        for (auto it = payload.begin(); it != payload.end(); ++it)
            if (!fields.contains(it.key()))
                unexpected << prefix + it.key();
    }
};

/// A tolerant reader's view: exactly `fields`, from `payload` where it has them, else their defaults.
QJsonObject conform(const QJsonObject& fields, const QJsonObject& payload, const QString& prefix,
    QStringList& defaulted, QStringList& ignored)
{
    QJsonObject view;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString path = prefix + it.key();
        const auto found = payload.constFind(it.key());
        if (nested(it.value())) {
            view.insert(it.key(),
                conform(it.value().toObject(), found != payload.constEnd() ? found->toObject() : QJsonObject(),
                    path + u'.', defaulted, ignored));
        } else if (found != payload.constEnd() && fits(it.value(), *found)) {
            view.insert(it.key(), *found);
        } else {
            view.insert(it.key(), it.value());
            defaulted << path;
        }
    }
    for (auto it = payload.begin(); it != payload.end(); ++it)
        if (!fields.contains(it.key()))
            ignored << prefix + it.key();
    return view;
}

QJsonValue take(QJsonObject& object, QStringView path)
{
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0)
        return object.take(path);
    const QString key = path.left(dot).toString();
    const auto it = object.find(key);
    if (it == object.end() || !it->isObject())
        return QJsonValue(QJsonValue::Undefined);
    QJsonObject child = it->toObject();
    const QJsonValue value = take(child, path.mid(dot + 1));
    *it = child;
    return value;
}

void put(QJsonObject& object, QStringView path, const QJsonValue& value)
{
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0) {
        object.insert(path, value);
        return;
    }
    const QString key = path.left(dot).toString();
    QJsonObject child = object.value(key).toObject(); // a scalar in the way is replaced
    put(child, path.mid(dot + 1), value);
    object.insert(key, child);
}

QString list(const QStringList& items)
{
    constexpr qsizetype kShown = 4; // a detail, not a report
    QString text = items.mid(0, kShown).join(QStringLiteral(", "));
    if (items.size() > kShown)
        text += QStringLiteral(" and %1 more").arg(items.size() - kShown);
    return text;
}
}

void SchemaRegistry::add(Schema schema)
{
    std::pair<std::string, int> key { schema.type.toStdString(), schema.version };
    m_schemas.insert_or_assign(std::move(key), std::move(schema));
}

bool SchemaRegistry::declares(std::string_view type) const
{
    const auto it = m_schemas.lower_bound({ std::string(type), 0 });
    return it != m_schemas.end() && it->first.first == type;
}

const SchemaRegistry::Schema* SchemaRegistry::find(std::string_view type, int version) const
{
    const auto it = m_schemas.find({ std::string(type), version });
    return it == m_schemas.end() ? nullptr : &it->second;
}

std::vector<int> SchemaRegistry::versions(std::string_view type) const
{
    std::vector<int> out;
    for (auto it = m_schemas.lower_bound({ std::string(type), 0 }); it != m_schemas.end() && it->first.first == type;
         ++it)
        out.push_back(it->first.second);
    return out;
}

QString SchemaRegistry::checkDeploy(std::string_view type, int version) const
{
    const std::vector<int> declared = versions(type);
    if (declared.empty() || std::find(declared.begin(), declared.end(), version) != declared.end())
        return {};
    QStringList names;
    for (const int v : declared)
        names << QString::number(v);
    return QStringLiteral(
        "%1 has schemas for version %2, not %3: declare its fields (schemas[]) before a producer writes it")
        .arg(QString::fromUtf8(type.data(), static_cast<qsizetype>(type.size())), names.join(QStringLiteral(", ")))
        .arg(version);
}

void SchemaRegistry::apply(const Step& step, QJsonObject& payload)
{
    switch (step.op) {
    case Step::Op::Move: {
        const QJsonValue value = take(payload, step.path);
        if (!value.isUndefined()) // nothing to move in a payload that lacks it
            put(payload, step.to, value);
        break;
    }
    case Step::Op::Set:
        put(payload, step.path, step.value);
        break;
    case Step::Op::Remove:
        take(payload, step.path);
        break;
    }
}

void SchemaRegistry::upcast(std::string_view type, int from, int to, QJsonObject& payload) const
{
    for (int v = from + 1; v <= to; ++v)
        if (const Schema* schema = find(type, v))
            for (const Step& step : schema->upcast)
                apply(step, payload);
}

QJsonObject SchemaRegistry::write(std::string_view type, int version, QJsonObject payload) const
{
    upcast(type, 1, version, payload);
    return payload;
}

SchemaRegistry::Read SchemaRegistry::read(std::string_view type, int eventVersion, const QJsonObject& payload,
    int readerVersion, Reader reader, bool upcaster) const
{
    Read out;
    out.payload = payload;
    out.version = eventVersion;
    QStringList notes;
    if (upcaster && eventVersion < readerVersion) {
        upcast(type, eventVersion, readerVersion, out.payload);
        out.changed = true;
        out.version = readerVersion;
        notes << QStringLiteral("upcast v%1 to v%2").arg(eventVersion).arg(readerVersion);
    }
    const Schema* schema = find(type, readerVersion);
    const QString name = QString::fromUtf8(type.data(), static_cast<qsizetype>(type.size()));
    if (!schema) {
        // Known by version only: a strict reader refuses a newer version it was not built for.
        if (reader == Reader::Strict && out.version > readerVersion) {
            out.failed = true;
            out.detail = QStringLiteral("unknown schema version %1 of %2").arg(out.version).arg(name);
        }
        out.detail = out.failed ? out.detail : notes.join(QStringLiteral("; "));
        return out;
    }
    if (reader == Reader::Strict) {
        Mismatch m;
        m.compare(schema->fields, out.payload, QString());
        if (!m.missing.isEmpty() || !m.mistyped.isEmpty() || !m.unexpected.isEmpty()) {
            QStringList parts;
            if (!m.missing.isEmpty())
                parts << QStringLiteral("missing ") + list(m.missing);
            if (!m.mistyped.isEmpty())
                parts << QStringLiteral("wrong type ") + list(m.mistyped);
            if (!m.unexpected.isEmpty())
                parts << QStringLiteral("unexpected ") + list(m.unexpected);
            out.failed = true;
            out.detail = QStringLiteral("%1 v%2 read as v%3: ").arg(name).arg(out.version).arg(readerVersion)
                + parts.join(QStringLiteral("; "));
            return out;
        }
    } else {
        QStringList defaulted, ignored;
        out.payload = conform(schema->fields, out.payload, QString(), defaulted, ignored);
        if (!defaulted.isEmpty())
            notes << QStringLiteral("defaulted ") + list(defaulted);
        if (!ignored.isEmpty())
            notes << QStringLiteral("ignored ") + list(ignored);
        out.changed = out.changed || !defaulted.isEmpty() || !ignored.isEmpty();
        out.version = readerVersion;
    }
    out.detail = notes.join(QStringLiteral("; "));
    return out;
}

} // namespace eventloom
