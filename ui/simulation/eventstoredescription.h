#pragma once

#include "base/simtime.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <optional>
#include <vector>

namespace eventloom {

/// The answer to RunSource::eventStore (EventStoreState::describe): the run's event stores, the streams
/// that match the query, and the stream it names with its events and its aggregate folded at a version.
struct EventStoreDescription {
    /// An event-sourced service's store.
    struct Store {
        QString service;
        QString aggregate; ///< the aggregate its streams hold, e.g. "Order", "Saga trip"
        qint64 streams = 0;
        qint64 events = 0;
        qint64 snapshotEvery = 0; ///< 0: no snapshots
        bool operator==(const Store&) const = default;
    };
    /// A stream listed.
    struct Stream {
        QString store; ///< the service that keeps it
        QString aggregate;
        QString id;
        qint64 version = 0;
        SimTime last = 0; ///< its last event's time (0: none)
        bool operator==(const Stream&) const = default;
    };
    /// An event of the open stream.
    struct Event {
        qint64 version = 0;
        SimTime time = 0;
        QString type;
        qint64 seq = -1; ///< the log message that caused the append, -1 if none
        QString causeType; ///< that message's type
        qint64 position = 0;
        QString payload; ///< compact JSON, as stored
        bool operator==(const Event&) const = default;
    };
    /// The stream the query names.
    struct OpenStream {
        QString store;
        QString aggregate;
        QString id;
        qint64 version = 0;
        qint64 hiddenEvents = 0; ///< events before the ones listed
        std::vector<Event> events; ///< its last EventStoreState::kMaxEvents at most
        bool operator==(const OpenStream&) const = default;
    };
    /// Its aggregate folded at a version.
    struct Fold {
        QString store;
        QString id;
        qint64 version = 0;
        bool latest = false; ///< at the stream's last event
        qint64 snapshotVersion = 0; ///< the snapshot it started from (0: the empty state)
        qint64 applied = 0; ///< events applied after it
        /// The aggregate's state: a document each aggregate shapes its own way (Aggregate::state()).
        QJsonObject state;
        QString error; ///< why the store cannot fold it; empty: folded
        bool operator==(const Fold&) const = default;
    };
    /// The stream the query asked for, echoed.
    struct Asked {
        QString store;
        QString id;
        qint64 version = 0;
        bool operator==(const Asked&) const = default;
    };

    std::vector<Store> stores; ///< in the scenario's order of services
    qint64 totalStreams = 0;
    qint64 matching = 0; ///< streams that match the query, listed or not
    std::vector<Stream>
        streams; ///< the newest that match, EventStoreState::kMaxStreams at most; store order, then creation order
    QString correlation; ///< the query's correlation id, if any
    std::optional<Asked> asked; ///< when the query names a stream
    std::optional<OpenStream> stream; ///< when that stream exists (at the time described)
    std::optional<Fold> fold; ///< with `stream`
    bool operator==(const EventStoreDescription&) const = default;
};

} // namespace eventloom

Q_DECLARE_METATYPE(eventloom::EventStoreDescription)
