#pragma once

#include "scenario/scenario.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace eventloom {

/// What the window needs to show a run file under review, from RunReview::opened's description of it.
namespace reviewmode {

/// The scenario the panels are set up with: the recorded one as it ran, or, for an imported event
/// log (which has none), one made of the topics and services its records name — never simulated.
std::optional<Scenario> scenarioOf(const QJsonObject& info, QString& error);
/// The recorded scenario with the seed's run's injections (those added from outside, each at the moment
/// it took effect), to re-simulate the run in the live workbench: what RunReplay runs.
std::optional<Scenario> resimulation(const QJsonObject& info, QString& error);
/// The seed the run was recorded with.
std::uint64_t seedOf(const QJsonObject& info);
/// A new run file for an import of `input`, next to the recorded runs (RunArchive's directory);
/// empty with `error` if the directory cannot be made.
QString importPath(const QString& input, QString& error);
/// True for the files review mode opens (run files, by their extension).
bool isRunFile(const QString& path);

} // namespace reviewmode

} // namespace eventloom
