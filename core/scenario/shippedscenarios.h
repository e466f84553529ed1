#pragma once

#include <QString>
#include <QStringList>

namespace eventloom {

/// The teaching scenarios compiled into the binaries (from scenarios/*.json).
class ShippedScenarios {
public:
    /// Resource paths (":/scenarios/01-pubsub-fanout.json"), in name order.
    static QStringList paths();
    /// The scenario users get when they name none.
    static QString defaultPath();
    /// A path that exists on disk, or a shipped scenario named by its id, file name or repo path
    /// ("01-pubsub-fanout", "01-pubsub-fanout.json", "scenarios/01-pubsub-fanout.json"). Empty if neither.
    static QString resolve(const QString& nameOrPath);
    /// The `title` field of a scenario file, or an empty string.
    static QString title(const QString& path);
};

} // namespace eventloom
