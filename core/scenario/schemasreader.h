#pragma once

#include "scenario.h"

#include <QJsonObject>

namespace eventloom {

class ScenarioReader;

/// Reads a scenario's `schemas` (payload schemas per event type and version, with their upcasts) into
/// a SchemaRegistry, and checks what refers to them: subscriptions' readers and declarative rules' sums.
class SchemasReader {
public:
    static void read(ScenarioReader& r, const QJsonObject& root, Scenario& s);
    /// A dotted field path ("total.amountCents"): non-empty names of at most kMaxPathLength characters.
    static bool validPath(const QString& path);
    static constexpr qsizetype kMaxPathLength = 256;
    static constexpr qsizetype kMaxPathDepth = 16;
};

} // namespace eventloom
