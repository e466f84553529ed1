#include "workloadservice.h"

#include "servicecontext.h"

#include <cmath>
#include <cstdio>

namespace eventloom {

void WorkloadService::start(ServiceContext& ctx)
{
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
    (void)id;
    ++m_sent;
    char orderId[32];
    std::snprintf(orderId, sizeof orderId, "order-%06lld", static_cast<long long>(m_sent));
    char customer[32];
    std::snprintf(customer, sizeof customer, "cust-%03lld",
        static_cast<long long>(ctx.random().uniformInt(1, std::max<std::int64_t>(1, m_spec.customers))));
    char sku[32];
    std::snprintf(
        sku, sizeof sku, "sku-%lld", static_cast<long long>(ctx.random().uniformInt(1, std::max<std::int64_t>(1, m_spec.skus))));
    const std::int64_t quantity = ctx.random().uniformInt(m_spec.minQuantity, std::max(m_spec.minQuantity, m_spec.maxQuantity));
    MessageOptions options;
    options.correlation = ctx.intern(orderId);
    if (!m_spec.tenants.empty())
        options.tenant = ctx.intern(m_spec.tenants[static_cast<std::size_t>(
            ctx.random().uniformInt(0, static_cast<std::int64_t>(m_spec.tenants.size()) - 1))]);

    PayloadBuilder& payload = ctx.payload();
    payload.setString("orderId", orderId);
    payload.setString("customerId", customer);
    payload.setString("sku", sku);
    payload.setInt("quantity", quantity);
    payload.setInt("amountCents", quantity * m_spec.unitPriceCents);
    ctx.send(ctx.intern(m_spec.target), ctx.intern(m_spec.command), options.correlation, payload, options);

    if (m_sent < m_spec.orders)
        ctx.scheduleTimer(interArrival(ctx), 0);
}

QJsonObject WorkloadService::state() const
{
    return { { QStringLiteral("ordersSent"), static_cast<qint64>(m_sent) },
        { QStringLiteral("ordersPlanned"), static_cast<qint64>(m_spec.orders) } };
}

} // namespace eventloom
