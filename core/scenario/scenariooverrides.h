#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace eventloom {

/// Applies one `--set PATH=VALUE` to a scenario document. PATH is dotted; inside arrays of objects a
/// segment names an element by its `id` (ids may contain dots: `topics.orders.events.partitions=6`),
/// or by its index (one past the end appends). VALUE is JSON if it parses as JSON, else a plain string.
/// Returns an empty string on success, else what is wrong.
QString applyOverride(QJsonObject& root, const QString& assignment);

/// VALUE of a `--set PATH=VALUE` as applyOverride reads it: JSON if it parses as JSON, else the string.
QJsonValue overrideValue(const QString& text);

} // namespace eventloom
