#include "workloadservice.h"

#include "servicecontext.h"

#include <algorithm>
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
    m_atoms = { ctx.intern(m_spec.target), ctx.intern(m_spec.command), ctx.intern(m_spec.idField),
        ctx.intern("customerId"), ctx.intern("sku"), ctx.intern("quantity"), ctx.intern("amountCents"),
        ctx.intern("CancelOrder"), ctx.intern("reason"), ctx.intern("customer changed their mind") };
    char buffer[32];
    for (std::int64_t c = 1; c <= std::max<std::int64_t>(1, m_spec.customers); ++c)
        m_customers.push_back(ctx.intern(numbered(buffer, "cust-", c, 3)));
    for (std::int64_t s = 1; s <= std::max<std::int64_t>(1, m_spec.skus); ++s)
        m_skus.push_back(ctx.intern(numbered(buffer, "sku-", s, 1)));

    // Tenants draw from streams of their own, named after the workload and the tenant, so the
    // workload's stream gives a scenario's customers, SKUs and arrivals whatever its tenants are.
    const std::uint64_t seed = ctx.host().seed();
    const std::string self(ctx.host().serviceName(ctx.self()));
    m_tenantPick = RandomStream::derive(seed, "service:" + self + ":tenants");
    SimTime sharedStart = -1;
    for (std::size_t t = 0; t < m_spec.tenants.size(); ++t) {
        const TenantSpec& spec = m_spec.tenants[t];
        Tenant tenant;
        tenant.id = ctx.intern(spec.id);
        if (spec.ownRate()) {
            tenant.random = RandomStream::derive(seed, "service:" + self + ":tenant:" + spec.id);
        } else {
            m_shared.push_back(t);
            sharedStart = sharedStart < 0 ? spec.from : std::min(sharedStart, spec.from);
        }
        m_tenants.push_back(std::move(tenant));
    }
    // The shared orders begin once a tenant that shares them is onboarded.
    if (m_spec.orders > 0)
        ctx.scheduleTimer(std::max(m_spec.start, sharedStart) + interArrival(ctx.random(), m_spec.ratePerSecond), 0);
    for (std::size_t t = 0; t < m_spec.tenants.size(); ++t) {
        const TenantSpec& spec = m_spec.tenants[t];
        if (spec.ownRate() && spec.orders > 0)
            ctx.scheduleTimer(std::max(m_spec.start, spec.from) + interArrival(m_tenants[t].random, spec.ratePerSecond),
                kTenantTimer | (static_cast<std::uint64_t>(t) << 32));
    }
}

HandleResult WorkloadService::handle(ServiceContext& ctx, const Event& message)
{
    (void)message; // customers subscribe to nothing
    return { HandleOutcome::Ok, ctx.intern("ignored") };
}

SimTime WorkloadService::interArrival(RandomStream& random, double rate) const
{
    const double mean = static_cast<double>(kSecond) / std::max(rate, 1e-9);
    const double gap = m_spec.poisson ? random.exponential(mean) : mean;
    return std::max<SimTime>(1, static_cast<SimTime>(std::llround(gap)));
}

std::size_t WorkloadService::pickTenant(SimTime now)
{
    double total = 0;
    for (const std::size_t t : m_shared)
        total += m_spec.tenants[t].from <= now ? m_spec.tenants[t].weight : 0.0;
    // One draw per order, whoever is onboarded, so onboarding changes which tenant an order gets, not the stream.
    double draw = m_tenantPick.uniform() * total;
    std::size_t last = kShared;
    for (const std::size_t t : m_shared) {
        if (m_spec.tenants[t].from > now)
            continue;
        last = t;
        draw -= m_spec.tenants[t].weight;
        if (draw < 0)
            return t;
    }
    return last; // rounding at the top end
}

Atom WorkloadService::orderId(ServiceContext& ctx, std::size_t ownTenant, std::int64_t n) const
{
    char buffer[32];
    if (ownTenant == kShared)
        return ctx.intern(numbered(buffer, m_spec.idPrefix, n, 6));
    // A tenant with its own arrivals numbers its own orders: "order-globex-000001".
    return ctx.intern(m_spec.idPrefix + m_spec.tenants[ownTenant].id + '-' + std::string(numbered(buffer, {}, n, 6)));
}

