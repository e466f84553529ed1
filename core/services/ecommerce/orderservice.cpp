#include "orderservice.h"

#include "../../base/saturating.h"
#include "../../bus/eventbus.h"
#include "../../bus/eventlog.h"
#include "../eventstoretrace.h"
#include "orderaggregate.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <utility>

namespace eventloom {

namespace {
bool isFinal(OrderService::Status s)
{
    return s == OrderService::Status::Completed || s == OrderService::Status::Cancelled;
}
}

OrderService::OrderService(EventLog& log, bool idempotent, const std::vector<std::string>& catalog, Style style,
    SimTime callTimeout, const CallPolicy& policy)
    : EcommerceService(log, idempotent)
    , m_style(style)
    , m_callTimeout(callTimeout)
    , m_policy(policy)
    , m_chains(static_cast<std::size_t>(std::max(policy.workers, 1)))
{
    for (int d = 0; d < CallPolicy::DownstreamCount; ++d) {
        m_downstream[d] = log.atoms().intern(CallPolicy::downstreamName(d));
        m_guards[d].breaker = CircuitBreaker(policy.breaker);
    }
    for (const std::string& sku : catalog)
        m_catalog.insert(log.atoms().intern(sku));
    m_store.setSnapshotPolicy(kSnapshotEvery, [this](Atom) { return std::make_unique<OrderAggregate>(names()); });
}

void OrderService::rebind(const ServiceHost& host)
{
    EcommerceService::rebind(host);
    m_store.setSnapshotPolicy(kSnapshotEvery, [this](Atom) { return std::make_unique<OrderAggregate>(names()); });
}

void OrderService::begin(ServiceContext& ctx, const Event& message)
{
    const Atom orderId = text(ctx, message, names().orderId);
    if (orderId == 0)
        return;
    Read* found = readOf(&message);
    if (!found)
        found = &m_read.emplace_back(message.seq, Read {}).second;
    Read& read = *found;
    read.version = m_store.version(orderId);
    if (const Order* order = m_orders.find(orderId))
        read.status = order->status;
}

const OrderService::Read* OrderService::readOf(const Event* handling) const
{
    if (handling)
        for (auto& [seq, read] : m_read)
            if (seq == handling->seq)
                return &read;
    return nullptr;
}

OrderService::Status OrderService::decidedOn(Atom orderId, const Order& current) const
{
    const Read* read = readOf(m_handling);
    if (!read || !read->status || read->version == m_store.version(orderId))
        return current.status;
    return *read->status;
}

bool OrderService::refusedAsStale(ServiceContext& ctx, Atom orderId, Atom type)
{
    Read* read = readOf(m_handling);
    if (!m_checkVersion || !read || read->version == m_store.version(orderId))
        return false;
    const NewEvent event
        = NewEvent::causedBy(*m_handling, m_recordIndex, type, payloadFor(ctx, names(), orderId).fields());
    const auto result = EventStoreTrace::append(ctx, m_store, orderId, ExpectedVersion::exact(read->version), event);
    read->version = result.version; // reloaded: what follows decides on the current order
    return true;
}

void OrderService::record(ServiceContext& ctx, Atom orderId, Atom type, std::span<const Field> payload,
    std::optional<ExpectedVersion> expected, const Event* cause)
{
    // Ids derive from the message being handled and a per-handling index, so a redelivered copy
    // of it records the same ids (and adds nothing). A waiting fact records the message that
    // announced it, which recorded nothing when it was handled: index 0 of that message is free.
    NewEvent event { 0, 0, type, payload, kNoMessage };
    if (cause)
        event = NewEvent::causedBy(*cause, 0, type, payload);
    else if (m_handling)
        event = NewEvent::causedBy(*m_handling, m_recordIndex++, type, payload);
    Read* read = readOf(m_handling);
    ExpectedVersion first = ExpectedVersion::Any;
    if (expected)
        first = *expected;
    else if (read && m_checkVersion)
        first = ExpectedVersion::exact(read->version);
    auto result = EventStoreTrace::append(ctx, m_store, orderId, first, event);
    if (!result.ok() && !expected) {
        // Someone changed the order since this message's processing began. The in-memory order is
        // current and the caller decided on it, so the retry expects the version now in the store.
        result = EventStoreTrace::append(ctx, m_store, orderId, ExpectedVersion::exact(result.version), event);
    }
    // The next event recorded by the same handling follows this one (or its retry): it expects
    // this version, not the one read at the start, or it would conflict with its own retry.
    if (result.ok() && read)
        read->version = result.version;
}

const OrderService::Order* OrderService::order(Atom orderId) const
{
    return m_orders.find(orderId);
}

const char* OrderService::statusName(Status status)
{
    static const char* const kNames[] = { "created", "reserved", "paid", "shipped", "completed", "cancelled" };
    return kNames[static_cast<int>(status)];
}

HandleResult OrderService::handleMessage(ServiceContext& ctx, const Event& message)
{
    m_handling = &message;
    m_recordIndex = 0;
    struct Done { // the read version and the cause are only for this handling
        OrderService* self;
        std::uint32_t seq;
        ~Done()
        {
            auto& reads = self->m_read;
            const auto it = std::find_if(reads.begin(), reads.end(), [this](const auto& r) { return r.first == seq; });
            if (it != reads.end()) {
                *it = reads.back(); // the order of the handful does not matter: each is found by its seq
                reads.pop_back();
            }
            self->m_handling = nullptr;
        }
    } done { this, message.seq };
    const EcommerceNames& n = names();
    if (message.type == n.placeOrder)
        return place(ctx, message);
    if (message.type == n.cancelOrder)
        return cancelCommand(ctx, message);
    if (message.type == n.approveOrder)
        return approve(ctx, message);
    if (m_style == Style::Sync) {
        if (message.kind == Event::Kind::Command) // replies come back as commands
            onReply(ctx, message);
        return {};
    }
    const Atom orderId = text(ctx, message, n.orderId);
    if (message.type == n.stockReserved) {
        advance(ctx, orderId, Status::Reserved);
    } else if (message.type == n.paymentCharged) {
        advance(ctx, orderId, Status::Paid);
    } else if (message.type == n.shipmentScheduled) {
        advance(ctx, orderId, Status::Shipped);
    } else if (message.type == n.stockReservationFailed || message.type == n.paymentFailed
        || message.type == n.stockReleased) {
        // StockReleased ends a choreographed saga's compensation: the order is cancelled last.
        const Order* found = m_orders.find(orderId);
        const Atom reason = text(ctx, message, n.reason);
        if (found && !isFinal(decidedOn(orderId, *found))
            && !(isFinal(found->status) && refusedAsStale(ctx, orderId, n.orderCancelled)))
            cancel(ctx, orderId, *m_orders.findMutable(orderId), reason != 0 ? reason : ctx.intern("stock released"));
    }
    return {};
}

HandleResult OrderService::place(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    Order order;
    order.customerId = text(ctx, message, n.customerId);
    order.sku = text(ctx, message, n.sku);
    order.quantity = number(ctx, message, n.quantity);
    order.amountCents = number(ctx, message, n.amountCents);
    order.placedAt = message.publishTime;
    order.placedBy = message.seq;
    order.tenant = message.tenant;
    // The aggregate's invariants; every refusal names its reason (and answers a caller who asked for it).
    const auto refuse = [&](std::string_view why) {
        ++m_rejected;
        const HandleResult result = reject(ctx, why);
        answer(ctx, message, orderId, kNoMessage, why);
        return result;
    };
    if (orderId == 0)
        return refuse("an order needs an orderId");
    if (m_orders.contains(orderId))
        return refuse("order already exists");
    if (order.quantity <= 0)
        return refuse("quantity must be positive");
    if (order.amountCents <= 0)
        return refuse("amount must be positive");
    if (!m_catalog.empty() && m_catalog.count(order.sku) == 0)
        return refuse("unknown sku '" + std::string(ctx.log().text(order.sku)) + '\'');

    m_orders[orderId] = order;
    ++m_counts[static_cast<int>(Status::Created)];
    effect(ctx, "order");
    PayloadBuilder& payload = callPayload(ctx, orderId, order);
    record(ctx, orderId, n.orderCreated, payload.fields(), ExpectedVersion::NoStream);
    answer(ctx, message, orderId, ctx.publish(n.ordersTopic, n.orderCreated, orderId, payload), {});
    if (m_style == Style::Sync) {
        m_waiting.push_back(orderId);
        const auto free
            = std::find_if(m_chains.begin(), m_chains.end(), [](const Chain& c) { return c.step == Step::Idle; });
        if (free != m_chains.end())
            run(ctx, *free);
        m_queuedMax = std::max(m_queuedMax, m_waiting.size() - m_waitingHead);
    }
    return {};
}

void OrderService::answer(
    ServiceContext& ctx, const Event& request, Atom orderId, std::uint32_t created, std::string_view reason)
{
    // Only a PlaceOrder that names a `replyTo` is answered; looking the field up (not interning it)
    // keeps every run without such a caller exactly as it was.
    const AtomTable& atoms = ctx.log().atoms();
    const Atom replyTo = atoms.find("replyTo");
    const Atom caller = replyTo == 0 ? 0 : text(ctx, request, replyTo);
    if (caller == 0)
        return;
    PayloadBuilder& payload = ctx.payload();
    payload.set(names().orderId, Value::string(orderId));
    if (created == kNoMessage) {
        payload.set(names().reason, Value::string(ctx.intern(reason)));
        ctx.send(caller, ctx.intern("OrderRejected"), orderId, payload);
        return;
    }
    // What the write recorded, as a producer's acknowledgement names it: the order's stream version
    // and where its OrderCreated is in the log (topic, partition, offset).
    const Event& event = ctx.log().at(created);
    payload.set(ctx.intern("streamVersion"), Value::integer(m_store.version(orderId)));
    payload.set(ctx.intern("topic"), Value::string(names().ordersTopic));
    payload.set(ctx.intern("partition"), Value::integer(event.partition));
    payload.set(ctx.intern("offset"), Value::integer(event.offset));
    ctx.send(caller, ctx.intern("OrderAccepted"), orderId, payload);
}

HandleResult OrderService::approve(ServiceContext& ctx, const Event& message)
{
    // The orchestrator's word that the order's saga completed.
    const Atom orderId = text(ctx, message, names().orderId);
    const Order* found = m_orders.find(orderId);
    if (!found)
        return ++m_rejected, reject(ctx, "unknown order");
    const Status read = decidedOn(orderId, *found);
    if (read == Status::Cancelled)
        return ++m_rejected, reject(ctx, "order already cancelled");
    if (read == Status::Completed)
        return {};
    if (isFinal(found->status) && refusedAsStale(ctx, orderId, names().orderCompleted))
        return found->status == Status::Cancelled ? (++m_rejected, reject(ctx, "order already cancelled"))
                                                  : HandleResult {};
    complete(ctx, orderId, *m_orders.findMutable(orderId));
    return {};
}

HandleResult OrderService::cancelCommand(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    const Order* found = m_orders.find(orderId);
    if (!found)
        return ++m_rejected, reject(ctx, "unknown order");
    const auto refusal = [](Status s) -> std::string_view {
        if (s == Status::Shipped || s == Status::Completed)
            return "cannot cancel after shipping";
        return s == Status::Cancelled ? "order already cancelled" : std::string_view();
    };
    // Decided on the order as this handling read it; if the order has moved past a cancel since, the
    // append is refused and, reloaded, the order refuses the cancel (or, without the check, is cancelled anyway).
    if (const std::string_view why = refusal(decidedOn(orderId, *found)); !why.empty())
        return ++m_rejected, reject(ctx, why);
    if (const std::string_view why = refusal(found->status);
        !why.empty() && refusedAsStale(ctx, orderId, n.orderCancelled))
        return ++m_rejected, reject(ctx, why);
    const Atom reason = text(ctx, message, n.reason);
    cancel(ctx, orderId, *m_orders.findMutable(orderId), reason != 0 ? reason : ctx.intern("cancelled by customer"));
    return {};
}

void OrderService::cancel(ServiceContext& ctx, Atom orderId, Order& order, Atom reason)
{
    const EcommerceNames& n = names();
    order.status = Status::Cancelled;
    ++m_counts[static_cast<int>(Status::Cancelled)];
    effect(ctx, "cancellation");
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(order.customerId));
    payload.set(n.amountCents, Value::integer(order.amountCents));
    payload.set(n.reason, Value::string(reason));
    record(ctx, orderId, n.orderCancelled, payload.fields());
    MessageOptions options;
    options.correlation = orderId;
    ctx.publish(n.ordersTopic, n.orderCancelled, orderId, payload, options);
}

