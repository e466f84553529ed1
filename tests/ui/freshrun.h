#pragma once

// A fresh simulation of a shipped scenario stopped at a time, to compare the window's panels with:
// what they show must be what the engine has at that moment.

#include "readmodels/logwritesideview.h"
#include "readmodels/readmodel.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"

#include <QJsonObject>
#include <QString>
#include <memory>
#include <set>
#include <vector>

namespace eventloom::uitesting {

/// Scenario `name` (or a path), with `overrides` (`--set`), run with runUntil(t) (t < 0: to quiescence), as a
/// window's run at that time.
inline std::unique_ptr<Simulation> freshRun(const QString& name, SimTime t, const QStringList& overrides = {})
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(name), overrides);
    auto sim = ScenarioBuilder::build(*loaded.scenario);
    if (t < 0)
        sim->runToQuiescence();
    else
        sim->runUntil(t);
    return sim;
}

/// What read model `id` of `sim` looks like: its keys, the stale ones, one row in the middle, and
/// the keys a rebuild from the log has otherwise.
struct ReadModelRows {
    std::vector<QString> keys;
    std::set<QString> stale;
    QString someKey;
    QJsonObject someRow;
    std::set<QString> rebuildDiffers;
};
inline ReadModelRows readModelRows(const Simulation& sim, const std::string& id)
{
    const auto& model = dynamic_cast<const ReadModel&>(sim.service(sim.findService(id)));
    LogWriteSideView writeSide(model, sim.log());
    ReadModelRows e;
    for (const std::string& key : model.keys()) {
        e.keys.push_back(QString::fromStdString(key));
        if (writeSide.writeVersion(key) > model.rowInfo(key).version)
            e.stale.insert(QString::fromStdString(key));
    }
    for (const auto& difference : model.compare(*model.rebuild(sim.log(), sim.bus())))
        e.rebuildDiffers.insert(QString::fromStdString(difference.key));
    if (!e.keys.empty()) {
        e.someKey = e.keys[e.keys.size() / 2];
        e.someRow = model.row(e.someKey.toStdString());
    }
    return e;
}

} // namespace eventloom::uitesting
