#include "workloadservice.h"

#include "servicecontext.h"

#include <charconv>
#include <cmath>

namespace eventloom {

namespace {
    /// "prefix" + the number, zero-padded to `width` digits (snprintf is slow on the hot path).
    std::string_view numbered(char (&buffer)[32], std::string_view prefix, std::int64_t n, int width)
    {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
        const auto length = static_cast<int>(end - digits);
        std::size_t at = prefix.copy(buffer, prefix.size());
        for (int i = length; i < width; ++i)
            buffer[at++] = '0';
        for (const char* c = digits; c != end; ++c)
            buffer[at++] = *c;
        return { buffer, at };
    }
}

void WorkloadService::start(ServiceContext& ctx)
{
    m_atoms = { ctx.intern(m_spec.target), ctx.intern(m_spec.command), ctx.intern(m_spec.idField), ctx.intern("customerId"),
        ctx.intern("sku"), ctx.intern("quantity"), ctx.intern("amountCents"), ctx.intern("CancelOrder"), ctx.intern("reason"),
        ctx.intern("customer changed their mind") };
    char buffer[32];
    for (std::int64_t c = 1; c <= std::max<std::int64_t>(1, m_spec.customers); ++c)
        m_customers.push_back(ctx.intern(numbered(buffer, "cust-", c, 3)));
    for (std::int64_t s = 1; s <= std::max<std::int64_t>(1, m_spec.skus); ++s)
        m_skus.push_back(ctx.intern(numbered(buffer, "sku-", s, 1)));
    if (m_spec.orders > 0)
        ctx.scheduleTimer(m_spec.start + interArrival(ctx), 0);
}

HandleResult WorkloadService::handle(ServiceContext& ctx, const Event& message)
{
    (void)message; // customers subscribe to nothing
    return { HandleOutcome::Ok, ctx.intern("ignored") };
}

SimTime WorkloadService::interArrival(ServiceContext& ctx) const
{
    const double mean = static_cast<double>(kSecond) / std::max(m_spec.ratePerSecond, 1e-9);
    const double gap = m_spec.poisson ? ctx.random().exponential(mean) : mean;
    return std::max<SimTime>(1, static_cast<SimTime>(std::llround(gap)));
}

void WorkloadService::timer(ServiceContext& ctx, std::uint64_t id)
{
    char buffer[32];
    if (id != 0) { // timer id N > 0: the customer of order N cancels it
        const Atom orderId = ctx.intern(numbered(buffer, m_spec.idPrefix, static_cast<std::int64_t>(id), 6));
        MessageOptions options;
        options.correlation = orderId;
        PayloadBuilder& payload = ctx.payload();
        payload.set(m_atoms.orderId, Value::string(orderId));
        payload.set(m_atoms.reason, Value::string(m_atoms.changedMind));
        ctx.send(m_atoms.target, m_atoms.cancelOrder, orderId, payload, options);
        return;
    }
    ++m_sent;
    const Atom orderId = ctx.intern(numbered(buffer, m_spec.idPrefix, m_sent, 6));
    const Atom customer = m_customers[static_cast<std::size_t>(
        ctx.random().uniformInt(0, static_cast<std::int64_t>(m_customers.size()) - 1))];
    const Atom sku = m_skus[static_cast<std::size_t>(ctx.random().uniformInt(0, static_cast<std::int64_t>(m_skus.size()) - 1))];
    const std::int64_t quantity = ctx.random().uniformInt(m_spec.minQuantity, std::max(m_spec.minQuantity, m_spec.maxQuantity));
    MessageOptions options;
    options.correlation = orderId;
    if (!m_spec.tenants.empty())
        options.tenant = ctx.intern(m_spec.tenants[static_cast<std::size_t>(
            ctx.random().uniformInt(0, static_cast<std::int64_t>(m_spec.tenants.size()) - 1))]);

    PayloadBuilder& payload = ctx.payload();
    payload.set(m_atoms.orderId, Value::string(orderId));
    payload.set(m_atoms.customerId, Value::string(customer));
    payload.set(m_atoms.sku, Value::string(sku));
    payload.set(m_atoms.quantity, Value::integer(quantity));
    payload.set(m_atoms.amountCents, Value::integer(quantity * m_spec.unitPriceCents));
    ctx.send(m_atoms.target, m_atoms.command, orderId, payload, options);
    if (m_spec.cancelProbability > 0 && ctx.random().chance(m_spec.cancelProbability))
        ctx.scheduleTimer(m_spec.cancelAfter, static_cast<std::uint64_t>(m_sent));

    if (m_sent < m_spec.orders)
        ctx.scheduleTimer(interArrival(ctx), 0);
}

QJsonObject WorkloadService::state() const
{
    return { { QStringLiteral("ordersSent"), static_cast<qint64>(m_sent) },
        { QStringLiteral("ordersPlanned"), static_cast<qint64>(m_spec.orders) } };
}

} // namespace eventloom