void OrderService::advance(ServiceContext& ctx, Atom orderId, Status to)
{
    const Order* found = m_orders.find(orderId);
    if (!found || isFinal(found->status) || found->status >= to)
        return;
    Order& order = *m_orders.findMutable(orderId);
    // Inventory, payment and shipping answer on different topics, so a fact can reach the order
    // before the one it follows (ShipmentScheduled before PaymentCharged). The order accepts facts
    // in the flow's order: an early one waits, remembered with the message that announced it, and
    // is recorded (naming that message as its cause) once the facts before it are. So the stream
    // tells the whole story — created, reserved, paid, shipped — and no state is skipped.
    order.early[static_cast<int>(to) - 1] = m_handling ? m_handling->seq : kNoMessage;
    const EcommerceNames& names = this->names();
    while (order.status < Status::Shipped) {
        const auto next = static_cast<Status>(static_cast<int>(order.status) + 1);
        const std::uint32_t announced = std::exchange(order.early[static_cast<int>(next) - 1], kNoMessage);
        if (announced == kNoMessage) {
            if (hears(ctx, next) || !waitingAfter(order, next))
                break; // the fact before the early one has not arrived yet
            // This service never hears that fact (the owner of a choreographed saga follows only its
            // first and last steps): the order passes over it, neither counted nor recorded.
            order.status = next;
            continue;
        }
        order.status = next;
        ++m_counts[static_cast<int>(next)];
        // The stream records the order's own domain event; the integration event that announced it
        // (inventory's StockReserved, payment's PaymentCharged, shipping's ShipmentScheduled) is its cause.
        const Atom fact = next == Status::Reserved ? names.orderStockReserved
            : next == Status::Paid                 ? names.orderPaid
                                                   : names.orderShipped;
        const Event* cause = m_handling && announced != m_handling->seq ? &ctx.log().at(announced) : nullptr;
        record(ctx, orderId, fact, payloadFor(ctx, names, orderId).fields(), std::nullopt, cause);
    }
    if (order.status == Status::Shipped)
        complete(ctx, orderId, order);
}

