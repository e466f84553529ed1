#pragma once

#include "storedevent.h"

#include <QJsonObject>
#include <memory>

namespace eventloom {

/// The state of one event-sourced aggregate, rebuilt by folding its stream: a fresh aggregate plus
/// apply() for each event in order. The store keeps copies of it as snapshots, so the state must be
/// a value: clone() copies it, restore() overwrites this one with a copy. CopyableAggregate provides
/// both for a type with a copy constructor.
class Aggregate {
public:
    virtual ~Aggregate() = default;
    /// Folds one event into the state. Must depend only on the state, the event and its payload.
    virtual void apply(const StoredEvent& event, const EventLog& log) = 0;
    /// A copy of this state, of the same concrete type.
    virtual std::unique_ptr<Aggregate> clone() const = 0;
    /// Replaces this state with a copy of `other`, which has the same concrete type (a snapshot).
    virtual void restore(const Aggregate& other) = 0;
    /// restore() from one of the store's snapshots, reading events through `log` from now on. Snapshots
    /// are shared by the forks of a run (EventStore's copies), so one may have been taken by another
    /// run: an aggregate that keeps pointers into its run keeps its own here, or takes `log`, instead
    /// of copying the snapshot's. By default, restore().
    virtual void restoreSnapshot(const Aggregate& snapshot, const EventLog& log)
    {
        (void)log;
        restore(snapshot);
    }
    /// The state for observers and the GUI.
    virtual QJsonObject state() const = 0;

protected:
    Aggregate() = default;
    Aggregate(const Aggregate&) = default;
    Aggregate& operator=(const Aggregate&) = default;
};

} // namespace eventloom
