#pragma once

#include "base/simtime.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <cstddef>
#include <vector>

namespace eventloom {

/// The answer to RunSource::busState: the bus as it is (or was, at the moment viewed). Live, read off the
/// engine's bus; in review, folded from the recorded publishes, commits and dead letters.
struct BusState {
    struct Topic {
        QString name;
        std::vector<qint64> ends; ///< per partition: the end offset (records written)
        std::vector<qint64> logStarts; ///< per partition: the first offset still kept (retention moved it)
        bool operator==(const Topic&) const = default;
    };
    struct GroupPartition {
        qint64 committed = 0;
        qint64 lag = 0;
        int owner = -1; ///< the instance that reads it (the last rebalance's), -1: none (detached, crashed)
        bool operator==(const GroupPartition&) const = default;
    };
    /// A consumer group on one topic (a group that reads several topics is one of these per topic).
    struct Group {
        QString name;
        QString topic;
        QString service; ///< the service whose instances read it (empty: not known, an imported log's)
        int instances = 0; ///< the service's instances (0: not known)
        bool detached = false; ///< the `detach` injection stopped it (live only)
        std::vector<GroupPartition> partitions;
        bool operator==(const Group&) const = default;
    };
    struct DeadLetter {
        qint64 index = 0; ///< the position in Simulation::deadLetters() (`republish,index=N`)
        QString topic;
        QString type;
        int partition = 0;
        qint64 offset = 0;
        QString group;
        int attempts = 0;
        QString reason;
        SimTime t = 0;
        QString correlationId; ///< empty in review (the records do not keep it)
        /// The message's payload: a JSON document written by the service, edited as JSON by the user.
        QJsonObject payload;
        bool operator==(const DeadLetter&) const = default;
    };

    std::vector<Topic> topics;
    std::vector<Group> groups;
    /// Oldest first; the newest kMaxDeadLetters at most.
    std::vector<DeadLetter> deadLetters;
    /// A list longer than this is read by a tool, not a person: the window gets the newest ones.
    static constexpr std::size_t kMaxDeadLetters = 1000;
    bool operator==(const BusState&) const = default;
};

} // namespace eventloom

Q_DECLARE_METATYPE(eventloom::BusState)