bool OrderService::hears(const ServiceContext& ctx, Status fact) const
{
    const EcommerceNames& n = names();
    const Atom topic = fact == Status::Reserved ? n.inventoryTopic
        : fact == Status::Paid                  ? n.paymentsTopic
                                                : n.shippingTopic;
    const EventBus& bus = ctx.host().bus();
    for (std::uint16_t g = 0; g < bus.groupCount(); ++g) {
        const ConsumerGroup& group = bus.group(g);
        if (group.service == ctx.self() && bus.topic(group.topic).name == topic)
            return true;
    }
    return false;
}

bool OrderService::waitingAfter(const Order& order, Status fact)
{
    for (int s = static_cast<int>(fact); s < 3; ++s)
        if (order.early[s] != kNoMessage)
            return true;
    return false;
}

void OrderService::complete(ServiceContext& ctx, Atom orderId, Order& order)
{
    // Shipped (or, in the synchronous style, notified) is as far as this shop follows an order.
    const EcommerceNames& n = names();
    order.status = Status::Completed;
    ++m_counts[static_cast<int>(Status::Completed)];
    m_latencies.push_back(ctx.now() - order.placedAt);
    if (order.tenant != 0)
        m_latenciesByTenant[order.tenant].push_back(ctx.now() - order.placedAt);
    m_completedCents = saturatingAdd(m_completedCents, order.amountCents);
    effect(ctx, "completion");
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(order.customerId));
    payload.set(n.amountCents, Value::integer(order.amountCents));
    record(ctx, orderId, n.orderCompleted, payload.fields());
    MessageOptions options;
    options.correlation = orderId;
    ctx.publish(n.ordersTopic, n.orderCompleted, orderId, payload, options);
}

