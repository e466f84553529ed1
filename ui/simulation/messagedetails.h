#pragma once

#include "base/simtime.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace eventloom {

/// The answer to RunSource::inspect: one message's envelope, its payload and its causal chain. Live, read
/// off the engine's log; in review, from the run file's messages table.
struct MessageDetails {
    /// Another message of the causal chain, as a link shows it.
    struct Brief {
        std::uint32_t seq = 0;
        QString type;
        QString producer;
        SimTime time = 0; ///< published at
        bool operator==(const Brief&) const = default;
    };

    QString id;
    bool command = false; ///< a command to one service, else an event on a topic
    QString type;
    qint64 version = 0;
    QString key;
    std::optional<QString> tenant; ///< none for a message of no tenant
    QString correlationId;
    QString producer;
    SimTime time = 0; ///< published at
    QString target; ///< a command's: the service it is sent to
    QString topic; ///< an event's: its topic, partition and offset
    qint64 partition = -1;
    qint64 offset = -1;
    /// The message's payload: a JSON document written by the service that sent it.
    QJsonObject payload;
    /// The message it answered (none: it starts a chain).
    std::optional<Brief> causedBy;
    /// The messages sent while handling it, in order; the first 50 at most.
    std::vector<Brief> caused;
    bool operator==(const MessageDetails&) const = default;
};

} // namespace eventloom

Q_DECLARE_METATYPE(eventloom::MessageDetails)