void WorkloadService::cancel(ServiceContext& ctx, std::size_t ownTenant, std::int64_t n)
{
    const Atom id = orderId(ctx, ownTenant, n);
    MessageOptions options;
    options.correlation = id;
    // The cancellation belongs to the order's tenant, and so do the events it causes.
    if (ownTenant != kShared)
        options.tenant = m_tenants[ownTenant].id;
    else if (static_cast<std::size_t>(n) <= m_orderTenant.size() && m_orderTenant[static_cast<std::size_t>(n - 1)] != 0)
        options.tenant = m_tenants[m_orderTenant[static_cast<std::size_t>(n - 1)] - 1].id;
    PayloadBuilder& payload = ctx.payload();
    payload.set(m_atoms.orderId, Value::string(id));
    payload.set(m_atoms.reason, Value::string(m_atoms.changedMind));
    ctx.send(m_atoms.target, m_atoms.cancelOrder, id, payload, options);
}

void WorkloadService::timer(ServiceContext& ctx, std::uint64_t id)
{
    if ((id & kTenantTimer) == 0) { // the workload's: 0 its next order, N > 0 the customer of order N cancels it
        if (id != 0)
            cancel(ctx, kShared, static_cast<std::int64_t>(id));
        else
            arrive(ctx, kShared);
        return;
    }
    const auto tenant = static_cast<std::size_t>((id >> 32) & 0xFFFFu);
    const auto n = static_cast<std::int64_t>(id & 0xFFFFFFFFu);
    if (tenant >= m_tenants.size())
        return;
    if ((id & kAdmitTimer) != 0) {
        m_tenants[tenant].admitting = false;
        admit(ctx, tenant);
    } else if (n != 0) {
        cancel(ctx, tenant, n);
    } else {
        arrive(ctx, tenant);
    }
}

void WorkloadService::admit(ServiceContext& ctx, std::size_t tenant)
{
    Tenant& t = m_tenants[tenant];
    const SimTime now = ctx.now();
    const std::uint64_t timerId = kTenantTimer | kAdmitTimer | (static_cast<std::uint64_t>(tenant) << 32);
    if (t.admitting || t.edgeHead == t.edge.size())
        return;
    if (now < t.nextAdmit) {
        t.admitting = true;
        ctx.scheduleTimer(t.nextAdmit - now, timerId);
        return;
    }
    const SimTime waited = now - t.edge[t.edgeHead++];
    if (waited > 0) {
        ++t.heldAtEdge;
        t.maxEdgeWait = std::max(t.maxEdgeWait, waited);
    }
    if (t.edgeHead == t.edge.size()) {
        t.edge.clear();
        t.edgeHead = 0;
    }
    // Evenly spaced admissions: a token bucket of one token, refilled at the quota.
    const double quota = m_spec.tenants[tenant].quota;
    t.nextAdmit = now + std::max<SimTime>(1, static_cast<SimTime>(std::llround(static_cast<double>(kSecond) / quota)));
    place(ctx, tenant, false);
    if (t.edgeHead < t.edge.size()) {
        t.admitting = true;
        ctx.scheduleTimer(t.nextAdmit - now, timerId);
    }
}

void WorkloadService::arrive(ServiceContext& ctx, std::size_t ownTenant)
{
    const TenantSpec* own = ownTenant == kShared ? nullptr : &m_spec.tenants[ownTenant];
    if (!own || own->quota <= 0) {
        place(ctx, ownTenant, true);
        return;
    }
    // The order waits at the edge until the tenant's quota admits it; arrivals go on at the tenant's rate.
    Tenant& t = m_tenants[ownTenant];
    t.edge.push_back(ctx.now());
    admit(ctx, ownTenant);
    if (++t.arrived < own->orders)
        ctx.scheduleTimer(interArrival(t.random, own->rateAt(ctx.now())),
            kTenantTimer | (static_cast<std::uint64_t>(ownTenant) << 32));
}

