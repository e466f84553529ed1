#pragma once

#include "busstate.h"
#include "checkverdicts.h"
#include "deliveryverdicts.h"
#include "eventstorestate.h"
#include "messagedetails.h"
#include "pendingdelivery.h"
#include "readmodelsdescription.h"
#include "servicestate.h"

#include "base/simtime.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <cstdint>

namespace eventloom {

/// What a run shown in the window can answer, wherever it comes from: the live engine (SimulationWorker)
/// or a run file read back (RunReview). Both live on the simulation thread; SimulationController holds
/// the one the window shows, queues the questions to it and passes on its answers, so no query branches
/// on where the run comes from.
///
/// Each question carries the generation of the run it is about, and its answer the same generation: the
/// controller drops answers about a run the window no longer shows. A source that cannot answer a
/// question stays silent (a recorded run has no deliveries held at a breakpoint).
///
/// A new query goes here: a pure virtual function, its answer signal, both implementations, and one
/// forwarding function in the controller.
class RunSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// True if the source runs an engine the window can drive (play, step, inject, reset, fork); a
    /// recorded run only answers questions. Constant for the object's life, so any thread may ask.
    virtual bool simulates() const = 0;

    /// Message `seq`'s details — envelope, payload, what caused it and what it caused; answered through
    /// inspected() (MessageDetails).
    virtual void inspect(std::uint32_t seq, std::uint64_t generation) = 0;
    /// The scenario's checks judged and the lesson's figures valued on the run as viewed; answered through
    /// judged() (CheckVerdicts).
    virtual void judge(std::uint64_t generation) = 0;
    /// The engine's delivery checker (lost events, duplicates, offsets, order) on the run as far as it has
    /// gone — never an earlier moment viewed; answered through deliveryChecked() (DeliveryVerdicts).
    virtual void checkDelivery(std::uint64_t generation) = 0;
    /// Service `name`'s own state (Service::state()); answered through serviceStateReady() (ServiceState).
    virtual void serviceState(const QString& name, std::uint64_t generation) = 0;
    /// The bus — topics' end offsets, groups' committed offsets and lag, dead letters with their payloads;
    /// answered through busStateReady() (BusState).
    virtual void busState(std::uint64_t generation) = 0;
    /// The deliveries waiting at a breakpoint; answered through pendingDeliveriesChanged().
    virtual void pendingDeliveries(std::uint64_t generation) = 0;
    /// The read models — lag, rows with their stale marks, and with `rebuild` a fresh fold of the log
    /// compared with the live table (ReadModelsState::describe); answered through readModelsReady()
    /// (ReadModelsDescription).
    virtual void readModels(const QString& focus, bool rebuild, const QString& key, std::uint64_t generation) = 0;
    /// The event stores — streams, the events of the stream asked for and its aggregate folded at a
    /// version (EventStoreState::describe); answered through eventStoreReady() (EventStoreDescription).
    virtual void eventStore(const EventStoreQuery& query, std::uint64_t generation) = 0;
    /// Time travel: from now on the state queries answer about the run as it was at simulated time `t`,
    /// until the run moves again or `t` is negative or not in the past. Answered through timeTravelled().
    virtual void seek(SimTime t, std::uint64_t generation) = 0;

Q_SIGNALS:
    void inspected(std::uint32_t seq, const eventloom::MessageDetails& details, std::uint64_t generation);
    void judged(const eventloom::CheckVerdicts& verdicts, std::uint64_t generation);
    void deliveryChecked(const eventloom::DeliveryVerdicts& verdicts, std::uint64_t generation);
    void serviceStateReady(const QString& name, const eventloom::ServiceState& state, std::uint64_t generation);
    void busStateReady(const eventloom::BusState& state, std::uint64_t generation);
    void pendingDeliveriesChanged(const eventloom::PendingDeliveries& pending, std::uint64_t generation);
    void readModelsReady(const eventloom::ReadModelsDescription& state, std::uint64_t generation);
    void eventStoreReady(const eventloom::EventStoreDescription& state, std::uint64_t generation);
    /// The state queries now answer about time `t` (-1: the run as it is).
    void timeTravelled(eventloom::SimTime t, std::uint64_t generation);
    /// The TraceBuffer went from empty to holding data. Emitted at most once per slice.
    void batchReady();
};

} // namespace eventloom
