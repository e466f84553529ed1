#pragma once

#include "../../base/runningpercentiles.h"
#include "../../eventstore/eventstore.h"
#include "callpolicy.h"
#include "ecommerceservice.h"

#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace eventloom {

/// The command side of the shop. `PlaceOrder` and `CancelOrder` are validated against the Order
/// aggregate's invariants (positive quantity and amount, a known SKU, a new order id, no cancel
/// after shipping); a refused command is a `rejected` trace record with its reason. Accepted orders
/// are announced with `OrderCreated`, and the order follows the flow's events to `OrderCompleted`
/// or `OrderCancelled` (docs/ecommerce-events.md).
///
/// In the synchronous style the order service instead runs each order as a chain of blocking calls —
/// inventory (ReserveStock), then payment (ChargePayment), then notification — on a pool of workers
/// (CallPolicy::workers, one by default): each worker runs one order's chain, later orders queue.
/// Each call has a timeout; a call that times out fails the order, and what was already done is
/// undone (ReleaseStock, RefundPayment). A bulkhead per downstream limits its calls in flight, a
/// circuit breaker per downstream fails calls fast after repeated timeouts, and the notification
/// call may fall back to completing the order and sending the email without waiting (CallPolicy).
class OrderService final : public EcommerceService {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<OrderService>(*this); }
    void rebind(const ServiceHost& host) override;
    enum class Style { Events, Sync };
    enum class Status { Created, Reserved, Paid, Shipped, Completed, Cancelled };
    struct Order {
        Status status = Status::Created;
        Atom customerId = 0;
        Atom sku = 0;
        std::int64_t quantity = 0;
        std::int64_t amountCents = 0;
        SimTime placedAt = 0; ///< when the customer sent PlaceOrder
        std::uint32_t placedBy = kNoMessage; ///< the PlaceOrder message
        Atom tenant = 0; ///< the PlaceOrder's tenant (0: none)
        /// A flow fact that arrived ahead of its turn (StockReserved, PaymentCharged, ShipmentScheduled:
        /// the message's seq), waiting for the facts before it; kNoMessage when none.
        std::uint32_t early[3] = { kNoMessage, kNoMessage, kNoMessage };
    };

    OrderService(EventLog& log, bool idempotent, const std::vector<std::string>& catalog, Style style = Style::Events,
        SimTime callTimeout = kSecond, const CallPolicy& policy = {});

    const Order* order(Atom orderId) const;
    /// The orders' event store: one stream per order id (the Order aggregate, OrderAggregate).
    const EventStore& store() const { return m_store; }
    /// Snapshots of order streams are taken every this many events.
    static constexpr std::uint32_t kSnapshotEvery = 3;
    /// End-to-end latencies (PlaceOrder sent → OrderCompleted), in completion order.
    const CowVector<SimTime>& latencies() const { return m_latencies; }
    static const char* statusName(Status status);

    /// Remembers the order as processing starts — its stream's version and its status — as the
    /// handling reads it: the handling decides on that status, and its append expects that version, so
    /// a concurrent change in between is an optimistic-concurrency conflict.
    void begin(ServiceContext& ctx, const Event& message) override;

    /// Whether appends expect the version the handling read (the default: optimistic concurrency) or
    /// any version (`expectedVersion: any`). A command is decided on the order as its handling read it;
    /// with the check, a decision the order has since outgrown is refused at the append, and the service
    /// reloads and decides again; without it the stale decision is appended on top of what happened since.
    void setChecksExpectedVersion(bool check) { m_checkVersion = check; }

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;
    QJsonObject ownStateFor(const StatePaths& read) const override;
    std::optional<qint64> ownNumber(std::span<const QString> path, bool counted) const override;

