#include "schemasreader.h"

#include "scenarioreader.h"

#include <QJsonArray>
#include <QSet>
#include <map>
#include <set>

namespace eventloom {

namespace {
using Reader = ScenarioReader;

/// Field names are the steps of paths, so they may not contain dots; nested objects declare nested fields.
void checkFields(Reader& r, const QJsonObject& fields, const QString& path, int depth)
{
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString fieldPath = Reader::join(path, it.key());
        if (it.key().isEmpty() || it.key().contains(u'.'))
            r.error(fieldPath,
                QStringLiteral("a field name is not empty and has no '.' (nest an object for nested fields)"), true);
        else if (it.value().isObject() && depth >= SchemasReader::kMaxPathDepth)
            r.error(fieldPath, QStringLiteral("fields nest at most %1 deep").arg(SchemasReader::kMaxPathDepth));
        else if (it.value().isObject())
            checkFields(r, it.value().toObject(), fieldPath, depth + 1);
    }
}

QString readPath(Reader& r, const QJsonObject& o, const QString& path, const char* key)
{
    const QString value = r.string(o, path, key, true);
    if (!value.isEmpty() && !SchemasReader::validPath(value))
        r.error(Reader::join(path, QLatin1String(key)),
            QStringLiteral("expected a field path such as \"total.amountCents\" (names joined by '.', at most %1 deep)")
                .arg(SchemasReader::kMaxPathDepth));
    return value;
}

void readSteps(Reader& r, const QJsonObject& o, const QString& path, SchemaRegistry::Schema& schema)
{
    const QJsonValue v = o.value(QLatin1String("upcast"));
    if (v.isUndefined())
        return;
    const QString stepsPath = Reader::join(path, QStringLiteral("upcast"));
    if (!v.isArray()) {
        r.error(stepsPath,
            QStringLiteral(
                "expected an array of steps such as {\"move\": \"amountCents\", \"to\": \"total.amountCents\"}"));
        return;
    }
    if (schema.version == 1 && !v.toArray().isEmpty())
        r.error(stepsPath, QStringLiteral("version 1 has no older version to upcast from"));
    const QJsonArray steps = v.toArray();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QString stepPath = Reader::at(stepsPath, i);
        const QJsonObject so = steps[i].toObject();
        if (!steps[i].isObject()) {
            r.error(stepPath, QStringLiteral("expected an object"));
            continue;
        }
        r.allowOnly(so, stepPath, { "move", "to", "set", "value", "remove", "description" });
        SchemaRegistry::Step step;
        const int ops = (so.contains(QLatin1String("move")) ? 1 : 0) + (so.contains(QLatin1String("set")) ? 1 : 0)
            + (so.contains(QLatin1String("remove")) ? 1 : 0);
        if (ops != 1) {
            r.error(stepPath,
                QStringLiteral(
                    "a step has exactly one of \"move\" (with \"to\"), \"set\" (with \"value\") or \"remove\""));
            continue;
        }
        if (so.contains(QLatin1String("move"))) {
            step.op = SchemaRegistry::Step::Op::Move;
            step.path = readPath(r, so, stepPath, "move");
            step.to = readPath(r, so, stepPath, "to");
        } else if (so.contains(QLatin1String("set"))) {
            step.op = SchemaRegistry::Step::Op::Set;
            step.path = readPath(r, so, stepPath, "set");
            if (!so.contains(QLatin1String("value")))
                r.error(stepPath, QStringLiteral("missing required field 'value' (the new field's value)"));
            step.value = so.value(QLatin1String("value"));
        } else {
            step.op = SchemaRegistry::Step::Op::Remove;
            step.path = readPath(r, so, stepPath, "remove");
        }
        if (step.op != SchemaRegistry::Step::Op::Move && so.contains(QLatin1String("to")))
            r.error(Reader::join(stepPath, QStringLiteral("to")), QStringLiteral("'to' belongs to a \"move\""), true);
        if (step.op != SchemaRegistry::Step::Op::Set && so.contains(QLatin1String("value")))
            r.error(
                Reader::join(stepPath, QStringLiteral("value")), QStringLiteral("'value' belongs to a \"set\""), true);
        schema.upcast.push_back(std::move(step));
    }
}
}

bool SchemasReader::validPath(const QString& path)
{
    if (path.isEmpty() || path.size() > kMaxPathLength)
        return false;
    const QStringList names = path.split(u'.');
    return names.size() <= kMaxPathDepth
        && std::none_of(names.begin(), names.end(), [](const QString& n) { return n.isEmpty(); });
}

void SchemasReader::read(Reader& r, const QJsonObject& root, Scenario& s)
{
    const QJsonValue v = root.value(QLatin1String("schemas"));
    if (v.isUndefined())
        return;
    if (!v.isArray()) {
        r.error(QStringLiteral("schemas"),
            QStringLiteral("expected an array of {\"type\": …, \"version\": …, \"fields\": {…}}"));
        return;
    }
    auto registry = std::make_shared<SchemaRegistry>();
    std::map<QString, std::set<int>> versions;
    const QJsonArray array = v.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = Reader::at(QStringLiteral("schemas"), i);
        if (!array[i].isObject()) {
            r.error(path, QStringLiteral("expected an object"));
            continue;
        }
        const QJsonObject o = array[i].toObject();
        r.allowOnly(o, path, { "type", "version", "fields", "upcast", "description" });
        SchemaRegistry::Schema schema;
        schema.type = r.string(o, path, "type", true);
        schema.version = static_cast<int>(r.integer(o, path, "version", 1, 1, InjectionSpec::kMaxVersion));
        const QJsonValue fields = o.value(QLatin1String("fields"));
        if (!fields.isObject())
            r.error(fields.isUndefined() ? path : Reader::join(path, QStringLiteral("fields")),
                fields.isUndefined() ? QStringLiteral("missing required field 'fields'")
                                     : QStringLiteral("expected an object of field names and their defaults"));
        schema.fields = fields.toObject();
        checkFields(r, schema.fields, Reader::join(path, QStringLiteral("fields")), 1);
        readSteps(r, o, path, schema);
        if (schema.type.isEmpty())
            continue;
        if (!versions[schema.type].insert(schema.version).second)
            r.error(Reader::join(path, QStringLiteral("version")),
                QStringLiteral("%1 version %2 is declared twice").arg(schema.type).arg(schema.version));
        registry->add(std::move(schema));
    }
    // Versions count up from 1: each upcast starts from the version before it.
    for (const auto& [type, declared] : versions) {
        int expected = 1;
        for (const int version : declared) {
            if (version != expected) {
                r.error(QStringLiteral("schemas"),
                    QStringLiteral("%1 declares version %2 but not version %3: versions count up from 1")
                        .arg(type)
                        .arg(version)
                        .arg(expected));
                break;
            }
            ++expected;
        }
    }
    if (!registry->empty())
        s.schemas = std::move(registry);
}

} // namespace eventloom
