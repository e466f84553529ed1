#include "variantoverrides.h"

#include "lesson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace eventloom {

QStringList variantOverrides(const LessonVariant& variant, qsizetype shippedInjections)
{
    QStringList out = variant.set;
    if (shippedInjections == 0 && !variant.inject.isEmpty()) {
        const QJsonDocument specs(QJsonArray::fromStringList(variant.inject));
        out << QStringLiteral("injections=") + QString::fromUtf8(specs.toJson(QJsonDocument::Compact));
        return out;
    }
    for (qsizetype i = 0; i < variant.inject.size(); ++i)
        out << QStringLiteral("injections.%1=%2").arg(shippedInjections + i).arg(variant.inject[i]);
    return out;
}

} // namespace eventloom