private:
    HandleResult place(ServiceContext& ctx, const Event& message);
    /// Answers a PlaceOrder whose payload names a `replyTo` service, as a web shop answers the POST:
    /// `OrderAccepted` (orderId, streamVersion, topic, partition, offset of its OrderCreated at seq
    /// `created`) or, when `created` is kNoMessage, `OrderRejected` (orderId, reason).
    void answer(
        ServiceContext& ctx, const Event& request, Atom orderId, std::uint32_t created, std::string_view reason);
    HandleResult cancelCommand(ServiceContext& ctx, const Event& message);
    HandleResult approve(ServiceContext& ctx, const Event& message);
    void cancel(ServiceContext& ctx, Atom orderId, Order& order, Atom reason);
    /// The status this handling decides on: the order as the handling read it when it began, when its
    /// stream has changed since, otherwise the current one (the same, reloaded).
    Status decidedOn(Atom orderId, const Order& current) const;
    /// Was the handling's decision, made on what it read, outgrown by the order's current state? With
    /// the version check, the decision's append (of `type`) is attempted, refused, and traced as a
    /// conflict, and the caller decides again on the current order (true); without it, false: the
    /// stale decision stands.
    bool refusedAsStale(ServiceContext& ctx, Atom orderId, Atom type);
    /// Moves an order forward on a flow event; never backwards, never out of a final state, never past
    /// a state it has not learned: a fact that comes early waits for the ones before it.
    void advance(ServiceContext& ctx, Atom orderId, Status to);
    /// Does this service read the topic that announces `fact` (StockReserved, PaymentCharged, ShipmentScheduled)?
    bool hears(const ServiceContext& ctx, Status fact) const;
    /// Is a fact after `fact` waiting for its turn?
    static bool waitingAfter(const Order& order, Status fact);
    void complete(ServiceContext& ctx, Atom orderId, Order& order);
    /// Appends one event to the order's stream, expecting the version read when processing began
    /// (or `expected`); on a conflict the order is reloaded (the cache is current) and the append
    /// retried, and the handling's next append expects the retry's version. `cause`: the message the
    /// event records, when it is not the one being handled (a fact that waited for its turn).
    void record(ServiceContext& ctx, Atom orderId, Atom type, std::span<const Field> payload,
        std::optional<ExpectedVersion> expected = std::nullopt, const Event* cause = nullptr);

    // The synchronous style: each worker runs one order's chain of calls.
    enum class Step { Idle, Reserve, Charge, Notify };
    struct Chain {
        Atom order = 0; ///< the order it runs; 0 while the worker is free
        Step step = Step::Idle;
        std::uint64_t callId = 0; ///< the timer id of its call in flight; other timeouts are not its own
        std::uint32_t callSeq = kNoMessage; ///< the call in flight
        bool trial = false; ///< that call is its breaker's half-open trial
    };
    /// One downstream's bulkhead and circuit breaker.
    struct Guard {
        CircuitBreaker breaker;
        int inFlight = 0; ///< calls made and not yet answered or timed out
        int busyMax = 0;
        std::int64_t bulkheadFull = 0; ///< calls refused because `inFlight` was at the bulkhead's limit
        std::int64_t timeouts = 0;
    };
    /// Starts queued orders on a free worker until one is running or the queue is empty.
    void run(ServiceContext& ctx, Chain& chain);
    /// Makes the chain's call for `step`; false when the call could not be made and the chain ended.
    bool call(ServiceContext& ctx, Chain& chain, Step step);
    void onReply(ServiceContext& ctx, const Event& reply);
    void failChain(ServiceContext& ctx, Chain& chain, Atom reason);
    /// The notification call's fallback: the order completes, and the email is sent without waiting for it.
    void deferEmail(ServiceContext& ctx, Chain& chain);
    void timer(ServiceContext& ctx, std::uint64_t id) override;
    /// What every call and compensation of an order's chain carries: customer, sku, quantity, amount.
    PayloadBuilder& callPayload(ServiceContext& ctx, Atom orderId, const Order& order);
    /// Records a change of a downstream's breaker in the trace (`message`: what caused it).
    void traceBreaker(ServiceContext& ctx, int downstream, std::uint32_t message);
    void syncState(QJsonObject& state) const;
    QJsonObject countsState() const; ///< orders, reachedStatus, rejected, completedCents
    void latencyState(QJsonObject& state) const; ///< latencyUs, once an order has completed
    static int downstreamOf(Step step)
    {
        return step == Step::Reserve ? CallPolicy::Inventory
            : step == Step::Charge   ? CallPolicy::Payment
                                     : CallPolicy::Notification;
    }

    std::unordered_set<Atom> m_catalog;
    CowAtomMap<Atom, Order, 8> m_orders; ///< by order id; copy-on-write, so a fork copies what changed
    std::int64_t m_counts[6] = {};
    std::int64_t m_rejected = 0;
    std::int64_t m_completedCents = 0; ///< what the completed orders cost: what payment must have kept
    CowVector<SimTime> m_latencies;
    /// The same, per tenant (orders without one are not in it): for `latencyUs.byTenant`.
    std::map<Atom, CowVector<SimTime>> m_latenciesByTenant;
    /// Their percentiles, kept as they grow (a check samples them all through a run); a copy starts over.
    mutable RunningPercentiles m_percentiles;
    mutable std::map<Atom, RunningPercentiles> m_percentilesByTenant;

    Style m_style;
    SimTime m_callTimeout;
    CallPolicy m_policy;
    std::vector<Chain> m_chains; ///< one per worker
    std::array<Guard, CallPolicy::DownstreamCount> m_guards;
    std::array<Atom, CallPolicy::DownstreamCount> m_downstream {}; ///< inventory, payment, notification
    std::vector<Atom> m_waiting; ///< orders queued for a free worker (front = next)
    std::size_t m_waitingHead = 0;
    std::uint64_t m_callIds = 0; ///< the last call's timer id
    int m_busyMax = 0; ///< most workers busy at once
    std::size_t m_queuedMax = 0; ///< most orders waiting for a worker at once
    std::int64_t m_emailsDeferred = 0;

    EventStore m_store;
    struct Read {
        std::uint32_t version = 0; ///< the stream's version when the handling began
        std::optional<Status> status; ///< the order's status then (none: not yet placed)
    };
    /// By message seq: what each handling in progress read as it began. A handful at most (one per
    /// delivery in flight), so a scan of a vector that keeps its capacity: no node allocated per message.
    std::vector<std::pair<std::uint32_t, Read>> m_read;
    const Read* readOf(const Event* handling) const;
    Read* readOf(const Event* handling) { return const_cast<Read*>(std::as_const(*this).readOf(handling)); }
    bool m_checkVersion = true;
    const Event* m_handling = nullptr; ///< the message being handled (the cause of what is recorded)
    std::uint32_t m_recordIndex = 0; ///< events recorded so far while handling it
};

} // namespace eventloom
