#pragma once

#include "base/simtime.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace eventloom {

/// The answer to RunSource::readModels (ReadModelsState::describe): the run's read models, the focused
/// one's rows, and a rebuild from the log when asked for. In review, each model is the scenario's
/// projection folded from the recorded events, caught up.
struct ReadModelsDescription {
    struct Model {
        QString id; ///< its service
        QString kind;
        qint64 lag = 0; ///< events behind the log
        SimTime lagTime = 0; ///< how long ago the oldest of them was published
        qint64 uncommitted = 0;
        bool caughtUp = true;
        qint64 rows = 0;
        qint64 applied = 0;
        qint64 skippedDuplicates = 0;
        qint64 stale = 0; ///< rows the write side changed since the model last applied them
        bool operator==(const Model&) const = default;
    };
    struct Row {
        QString key;
        /// The row's fields as the read model keeps them: a JSON object whose fields the scenario defines.
        QJsonObject fields;
        qint64 version = 0;
        qint64 writeVersion = 0;
        qint64 behind = 0; ///< changes on the write side the row has not applied yet
        SimTime asOf = 0;
        bool operator==(const Row&) const = default;
    };
    /// The model asked for (else the first one), in key order.
    struct Focus {
        QString id;
        std::vector<Row> rows; ///< the highest keys, ReadModelsState::kMaxRows at most
        qint64 hiddenRows = 0;
        QString followed; ///< the key the rows are limited to (the "follow this order" lens), or empty
        bool operator==(const Focus&) const = default;
    };
    /// The focused model folded again from every event of its topics, compared with the live table.
    struct Rebuilt {
        QString id;
        qint64 events = 0;
        qint64 rows = 0;
        qint64 differing = 0;
        QStringList keys; ///< the differing keys, ReadModelsState::kMaxDifferences at most
        bool refoldEqual = false; ///< folding exactly the events it applied gives the live table
        bool operator==(const Rebuilt&) const = default;
    };

    std::vector<Model> models;
    std::optional<Focus> focus; ///< none when there is no read model
    std::optional<Rebuilt> rebuilt; ///< when asked for
    bool operator==(const ReadModelsDescription&) const = default;
};

} // namespace eventloom

Q_DECLARE_METATYPE(eventloom::ReadModelsDescription)
