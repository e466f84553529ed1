#pragma once

#include "diagnostic.h"
#include "scenario.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

namespace eventloom {

/// Reads a scenario file into a Scenario: JSON syntax, types, required and unknown fields,
/// references between topics and services, and ranges. Reports every error it finds, each with
/// file, line and column. (The full format and its schema grow with the scenario-format work.)
class ScenarioLoader {
public:
    struct Result {
        std::optional<Scenario> scenario;
        Diagnostics errors;
        bool ok() const { return scenario.has_value(); }
    };

    static constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;

    /// `overrides` are `--set PATH=VALUE` assignments applied before validation.
    static Result loadFile(const QString& path, const QStringList& overrides = {});
    static Result loadText(const QByteArray& text, const QString& file, const QStringList& overrides = {});
    /// Whether `spec` can be carried out on `scenario` (known service, a kind this version runs);
    /// empty if so, else why not. Used for scenario files and for `--inject`. An `attach` or `detach` is checked
    /// against the service's `attachAt` and the attaches and detaches in `scenario.injections` before it.
    static QString checkInjection(const InjectionSpec& spec, const Scenario& scenario);

private:
    /// `reset-offset`: the group is one the scenario makes, and reads the topic and partition named.
    static QString checkResetOffset(const InjectionSpec& spec, const Scenario& scenario);
};

} // namespace eventloom
