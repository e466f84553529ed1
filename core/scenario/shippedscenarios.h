#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace eventloom {

/// The teaching scenarios compiled into the binaries (from scenarios/*.json).
class ShippedScenarios {
public:
    struct Lesson {
        QString path; ///< resource path
        QString id; ///< file name without .json
        QString title;
        QString summary;
    };

    /// Resource paths of the scenarios (":/scenarios/01-pubsub-fanout.json"), in name order; the schema is not one.
    static QStringList paths();
    /// Every shipped scenario with its title and summary, in name order.
    static std::vector<Lesson> lessons();
    /// The scenario users get when they name none.
    static QString defaultPath();
    /// A path that exists on disk, or a shipped scenario named by its id, file name or repo path
    /// ("01-pubsub-fanout", "01-pubsub-fanout.json", "scenarios/01-pubsub-fanout.json"). Empty if neither.
    static QString resolve(const QString& nameOrPath);
};

} // namespace eventloom
