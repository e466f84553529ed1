#pragma once

#include "../base/simtime.h"
#include "../bus/value.h"
#include "../eventstore/copyableaggregate.h"
#include "../trace/tracerecord.h"
#include "sagadefinition.h"

#include <QJsonObject>
#include <span>
#include <vector>

namespace eventloom {

class EventLog;

/// Where one saga instance is: its steps, what it waits for and until when, and its data (the payload
/// of the message that started it, merged with every step's answer). The orchestrator keeps it as an
/// event-sourced aggregate (SagaAggregate); the choreography tracker moves it directly. Both move it
/// only through on(), one saga phase at a time, so both styles mean the same by every state.
struct SagaInstance {
    enum class Status : std::uint8_t { Running, Compensating, Completed, Compensated, Stuck };
    /// What an answer is awaited for, if anything; Backoff: a try failed and the next is due.
    enum class Waiting : std::uint8_t { Nothing, Step, Compensation, Backoff };

    Atom id = 0; ///< the saga id: the correlation id of its messages
    Atom key = 0; ///< the partition key of the message that started it
    Status status = Status::Running;
    Waiting waiting = Waiting::Nothing;
    int step = -1; ///< the step being run or compensated
    int attempt = 0; ///< of that step or compensation
    int completed = 0; ///< steps that succeeded: 0 … steps.size()
    int failedStep = -1;
    int compensations = 0; ///< compensations that succeeded
    bool inDoubt = false; ///< the failed step timed out: it may have run, so it is compensated too
    SimTime startedAt = 0;
    SimTime since = 0; ///< when the current wait began
    SimTime firstTry = 0; ///< when the first try of the current step or compensation began (retry deadlines)
    SimTime deadline = 0; ///< when it times out
    SimTime endedAt = -1;
    Atom reason = 0; ///< why it failed or is stuck
    std::vector<Field> data;

    bool finished() const
    {
        return status == Status::Completed || status == Status::Compensated || status == Status::Stuck;
    }
    /// Is `step` being run (not yet answered)?
    bool runningStep(int s) const { return status == Status::Running && step == s && completed == s; }
    /// Is the compensation of `step` under way?
    bool compensating(int s) const
    {
        return status == Status::Compensating && step == s && waiting != Waiting::Nothing;
    }

    /// Moves the instance by one phase at time `t`.
    void on(
        SagaPhase phase, int step, int attempt, SimTime t, SimTime deadline = 0, Atom reason = 0, bool inDoubt = false);
    /// Sets top-level fields of the saga's data (new ones appended, existing ones replaced).
    void merge(std::span<const Field> fields);

    static const char* statusName(Status status);
    QJsonObject toJson(const SagaDefinition& definition, const EventLog& log) const;
};

/// The names of the coordinator's saga-log events and their fields.
struct SagaNames {
    explicit SagaNames(AtomTable& atoms);
    Atom phaseType[13] {}; ///< by SagaPhase: "SagaStarted", "StepStarted", …
    Atom step, attempt, deadline, reason, inDoubt, data, key;
    SagaPhase phaseOf(Atom type) const;
};

/// The orchestrator's saga instance as an event-sourced aggregate: the fold of its saga log, so any
/// instance can be shown as it was at any past moment (EventStore::loadAtTime).
class SagaAggregate final : public CopyableAggregate<SagaAggregate> {
public:
    SagaAggregate(const SagaNames& names, const SagaDefinition& definition)
        : m_names(&names)
        , m_definition(&definition)
    {
    }

    void apply(const StoredEvent& event, const EventLog& log) override;
    QJsonObject state() const override;
    const SagaInstance& instance() const { return m_instance; }
    /// A copy in a fork of the simulation (Simulation::fork): its coordinator's names and the fork's log.
    void rebind(const SagaNames& names, const EventLog& log)
    {
        m_names = &names;
        if (m_log)
            m_log = &log;
    }

private:
    const SagaNames* m_names;
    const SagaDefinition* m_definition;
    const EventLog* m_log = nullptr;
    SagaInstance m_instance;
};

/// A `saga` trace record (TraceKind::Saga) for `instance` of definition `saga`.
TraceRecord sagaRecord(SagaPhase phase, std::uint16_t saga, Atom sagaId, int step, int attempt, Atom reason);

} // namespace eventloom
