#pragma once

#include "scenario.h"

#include <QJsonObject>

namespace eventloom {

class ScenarioReader;

/// Reads a scenario's `topics` and `services` (each kind's settings, subscriptions and their tenant
/// filters), then checks what the services refer to, declarative services' `rules` included.
class ServicesReader {
public:
    static void readTopics(ScenarioReader& r, const QJsonObject& root, Scenario& s);
    /// After readTopics: subscriptions name topics.
    static void read(ScenarioReader& r, const QJsonObject& root, Scenario& s);
    /// After read: subscriptions' topics, read models, the order service a customer app needs, and the
    /// declarative services' rules (what they publish and send) name things the scenario has.
    static void readRules(ScenarioReader& r, const Scenario& s);
};

} // namespace eventloom
