#pragma once

// Shared by the recorder and export tests: record a scenario the way `eventloom-cli run --record` does.

#include "record/runrecorder.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

namespace eventloom::test {

inline Scenario loadShipped(const QString& id, const QStringList& overrides = {})
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(id), overrides);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    return *loaded.scenario;
}

/// A `_data()` table with one row per shipped scenario: column `id`.
inline void addShippedScenarioRows()
{
    QTest::addColumn<QString>("id");
    for (const auto& lesson : ShippedScenarios::lessons())
        QTest::newRow(qPrintable(lesson.id)) << lesson.id;
}

inline RunInfo runInfo(const Scenario& scenario, const Simulation& sim, SimTime until)
{
    RunInfo info;
    info.scenarioId = scenario.id;
    info.scenarioFile = scenario.file;
    info.scenarioJson = QJsonDocument(scenario.json).toJson(QJsonDocument::Compact);
    info.overrides = scenario.overrides;
    info.seed = sim.seed();
    info.until = until;
    info.producer = QStringLiteral("tests");
    return info;
}

inline void runScenario(Simulation& sim, SimTime until)
{
    if (until > 0)
        sim.runUntil(until);
    else
        sim.runToQuiescence(50'000'000);
}

/// Records `scenario` into `path`; returns the simulation's fingerprint.
inline std::uint64_t recordScenario(const Scenario& scenario, const QString& path,
    std::optional<std::uint64_t> seed = {}, RunRecorder::Options options = {})
{
    auto sim = ScenarioBuilder::build(scenario, seed);
    RunRecorder recorder(options);
    QString error;
    if (!recorder.open(path, runInfo(scenario, *sim, scenario.until), error))
        qFatal("%s", qPrintable(error));
    sim->addObserver(&recorder);
    runScenario(*sim, scenario.until);
    const RunSummary summary = RunSummary::of(scenario.id, *sim, 0);
    if (!recorder.finish(*sim, &summary))
        qFatal("%s", qPrintable(recorder.error()));
    return sim->fingerprint();
}

inline QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace eventloom::test