void OrderService::run(ServiceContext& ctx, Chain& chain)
{
    chain = Chain {};
    while (m_waitingHead < m_waiting.size()) {
        const Atom next = m_waiting[m_waitingHead++];
        const Order* found = m_orders.find(next);
        if (!found || found->status != Status::Created) // cancelled while waiting
            continue;
        chain.order = next;
        const int busy = static_cast<int>(
            std::count_if(m_chains.begin(), m_chains.end(), [](const Chain& c) { return c.order != 0; }));
        m_busyMax = std::max(m_busyMax, busy);
        if (call(ctx, chain, Step::Reserve))
            return;
    }
    m_waiting.clear();
    m_waitingHead = 0;
}

bool OrderService::call(ServiceContext& ctx, Chain& chain, Step step)
{
    const EcommerceNames& n = names();
    const Order& order = *m_orders.find(chain.order);
    const Step previous = chain.step;
    chain.step = step;
    const int d = downstreamOf(step);
    Guard& guard = m_guards[d];
    const CircuitBreaker::State before = guard.breaker.state();
    const CircuitBreaker::Permit permit = guard.breaker.ask(ctx.now());
    if (guard.breaker.state() != before)
        traceBreaker(ctx, d, order.placedBy);
    const int limit = m_policy.bulkheads[d];
    const bool full = permit != CircuitBreaker::Permit::Refuse && limit > 0 && guard.inFlight >= limit;
    if (permit == CircuitBreaker::Permit::Refuse || full) {
        // Fail fast: nothing was sent, so nothing waits for a timeout and this step has nothing to undo.
        guard.bulkheadFull += full ? 1 : 0;
        chain.step = previous;
        if (step == Step::Notify && m_policy.deferEmail)
            deferEmail(ctx, chain);
        else
            failChain(ctx, chain,
                ctx.intern(std::string(CallPolicy::downstreamName(d)) + (full ? " bulkhead full" : " circuit open")));
        return false;
    }
    guard.breaker.started(permit);
    chain.trial = permit == CircuitBreaker::Permit::Trial;
    guard.busyMax = std::max(guard.busyMax, ++guard.inFlight);
    PayloadBuilder& payload = callPayload(ctx, chain.order, order);
    const Atom command = step == Step::Reserve ? n.reserveStock
        : step == Step::Charge                 ? n.chargePayment
                                               : n.orderCompleted;
    // A queued order's chain starts while another order's reply is being handled: name this
    // order's correlation and cause explicitly rather than inheriting that reply's.
    MessageOptions options;
    options.correlation = chain.order;
    if (step == Step::Reserve)
        options.causation = order.placedBy;
    chain.callSeq = ctx.call(m_downstream[d], command, chain.order, payload, options);
    chain.callId = ++m_callIds;
    ctx.scheduleTimer(m_callTimeout, chain.callId);
    return true;
}