void WorkloadService::place(ServiceContext& ctx, std::size_t ownTenant, bool next)
{
    RandomStream& random = ownTenant == kShared ? ctx.random() : m_tenants[ownTenant].random;
    std::int64_t& sent = ownTenant == kShared ? m_sent : m_tenants[ownTenant].sent;
    ++sent;
    const Atom id = orderId(ctx, ownTenant, sent);
    const Atom customer = m_customers[static_cast<std::size_t>(
        random.uniformInt(0, static_cast<std::int64_t>(m_customers.size()) - 1))];
    const Atom sku
        = m_skus[static_cast<std::size_t>(random.uniformInt(0, static_cast<std::int64_t>(m_skus.size()) - 1))];
    const std::int64_t quantity
        = random.uniformInt(m_spec.minQuantity, std::max(m_spec.minQuantity, m_spec.maxQuantity));
    MessageOptions options;
    options.correlation = id;
    std::size_t tenant = ownTenant;
    if (ownTenant == kShared && !m_shared.empty()) {
        tenant = pickTenant(ctx.now());
        m_orderTenant.push_back(tenant == kShared ? 0u : static_cast<std::uint32_t>(tenant + 1));
    }
    if (tenant != kShared) {
        Tenant& t = m_tenants[tenant];
        options.tenant = t.id;
        if (ownTenant == kShared)
            ++t.sent;
        if (t.firstOrder < 0)
            t.firstOrder = ctx.now();
        t.lastOrder = ctx.now();
    }

    PayloadBuilder& payload = ctx.payload();
    payload.set(m_atoms.orderId, Value::string(id));
    payload.set(m_atoms.customerId, Value::string(customer));
    payload.set(m_atoms.sku, Value::string(sku));
    payload.set(m_atoms.quantity, Value::integer(quantity));
    payload.set(m_atoms.amountCents, Value::integer(quantity * m_spec.unitPriceCents));
    ctx.send(m_atoms.target, m_atoms.command, id, payload, options);

    const std::uint64_t timerBase
        = ownTenant == kShared ? 0 : kTenantTimer | (static_cast<std::uint64_t>(ownTenant) << 32);
    if (m_spec.cancelProbability > 0 && random.chance(m_spec.cancelProbability))
        ctx.scheduleTimer(m_spec.cancelAfter, timerBase | static_cast<std::uint64_t>(sent));
    const TenantSpec* own = ownTenant == kShared ? nullptr : &m_spec.tenants[ownTenant];
    if (next && sent < (own ? own->orders : m_spec.orders))
        ctx.scheduleTimer(interArrival(random, own ? own->rateAt(ctx.now()) : m_spec.ratePerSecond), timerBase);
}

std::optional<qint64> WorkloadService::stateNumber(std::span<const QString> path, bool counted) const
{
    const bool sentRead = pathIs(path, { "ordersSent" });
    if (counted || (!sentRead && !pathIs(path, { "ordersPlanned" })))
        return std::nullopt;
    std::int64_t sent = m_sent; // as state() sums them
    std::int64_t planned = m_spec.orders;
    for (std::size_t t = 0; t < m_tenants.size(); ++t)
        if (m_spec.tenants[t].ownRate()) {
            sent += m_tenants[t].sent;
            planned += m_spec.tenants[t].orders;
        }
    return sentRead ? sent : planned;
}

QJsonObject WorkloadService::state() const
{
    std::int64_t sent = m_sent;
    std::int64_t planned = m_spec.orders;
    QJsonObject tenants;
    for (std::size_t t = 0; t < m_tenants.size(); ++t) {
        const TenantSpec& spec = m_spec.tenants[t];
        if (spec.ownRate()) {
            sent += m_tenants[t].sent;
            planned += spec.orders;
        }
        QJsonObject tenant { { QStringLiteral("ordersSent"), static_cast<qint64>(m_tenants[t].sent) },
            { QStringLiteral("firstOrderUs"), static_cast<qint64>(m_tenants[t].firstOrder) },
            { QStringLiteral("lastOrderUs"), static_cast<qint64>(m_tenants[t].lastOrder) } };
        if (spec.quota > 0) {
            tenant.insert(QStringLiteral("heldAtEdge"), static_cast<qint64>(m_tenants[t].heldAtEdge));
            tenant.insert(QStringLiteral("maxEdgeWaitUs"), static_cast<qint64>(m_tenants[t].maxEdgeWait));
        }
        tenants.insert(QString::fromStdString(spec.id), tenant);
    }
    QJsonObject state { { QStringLiteral("ordersSent"), static_cast<qint64>(sent) },
        { QStringLiteral("ordersPlanned"), static_cast<qint64>(planned) } };
    if (!tenants.isEmpty())
        state.insert(QStringLiteral("tenants"), tenants);
    return state;
}

} // namespace eventloom
