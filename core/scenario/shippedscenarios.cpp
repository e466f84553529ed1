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
    // The schema lives in :/scenarios/schema/, a subdirectory, so Files excludes it.
    const QDir dir(QStringLiteral(":/scenarios"));
    for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        result << dir.filePath(name);
    return result;
}

QString ShippedScenarios::defaultPath()
{
    return QStringLiteral(":/scenarios/01-pubsub-fanout.json");
}

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

std::vector<ShippedScenarios::Lesson> ShippedScenarios::lessons()
{
    std::vector<Lesson> result;
    for (const QString& path : paths()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue; // compiled-in resources; nothing to report
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        result.push_back({ path, QFileInfo(path).completeBaseName(), json.value(QLatin1String("title")).toString(),
            json.value(QLatin1String("summary")).toString() });
    }
    return result;
}

} // namespace eventloom
