#pragma once

#include "../base/cowvector.h"
#include "../eventstore/eventstore.h"
#include "../services/service.h"
#include "sagainstance.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace eventloom {

/// The orchestrator of one saga definition: a service that runs every instance's state machine.
///
/// An instance starts on the definition's start message (its correlation id names the instance; a
/// repeat of it changes nothing and is handled `skipped-duplicate`, as is a message delivered again). The coordinator
/// sends step 1's command, waits for its success or failure event (its answers come from the participants' topics), and
/// moves on; each wait has a deadline. A step that times out is tried again after a backoff, up to its retry count or
/// its business deadline (SagaRetry); a step that fails, or times out for good, starts the compensation: the
/// compensations of the completed steps, last first (and of the timed-out step, which may have run). A compensation is
/// retried until it is answered; one that exhausts its retries leaves the instance `stuck`, with the reason. Late and
/// repeated answers are recognised by the instance's state and ignored, so the coordinator itself is idempotent.
///
/// The coordinator is event-sourced: every move is an event in its saga log (one stream per
/// instance), and the instance is the fold of that stream, so it can be shown as it was at any time.
/// A crash loses the process's memory: the restarted coordinator rebuilds every instance by folding its
/// stream (SagaDefinition::durableLog false: the log was in memory too, and every saga is forgotten),
/// re-arms the deadlines kept in the log, and sends again each command whose answer it never recorded,
/// as the next try (participants answer a repeat as before). A deadline is cancelled as soon as its
/// step (or compensation) is answered, so no stale timer fires.
class SagaCoordinator final : public Service {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<SagaCoordinator>(*this); }
    void rebind(const ServiceHost& host) override;
    SagaCoordinator(const SagaDefinition& definition, std::uint16_t sagaIndex, EventLog& log);

    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    void timer(ServiceContext& ctx, std::uint64_t id) override;
    void restarted(ServiceContext& ctx) override;
    QJsonObject state() const override;

    const SagaDefinition& definition() const { return *m_definition; }
    /// The saga log: one stream per instance, by saga id.
    const EventStore& store() const { return m_store; }
    /// The instance's current state, or nullptr.
    const SagaInstance* instance(Atom sagaId) const;
    /// The instance as it was at simulated time `t` (time travel through the saga log).
    SagaInstance instanceAt(Atom sagaId, SimTime t, const EventLog& log) const;

private:
    struct Runtime {
        Atom id = 0;
        std::unique_ptr<SagaAggregate> state;
        std::uint32_t lastMessage = kNoMessage; ///< the latest message of this instance, as the cause of what follows
        std::uint64_t timer = kNoTimer; ///< the handle of its pending deadline or resend timer

        Runtime() = default;
        Runtime(const Runtime& other)
            : id(other.id)
            , state(other.state ? std::make_unique<SagaAggregate>(*other.state) : nullptr)
            , lastMessage(other.lastMessage)
            , timer(other.timer)
        {
        }
        Runtime& operator=(const Runtime& other) { return *this = Runtime(other); }
        Runtime(Runtime&&) noexcept = default;
        Runtime& operator=(Runtime&&) noexcept = default;
    };
    enum class TimerKind : std::uint64_t { Deadline = 0, Resend = 1 };
    static constexpr std::uint64_t kNoTimer = ~std::uint64_t(0);

    /// Snapshots the saga log's streams every few moves (its factory captures this coordinator).
    void snapshotEvery();
    const SagaInstance& current(const Runtime& r) const { return r.state->instance(); }
    /// Appends one move to the instance's saga log, folds it in and traces it.
    void record(ServiceContext& ctx, Runtime& r, SagaPhase phase, int step, int attempt = 0, Atom reason = 0,
        SimTime deadline = 0, bool inDoubt = false, Value data = {}, Atom key = 0);
    void startStep(ServiceContext& ctx, Runtime& r, int step, int attempt);
    void startCompensation(ServiceContext& ctx, Runtime& r, int step, int attempt);
    /// Compensates step `from` and every completed compensable step below it; then ends the instance.
    void compensateFrom(ServiceContext& ctx, Runtime& r, int from);
    void finish(ServiceContext& ctx, Runtime& r, SagaPhase phase, const SagaDefinition::Notice& notice);
    /// Sends `command` with the saga's data (and `reason`, if any) to `service`, in the saga's correlation.
    void sendFor(ServiceContext& ctx, Runtime& r, Atom service, Atom command, Atom reason = 0);
    void arm(ServiceContext& ctx, Runtime& r, std::size_t index, TimerKind kind, SimTime delay);
    /// Cancels the instance's pending timer, if any: its wait is over.
    void disarm(ServiceContext& ctx, Runtime& r);
    /// Remembers `message` as handled; true if it had been handled before (a redelivery or a duplicate).
    bool seenBefore(std::uint32_t message);
    HandleResult onAnswer(ServiceContext& ctx, Runtime& r, const Event& message);
    Atom reasonOf(ServiceContext& ctx, const Event& message) const;

    const SagaDefinition* m_definition;
    std::uint16_t m_sagaIndex;
    SagaNames m_names;
    EventStore m_store;
    std::vector<Runtime> m_instances; ///< in start order
    std::unordered_map<Atom, std::size_t> m_byId; ///< looked up, never iterated
    /// Messages handled, by seq (64 a word): the coordinator's inbox, kept with its saga log, so it
    /// survives a crash.
    CowVector<std::uint64_t> m_handled;
    /// Statistics of the run, for the state: steps given up for want of an answer (`gaveUp`), and
    /// answers of a step or compensation handled after their saga had ended (`lateAnswers`).
    std::int64_t m_gaveUp = 0;
    std::int64_t m_lateAnswers = 0;
    /// Is `type` the success or failure event of one of the saga's steps or compensations?
    bool isAnswer(Atom type) const;
};

} // namespace eventloom
