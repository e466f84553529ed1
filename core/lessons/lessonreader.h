#pragma once

#include <QJsonObject>

namespace eventloom {

class ScenarioReader;
struct Scenario;

/// Reads a scenario's `checks` and `lesson` (after its services and sagas, whose names checks may
/// read): compiles every expression, refuses names no run of the scenario has, and resolves the
/// steps' references to checks. Errors go to the reader, each with its JSON path and position.
void readChecksAndLesson(ScenarioReader& reader, const QJsonObject& root, Scenario& scenario);

} // namespace eventloom