void OrderService::onReply(ServiceContext& ctx, const Event& reply)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, reply, n.orderId);
    const auto found = std::find_if(m_chains.begin(), m_chains.end(),
        [orderId](const Chain& c) { return c.step != Step::Idle && c.order == orderId; });
    if (found == m_chains.end())
        return; // the answer to a call that already timed out
    Chain& chain = *found;
    const bool answered = (chain.step == Step::Reserve && reply.type == n.stockReserved)
        || (chain.step == Step::Charge && reply.type == n.paymentCharged)
        || (chain.step == Step::Notify && reply.type == n.emailSent) || reply.type == n.stockReservationFailed
        || reply.type == n.paymentFailed;
    if (!answered)
        return;
    // An answer, even a refusal, is a success for the breaker: the downstream is there.
    const int d = downstreamOf(chain.step);
    --m_guards[d].inFlight;
    if (m_guards[d].breaker.succeeded(chain.trial))
        traceBreaker(ctx, d, reply.seq);
    Order& order = *m_orders.findMutable(chain.order);
    if (chain.step == Step::Reserve && reply.type == n.stockReserved) {
        order.status = Status::Reserved;
        call(ctx, chain, Step::Charge);
    } else if (chain.step == Step::Charge && reply.type == n.paymentCharged) {
        order.status = Status::Paid;
        call(ctx, chain, Step::Notify);
    } else if (chain.step == Step::Notify && reply.type == n.emailSent) {
        ++m_callIds; // the pending timeout is void
        complete(ctx, chain.order, order);
        chain = Chain {};
    } else {
        failChain(ctx, chain, text(ctx, reply, n.reason));
    }
    if (chain.step == Step::Idle)
        run(ctx, chain);
}

