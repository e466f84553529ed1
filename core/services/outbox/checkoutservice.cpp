#include "checkoutservice.h"

#include "../../bus/eventlog.h"
#include "../servicecontext.h"

#include <QJsonObject>
#include <string>

namespace eventloom {

namespace {
constexpr std::uint64_t kRelayTimer = 0;

std::int64_t number(ServiceContext& ctx, const Event& message, Atom field)
{
    const Value v = ctx.log().field(message, field);
    return v.type == Value::Type::Int ? v.i : v.type == Value::Type::Double ? static_cast<std::int64_t>(v.d) : 0;
}

Atom text(ServiceContext& ctx, const Event& message, Atom field)
{
    const Value v = ctx.log().field(message, field);
    return v.type == Value::Type::String ? v.s : 0;
}
}

CheckoutService::CheckoutService(EventLog& log, Settings settings)
    : m_n(log.atoms())
    , m_settings(std::move(settings))
    , m_topic(log.atoms().intern(m_settings.topic))
{
}

std::optional<CheckoutService::Mode> CheckoutService::modeFromName(std::string_view name)
{
    for (const Mode mode : { Mode::Outbox, Mode::DualWrite, Mode::PublishThenCommit })
        if (name == modeName(mode))
            return mode;
    return std::nullopt;
}

const char* CheckoutService::modeName(Mode mode)
{
    switch (mode) {
    case Mode::DualWrite:
        return "dual-write";
    case Mode::PublishThenCommit:
        return "publish-then-commit";
    case Mode::Outbox:
        break;
    }
    return "outbox";
}

HandleResult CheckoutService::handle(ServiceContext& ctx, const Event& message)
{
    if (message.type != m_n.placeOrder)
        return {};
    Row row;
    row.orderId = text(ctx, message, m_n.orderId);
    row.customerId = text(ctx, message, m_n.customerId);
    row.sku = text(ctx, message, m_n.sku);
    row.quantity = number(ctx, message, m_n.quantity);
    row.amountCents = number(ctx, message, m_n.amountCents);
    row.placedBy = message.seq;
    const auto refuse = [&](const char* reason) {
        ++m_rejected;
        const Atom why = ctx.intern(reason);
        ctx.trace(TraceKind::Rejected, why);
        return HandleResult { HandleOutcome::Rejected, why };
    };
    if (row.orderId == 0)
        return refuse("an order needs an orderId");
    if (m_committed.count(row.orderId) != 0)
        return refuse("order already exists");
    // One id per order's event: a repeat of it (a relay's) is the same event, whatever message carries it.
    row.key = ctx.intern(std::string(ctx.log().text(row.orderId)) + "/OrderCreated");
    ++m_accepted;
    switch (m_settings.mode) {
    case Mode::Outbox:
        commit(row); // the order row and the outbox row, in one transaction
        m_outbox.push_back(row);
        armRelay(ctx);
        break;
    case Mode::DualWrite:
        commit(row);
        m_inFlight.emplace(m_nextTimer, row);
        ctx.scheduleTimer(m_settings.publishDelay, m_nextTimer++);
        break;
    case Mode::PublishThenCommit:
        m_inFlight.emplace(m_nextTimer, row);
        ctx.scheduleTimer(m_settings.publishDelay, m_nextTimer++);
        break;
    }
    return {};
}

void CheckoutService::commit(const Row& row)
{
    m_orders.push_back(row);
    m_committed.insert(row.orderId);
}

void CheckoutService::publish(ServiceContext& ctx, const Row& row)
{
    PayloadBuilder& payload = ctx.payload();
    payload.set(m_n.orderId, Value::string(row.orderId));
    payload.set(m_n.customerId, Value::string(row.customerId));
    payload.set(m_n.sku, Value::string(row.sku));
    payload.set(m_n.quantity, Value::integer(row.quantity));
    payload.set(m_n.amountCents, Value::integer(row.amountCents));
    payload.set(ctx.intern("idempotencyKey"), Value::string(row.key));
    MessageOptions options;
    options.causation = row.placedBy; // published later, from a timer, on behalf of the PlaceOrder
    ctx.publish(m_topic, m_n.orderCreated, row.orderId, payload, options);
    ++m_published;
    m_announced.insert(row.orderId);
}

void CheckoutService::timer(ServiceContext& ctx, std::uint64_t id)
{
    if (id == kRelayTimer) {
        m_relayArmed = false;
        relay(ctx);
        return;
    }
    const auto it = m_inFlight.find(id);
    if (it == m_inFlight.end())
        return;
    const Row row = it->second;
    m_inFlight.erase(it);
    if (m_settings.mode == Mode::DualWrite) {
        // Committed; the broker call is about to go out.
        if (ctx.crashBetweenWrites())
            return;
        publish(ctx, row);
    } else {
        publish(ctx, row);
        if (ctx.crashBetweenWrites())
            return;
        if (m_committed.count(row.orderId) == 0)
            commit(row);
    }
}

void CheckoutService::armRelay(ServiceContext& ctx)
{
    if (m_relayArmed || m_sent == m_outbox.size())
        return;
    m_relayArmed = true;
    ctx.scheduleTimer(m_settings.relayInterval, kRelayTimer);
}

void CheckoutService::relay(ServiceContext& ctx)
{
    while (m_sent < m_outbox.size()) {
        publish(ctx, m_outbox[m_sent]);
        // Published, not yet marked sent: a crash here publishes the row again after the restart.
        if (ctx.crashBetweenWrites())
            return;
        ++m_sent;
    }
}

void CheckoutService::restarted(ServiceContext& ctx)
{
    // Timers died with the process, and so did the writes it held in memory; the database survives.
    m_inFlight.clear();
    m_relayArmed = false;
    armRelay(ctx);
}

QJsonObject CheckoutService::state() const
{
    std::int64_t unannounced = 0; // committed, never published: lost, or still in the outbox
    for (const Row& row : m_orders)
        unannounced += m_announced.count(row.orderId) == 0 ? 1 : 0;
    std::int64_t invented = 0; // published, never committed
    for (const Atom orderId : m_announced)
        invented += m_committed.count(orderId) == 0 ? 1 : 0;
    return {
        { QStringLiteral("mode"), QLatin1String(modeName(m_settings.mode)) },
        { QStringLiteral("accepted"), static_cast<qint64>(m_accepted) },
        { QStringLiteral("rejected"), static_cast<qint64>(m_rejected) },
        { QStringLiteral("orders"), static_cast<qint64>(m_orders.size()) },
        { QStringLiteral("outboxPending"), static_cast<qint64>(outboxPending()) },
        { QStringLiteral("outboxSent"), static_cast<qint64>(m_sent) },
        { QStringLiteral("published"), static_cast<qint64>(m_published) },
        { QStringLiteral("publishedOrders"), static_cast<qint64>(m_announced.size()) },
        { QStringLiteral("republished"),
            static_cast<qint64>(m_published - static_cast<std::int64_t>(m_announced.size())) },
        { QStringLiteral("unannounced"), static_cast<qint64>(unannounced) },
        { QStringLiteral("invented"), static_cast<qint64>(invented) },
    };
}

} // namespace eventloom
