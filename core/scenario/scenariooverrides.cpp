#include "scenariooverrides.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringList>

namespace eventloom {

QJsonValue overrideValue(const QString& text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &error);
    if (error.error == QJsonParseError::NoError && doc.isArray() && doc.array().size() == 1)
        return doc.array().first();
    return text;
}

namespace {
// Sets `value` at segments[from...] inside `node`; returns an error or an empty string.
QString assign(QJsonValue& node, const QStringList& segments, qsizetype from, const QJsonValue& value)
{
    if (from == segments.size()) {
        node = value;
        return {};
    }
    if (node.isObject()) {
        QJsonObject object = node.toObject();
        QJsonValue child = object.value(segments[from]);
        if (child.isUndefined())
            child = from + 1 == segments.size() ? QJsonValue() : QJsonValue(QJsonObject());
        if (QString error = assign(child, segments, from + 1, value); !error.isEmpty())
            return error;
        object.insert(segments[from], child);
        node = object;
        return {};
    }
    if (node.isArray()) {
        QJsonArray array = node.toArray();
        // Longest run of segments that names an element's id wins, so dotted ids work.
        for (qsizetype end = segments.size(); end > from; --end) {
            const QString id = segments.mid(from, end - from).join(u'.');
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (array[i].toObject().value(QLatin1String("id")).toString() != id)
                    continue;
                QJsonValue element = array[i];
                if (QString error = assign(element, segments, end, value); !error.isEmpty())
                    return error;
                array[i] = element;
                node = array;
                return {};
            }
        }
        bool isIndex = false;
        const int index = segments[from].toInt(&isIndex);
        if (isIndex && index >= 0 && index <= array.size()) {
            // One past the end appends: `--set services.6={...}` adds a seventh service.
            if (index == array.size())
                array.append(QJsonValue());
            QJsonValue element = array[index];
            if (QString error = assign(element, segments, from + 1, value); !error.isEmpty())
                return error;
            array[index] = element;
            node = array;
            return {};
        }
        return QStringLiteral("no element with id '") + segments[from] + QStringLiteral("' in ")
            + (from == 0 ? QStringLiteral("the document") : segments.mid(0, from).join(u'.'));
    }
    return segments.mid(0, from).join(u'.') + QStringLiteral(" is not an object or an array");
}
}

QString applyOverride(QJsonObject& root, const QString& assignment)
{
    const qsizetype eq = assignment.indexOf(u'=');
    if (eq <= 0)
        return QStringLiteral("expected PATH=VALUE, got '") + assignment + u'\'';
    const QStringList segments = assignment.left(eq).split(u'.');
    if (segments.contains(QString()))
        return QStringLiteral("empty segment in path '") + assignment.left(eq) + u'\'';
    QJsonValue node = root;
    if (QString error = assign(node, segments, 0, overrideValue(assignment.mid(eq + 1))); !error.isEmpty())
        return error;
    root = node.toObject();
    return {};
}

} // namespace eventloom
