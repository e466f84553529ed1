#pragma once

#include "eventstoredescription.h"

#include <QMetaType>
#include <QString>

namespace eventloom {

class Simulation;

/// What the Event Store dock asks for: which streams to list, which stream to open and at which of its
/// events to fold the aggregate.
struct EventStoreQuery {
    /// Lists only the streams whose id or aggregate type contains this (case-insensitive); empty: all.
    QString filter;
    /// Lists only the streams with an event caused by a message of this correlation id; empty: all.
    QString correlation;
    /// The stream to open: its store (the service that keeps it) and its id; empty: none.
    QString store;
    QString stream;
    /// The version to fold the aggregate at (1-based); 0 or past the stream's end: its last event.
    qint64 version = 0;

    bool operator==(const EventStoreQuery&) const = default;
};

/// Describes the event stores of a run for the Event Store dock, on the simulation thread: the order
/// service's store (one Order stream per order) and each saga coordinator's saga log (one stream per
/// instance). It reads the simulation it is given — the live run or, while time travelling, the run as
/// it was — and never the whole store: at most kMaxStreams streams and kMaxEvents events per answer.
class EventStoreState {
public:
    /// Streams listed at most: the newest of those that match (the rest are counted in `matching`).
    static constexpr int kMaxStreams = 1000;
    /// Events of the open stream listed at most: its last ones (the rest counted in `hiddenEvents`).
    static constexpr int kMaxEvents = 1000;

    /// The stores, the streams that match `query`; `asked` echoes the stream the query names, `stream` and
    /// `fold` are there when that stream exists (at the time `sim` is at); `streams` in store order (the
    /// scenario's services), each store's streams in creation order.
    static EventStoreDescription describe(const Simulation& sim, const EventStoreQuery& query);
};

} // namespace eventloom

Q_DECLARE_METATYPE(eventloom::EventStoreQuery)