void OrderService::timer(ServiceContext& ctx, std::uint64_t id)
{
    const auto found = std::find_if(
        m_chains.begin(), m_chains.end(), [id](const Chain& c) { return c.step != Step::Idle && c.callId == id; });
    if (found == m_chains.end())
        return;
    Chain& chain = *found;
    const int d = downstreamOf(chain.step);
    Guard& guard = m_guards[d];
    --guard.inFlight;
    ++guard.timeouts;
    if (guard.breaker.failed(ctx.now(), chain.trial))
        traceBreaker(ctx, d, chain.callSeq);
    if (chain.step == Step::Notify && m_policy.deferEmail) {
        // The email is not worth the order: it completes. The call may still be answered (or have
        // been carried out) — a timeout does not say — so it is not sent again.
        ++m_callIds;
        complete(ctx, chain.order, *m_orders.findMutable(chain.order));
        chain = Chain {};
    } else {
        const std::string who = std::string(CallPolicy::downstreamName(d)) + " timed out";
        failChain(ctx, chain, ctx.intern(who));
    }
    run(ctx, chain);
}

void OrderService::failChain(ServiceContext& ctx, Chain& chain, Atom reason)
{
    // In a chain of calls, the caller undoes what the earlier calls did.
    const EcommerceNames& n = names();
    ++m_callIds;
    const Atom orderId = chain.order;
    Order& order = *m_orders.findMutable(orderId);
    PayloadBuilder& payload = callPayload(ctx, orderId, order);
    MessageOptions options;
    options.correlation = orderId;
    if (order.status == Status::Paid || chain.step == Step::Charge)
        ctx.send(m_downstream[CallPolicy::Payment], n.refundPayment, orderId, payload,
            options); // a charge may have happened after the timeout
    if (order.status == Status::Reserved || order.status == Status::Paid || chain.step == Step::Reserve)
        ctx.send(m_downstream[CallPolicy::Inventory], n.releaseStock, orderId, payload, options);
    chain = Chain {};
    cancel(ctx, orderId, order, reason);
}

void OrderService::deferEmail(ServiceContext& ctx, Chain& chain)
{
    const EcommerceNames& n = names();
    const Atom orderId = chain.order;
    Order& order = *m_orders.findMutable(orderId);
    chain = Chain {};
    ++m_emailsDeferred;
    complete(ctx, orderId, order);
    // Handed to the notification service's queue, not called: nobody waits for the answer, and the
    // queue keeps it while notification is down.
    PayloadBuilder& payload = callPayload(ctx, orderId, order);
    MessageOptions options;
    options.correlation = orderId;
    ctx.send(m_downstream[CallPolicy::Notification], n.orderCompleted, orderId, payload, options);
}

PayloadBuilder& OrderService::callPayload(ServiceContext& ctx, Atom orderId, const Order& order)
{
    const EcommerceNames& n = names();
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(order.customerId));
    payload.set(n.sku, Value::string(order.sku));
    payload.set(n.quantity, Value::integer(order.quantity));
    payload.set(n.amountCents, Value::integer(order.amountCents));
    return payload;
}

void OrderService::traceBreaker(ServiceContext& ctx, int downstream, std::uint32_t message)
{
    const CircuitBreaker& breaker = m_guards[downstream].breaker;
    TraceRecord record;
    record.kind = TraceKind::Breaker;
    record.message = message;
    record.subject = m_downstream[downstream];
    record.detail = ctx.intern(CircuitBreaker::stateName(breaker.state()));
    record.aux = breaker.consecutiveFailures();
    ctx.trace(record);
}

QJsonObject OrderService::ownState() const
{
    QJsonObject state = countsState();
    latencyState(state);
    if (m_style == Style::Sync)
        syncState(state);
    return state;
}

QJsonObject OrderService::ownStateFor(const StatePaths& read) const
{
    QJsonObject state = countsState(); // a check reads these at every sample: what it reads is all it pays for
    if (read.children.contains(QStringLiteral("latencyUs")))
        latencyState(state);
    if (m_style == Style::Sync && read.children.contains(QStringLiteral("pool")))
        syncState(state);
    return state;
}

