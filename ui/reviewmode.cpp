#include "reviewmode.h"

#include "record/runarchive.h"
#include "record/runfile.h"
#include "scenario/scenarioloader.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>

namespace eventloom::reviewmode {

namespace {
bool imported(const QJsonObject& info)
{
    return info.value(QLatin1String("origin")).toString() != QLatin1String("recorded");
}
}

bool isRunFile(const QString& path)
{
    return path.endsWith(QLatin1String(".sqlite"), Qt::CaseInsensitive);
}

std::uint64_t seedOf(const QJsonObject& info)
{
    return info.value(QLatin1String("seed")).toString().toULongLong();
}

std::optional<Scenario> scenarioOf(const QJsonObject& info, QString& error)
{
    const QString file = info.value(QLatin1String("path")).toString();
    if (!imported(info)) {
        const auto loaded = ScenarioLoader::loadText(info.value(QLatin1String("scenario")).toString().toUtf8(),
            info.value(QLatin1String("scenarioFile")).toString());
        if (!loaded.ok()) {
            error = loaded.errors.empty() ? file + QStringLiteral(": stored scenario: does not load")
                                          : RunFile::storedScenarioProblem(file, loaded.errors.front());
            return std::nullopt;
        }
        // The stored document has them applied already; kept to show them (title, status bar, settings).
        Scenario scenario = *loaded.scenario;
        for (const QJsonValue& v : info.value(QLatin1String("overrides")).toArray())
            scenario.overrides << v.toString();
        return scenario;
    }
    // An imported log: the topics and services its records name, wired to nothing (the architecture
    // view learns who publishes and consumes what from the records as they stream in).
    QJsonArray topics, services;
    for (const QJsonValue& t : info.value(QLatin1String("topics")).toArray()) {
        const QJsonObject topic = t.toObject();
        topics.append(QJsonObject { { QStringLiteral("id"), topic.value(QLatin1String("name")) },
            { QStringLiteral("partitions"),
                std::max<qint64>(1, topic.value(QLatin1String("partitions")).toInteger()) } });
    }
    for (const QJsonValue& s : info.value(QLatin1String("services")).toArray())
        services.append(QJsonObject { { QStringLiteral("id"), s.toString() },
            { QStringLiteral("kind"), QStringLiteral("declarative") }, { QStringLiteral("rules"), QJsonArray() } });
    const QString title = QStringLiteral("Imported: ") + QFileInfo(file).fileName();
    QJsonObject json { { QStringLiteral("id"), QStringLiteral("imported") }, { QStringLiteral("title"), title },
        { QStringLiteral("topics"), topics }, { QStringLiteral("services"), services } };
    auto loaded = ScenarioLoader::loadText(QJsonDocument(json).toJson(QJsonDocument::Compact), file);
    if (!loaded.ok()) {
        // Names another system uses that a scenario cannot: the panels go without the wiring.
        json.insert(QStringLiteral("topics"), QJsonArray());
        json.insert(QStringLiteral("services"), QJsonArray());
        loaded = ScenarioLoader::loadText(QJsonDocument(json).toJson(QJsonDocument::Compact), file);
    }
    if (!loaded.ok()) {
        error = file + QStringLiteral(": ") + (loaded.errors.empty() ? QString() : loaded.errors.front().toString());
        return std::nullopt;
    }
    return *loaded.scenario;
}

std::optional<Scenario> resimulation(const QJsonObject& info, QString& error)
{
    if (imported(info)) {
        error = QStringLiteral("an imported event log has no scenario to re-simulate");
        return std::nullopt;
    }
    std::optional<Scenario> scenario = scenarioOf(info, error);
    if (!scenario)
        return std::nullopt;
    for (const QJsonValue& v : info.value(QLatin1String("injections")).toArray()) {
        const QJsonObject injection = v.toObject();
        QString problem;
        std::optional<InjectionSpec> spec
            = InjectionSpec::parse(injection.value(QLatin1String("spec")).toString(), problem);
        if (!spec) {
            error = QStringLiteral("injection %1: %2").arg(injection.value(QLatin1String("spec")).toString(), problem);
            return std::nullopt;
        }
        spec->at = injection.value(QLatin1String("atUs")).toInteger(); // when it took effect, as RunReplay does
        scenario->injections.push_back(*spec);
    }
    return scenario;
}

QString importPath(const QString& input, QString& error)
{
    const QString directory = RunArchive::directory(RunArchive::load(QSettings()));
    if (!QDir().mkpath(directory)) {
        error = directory + QStringLiteral(": cannot create the directory");
        return {};
    }
    const QString stem = QStringLiteral("imported-") + QFileInfo(input).completeBaseName() + u'-'
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString path = QDir(directory).filePath(stem + QStringLiteral(".sqlite"));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = QDir(directory).filePath(stem + QStringLiteral("-%1.sqlite").arg(n));
    return path;
}

} // namespace eventloom::reviewmode
