#pragma once

#include "../base/atomtable.h"
#include "../base/simtime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eventloom {

/// How often a step or a compensation is tried again, and how long to wait before each new try
/// (`backoff`, doubled after every try up to `maxBackoff`). With a `deadline` the tries stop when it
/// passes: no try starts later than `deadline` after the first, so an outage shorter than the deadline
/// only delays the step, and a longer one fails it when its last try times out.
struct SagaRetry {
    int count = 0; ///< tries after the first
    SimTime backoff = 100 * kMillisecond;
    SimTime maxBackoff = 0; ///< the longest wait between two tries; 0: no cap
    SimTime deadline = 0; ///< after the first try, when no new try may start; 0: none (only `count` bounds)

    SimTime delayBefore(int attempt) const; ///< the wait before try `attempt` (2, 3, …)
    /// May try `attempt` + 1 start at `at`, the first try having started at `firstTry`?
    bool allowsAnother(int attempt, SimTime firstTry, SimTime at) const;
};

/// One message a saga sends and the answers it waits for.
struct SagaAction {
    std::string command; ///< the command that starts it (orchestration)
    std::string success; ///< the event that says it was done
    std::vector<std::string> failures; ///< events that say it could not be done (none for a compensation)
    SimTime timeout = 2 * kSecond; ///< how long to wait for an answer
    SagaRetry retry;

    Atom commandAtom = 0, successAtom = 0;
    std::vector<Atom> failureAtoms;
    bool isFailure(Atom type) const;
};

/// A step of a saga: a local transaction in one participant and the compensation that undoes it.
struct SagaStep {
    std::string id; ///< "reserve-stock"
    std::string service; ///< the participant
    std::string topic; ///< where the participant publishes its answers
    SagaAction action;
    SagaAction compensation; ///< command "" : the step needs no compensation

    Atom idAtom = 0, serviceAtom = 0, topicAtom = 0;
    bool compensable() const { return !compensation.command.empty(); }
};

/// A saga as data (the scenario's `sagas` array): the steps in order, what starts an instance, and
/// what the owner of the business transaction is told at the end. One definition runs either way:
///
/// - **orchestration**: a coordinator service (created by the engine, event-sourced) sends each
///   step's command, waits for the answer with a timeout and retries, and on a failure sends the
///   compensations of the completed steps in reverse order;
/// - **choreography**: no coordinator. Each participant reacts to the event before it (step k to the
///   start event or step k-1's success) and compensates on the failure or compensation of the step
///   after it, so compensation also travels backwards, as events. The engine rebuilds each instance
///   from the events that carry its correlation id (SagaTracker), so both styles trace alike.
///
/// The scenario builder derives the subscriptions each style needs from the definition.
struct SagaDefinition {
    enum class Style : std::uint8_t { Orchestration, Choreography };
    /// A command sent to the owner when an instance ends (orchestration).
    struct Notice {
        std::string service;
        std::string command;
        Atom serviceAtom = 0, commandAtom = 0;
        bool valid() const { return !service.empty() && !command.empty(); }
    };

    std::string id; ///< "order-fulfilment": the saga type
    Style style = Style::Orchestration;
    std::string coordinator; ///< orchestration: the coordinator service's id
    std::string startEvent; ///< the event (or command to the coordinator) that starts an instance
    std::string startTopic; ///< where the start event is published ("" if it is a command)
    std::string owner; ///< choreography: the service that learns the outcome from the first and last steps' topics
    Notice onCompleted;
    Notice onCompensated;
    std::vector<SagaStep> steps;
    /// Orchestration: the coordinator keeps its saga log in a durable store, so a crash loses nothing.
    /// False: the log lives in the process's memory, and a crash forgets every saga (a teaching variant).
    bool durableLog = true;

    Atom idAtom = 0, startAtom = 0;

    /// The step compensation continues with: the first compensable step at or below `from`, or -1
    /// when none is left (the saga is then compensated).
    int compensableAtOrBelow(int from) const;
    /// Interns every name; call once before the run.
    void resolve(AtomTable& atoms);
    static const char* styleName(Style style);
};

} // namespace eventloom