std::optional<qint64> OrderService::ownNumber(std::span<const QString> path, bool counted) const
{
    // countsState()'s integers, which nothing else in ownState() overwrites.
    if (path.empty() || (counted && !pathIs(path, { "reachedStatus" })))
        return std::nullopt;
    if (counted)
        return 6;
    if (pathIs(path, { "orders" }))
        return static_cast<qint64>(m_orders.size());
    if (pathIs(path, { "rejected" }))
        return static_cast<qint64>(m_rejected);
    if (pathIs(path, { "completedCents" }))
        return static_cast<qint64>(m_completedCents);
    if (path.size() == 2 && path[0] == QLatin1String("reachedStatus"))
        for (int s = 0; s < 6; ++s)
            if (path[1] == QLatin1String(statusName(static_cast<Status>(s))))
                return static_cast<qint64>(m_counts[s]);
    return std::nullopt;
}

QJsonObject OrderService::countsState() const
{
    QJsonObject byStatus;
    for (int s = 0; s < 6; ++s)
        byStatus.insert(QLatin1String(statusName(static_cast<Status>(s))), static_cast<qint64>(m_counts[s]));
    return { { QStringLiteral("orders"), static_cast<qint64>(m_orders.size()) },
        { QStringLiteral("reachedStatus"), byStatus }, { QStringLiteral("rejected"), static_cast<qint64>(m_rejected) },
        { QStringLiteral("completedCents"), static_cast<qint64>(m_completedCents) } };
}

void OrderService::latencyState(QJsonObject& state) const
{
    if (m_latencies.empty())
        return;
    const auto percentiles = [](const CowVector<SimTime>& latencies, RunningPercentiles& running) {
        const RunningPercentiles::Values v = running.of(latencies); // nearest rank, as a sort gives them
        return QJsonObject { { QStringLiteral("p50"), static_cast<qint64>(v.p50) },
            { QStringLiteral("p95"), static_cast<qint64>(v.p95) },
            { QStringLiteral("p99"), static_cast<qint64>(v.p99) } };
    };
    QJsonObject latency = percentiles(m_latencies, m_percentiles);
    if (!m_latenciesByTenant.empty()) {
        QJsonObject byTenant;
        for (const auto& [tenant, latencies] : m_latenciesByTenant)
            byTenant.insert(name(tenant), percentiles(latencies, m_percentilesByTenant[tenant]));
        latency.insert(QStringLiteral("byTenant"), byTenant);
    }
    state.insert(QStringLiteral("latencyUs"), latency);
}

void OrderService::syncState(QJsonObject& state) const
{
    const auto busy = std::count_if(m_chains.begin(), m_chains.end(), [](const Chain& c) { return c.order != 0; });
    state.insert(QStringLiteral("pool"),
        QJsonObject { { QStringLiteral("workers"), static_cast<qint64>(m_chains.size()) },
            { QStringLiteral("busy"), static_cast<qint64>(busy) }, { QStringLiteral("busyMax"), m_busyMax },
            { QStringLiteral("queued"), static_cast<qint64>(m_waiting.size() - m_waitingHead) },
            { QStringLiteral("queuedMax"), static_cast<qint64>(m_queuedMax) } });
    state.insert(QStringLiteral("emailsDeferred"), static_cast<qint64>(m_emailsDeferred));
    QJsonObject calls;
    QJsonObject breakers;
    for (int d = 0; d < CallPolicy::DownstreamCount; ++d) {
        const Guard& guard = m_guards[d];
        const QString name = QLatin1String(CallPolicy::downstreamName(d));
        calls.insert(name,
            QJsonObject { { QStringLiteral("inFlight"), guard.inFlight },
                { QStringLiteral("inFlightMax"), guard.busyMax },
                { QStringLiteral("timeouts"), static_cast<qint64>(guard.timeouts) },
                { QStringLiteral("bulkheadFull"), static_cast<qint64>(guard.bulkheadFull) } });
        if (guard.breaker.enabled())
            breakers.insert(name,
                QJsonObject {
                    { QStringLiteral("state"), QLatin1String(CircuitBreaker::stateName(guard.breaker.state())) },
                    { QStringLiteral("opened"), static_cast<qint64>(guard.breaker.opened()) },
                    { QStringLiteral("rejectedFast"), static_cast<qint64>(guard.breaker.refused()) } });
    }
    state.insert(QStringLiteral("calls"), calls);
    if (!breakers.isEmpty())
        state.insert(QStringLiteral("breaker"), breakers);
}

} // namespace eventloom
