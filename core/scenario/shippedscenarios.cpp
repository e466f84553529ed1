#include "shippedscenarios.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace eventloom {

QStringList ShippedScenarios::paths()
{
    QStringList result;
    const QDir dir(QStringLiteral(":/scenarios"));
    for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        result << dir.filePath(name);
    return result;
}

QString ShippedScenarios::defaultPath() { return QStringLiteral(":/scenarios/01-pubsub-fanout.json"); }

QString ShippedScenarios::resolve(const QString& nameOrPath)
{
    if (QFileInfo(nameOrPath).isFile())
        return nameOrPath;
    QString name = QFileInfo(nameOrPath).fileName();
    if (!name.endsWith(QLatin1String(".json")))
        name += QLatin1String(".json");
    const QString shipped = QStringLiteral(":/scenarios/") + name;
    return QFileInfo(shipped).isFile() ? shipped : QString();
}

QString ShippedScenarios::title(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("title")).toString();
}

} // namespace eventloom
