#include "paymentservice.h"

namespace eventloom {

std::int64_t PaymentService::chargedFor(Atom orderId) const
{
    const auto it = m_ledger.find(orderId);
    return it == m_ledger.end() ? 0 : it->second;
}

bool PaymentService::failNext(Atom type, int count)
{
    const EcommerceNames& n = names();
    if (type == 0 || type == n.chargePayment || type == n.stockReserved)
        m_failNext += count;
    else if (type == n.refundPayment)
        m_failRefunds += count;
    else
        return false;
    return true;
}

HandleResult PaymentService::handleMessage(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    if (message.type == n.stockReserved || message.type == n.chargePayment)
        charge(ctx, message);
    else if (message.type == n.orderCancelled || message.type == n.refundPayment)
        refund(ctx, message);
    return {};
}

void PaymentService::charge(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    const std::int64_t amount = number(ctx, message, n.amountCents);
    // One draw per attempt, whatever decides, so the stream does not depend on the other rules.
    const bool unlucky = ctx.random().chance(m_rules.declineProbability);
    const char* reason = nullptr;
    if (m_failNext > 0) {
        --m_failNext;
        reason = "injected failure";
    } else if (m_rules.maxAmountCents > 0 && amount > m_rules.maxAmountCents) {
        reason = "amount over limit";
    } else if (unlucky) {
        reason = "card declined";
    }
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(text(ctx, message, n.customerId)));
    payload.set(n.amountCents, Value::integer(amount));
    if (reason) {
        ++m_declined;
        payload.set(n.reason, Value::string(ctx.intern(reason)));
        ctx.publish(n.paymentsTopic, n.paymentFailed, orderId, payload);
        return;
    }
    m_balance += amount;
    m_ledger[orderId] += amount;
    ++m_charges;
    effect(ctx, "charge");
    ctx.publish(n.paymentsTopic, n.paymentCharged, orderId, payload);
}

void PaymentService::refund(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    const auto it = m_ledger.find(orderId);
    if (it == m_ledger.end() || it->second <= 0)
        return; // nothing was charged: a refund is a no-op, as a compensation must be
    const std::int64_t amount = it->second;
    m_balance -= amount;
    it->second = 0;
    ++m_refunds;
    effect(ctx, "refund");
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(text(ctx, message, n.customerId)));
    payload.set(n.amountCents, Value::integer(amount));
    ctx.publish(n.paymentsTopic, n.paymentRefunded, orderId, payload);
}

QJsonObject PaymentService::ownState() const
{
    return { { QStringLiteral("balanceCents"), static_cast<qint64>(m_balance) },
        { QStringLiteral("charges"), static_cast<qint64>(m_charges) },
        { QStringLiteral("refunds"), static_cast<qint64>(m_refunds) },
        { QStringLiteral("declined"), static_cast<qint64>(m_declined) },
        { QStringLiteral("failuresPending"), m_failNext } };
}

} // namespace eventloom
