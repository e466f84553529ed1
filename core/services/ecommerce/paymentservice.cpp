#include "paymentservice.h"
#include "../../base/saturating.h"

#include <algorithm>

namespace eventloom {

std::int64_t PaymentService::chargedFor(Atom orderId) const
{
    const std::int64_t* charged = m_ledger.find(orderId);
    return charged ? *charged : 0;
}

bool PaymentService::failNext(Atom type, int count)
{
    const EcommerceNames& n = names();
    if (type == 0 || type == n.chargePayment || type == n.stockReserved)
        m_failNext = std::max(0, m_failNext + count);
    else if (type == n.refundPayment || type == n.shipmentFailed || type == n.orderCancelled)
        m_failRefunds = std::max(0, m_failRefunds + count);
    else
        return false;
    return true;
}

HandleResult PaymentService::handleMessage(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    if (message.type == n.stockReserved || message.type == n.chargePayment)
        return charge(ctx, message);
    if (message.type == n.orderCancelled)
        return refund(ctx, message, false);
    if (message.type == n.refundPayment || message.type == n.shipmentFailed)
        return refund(ctx, message, true);
    return {};
}

HandleResult PaymentService::charge(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    const std::int64_t amount = number(ctx, message, n.amountCents);
    // One draw per attempt, whatever decides, so the stream does not depend on the other rules.
    const bool unlucky = ctx.random().chance(m_rules.declineProbability);
    const char* reason = nullptr;
    const Atom* declined = m_declinedFor.find(orderId);
    if (idempotent() && declined) {
        reason = ctx.log().text(*declined).data(); // the same order again: the same decision
    } else if (m_failNext > 0) {
        --m_failNext;
        reason = "injected failure";
    } else if (idempotent() && m_refunded.contains(orderId)) {
        reason = "order already refunded";
    } else if (m_cancelled.contains(orderId)) {
        // The cancel overtook the stock reservation (they travel on different topics). A real payment
        // service checks the order is still wanted before it takes money, and says no: a charge
        // refunded at once still shows on the customer's statement, costs fees and may fail to come
        // back. Saying no (rather than nothing) answers every StockReserved, so whoever reads the
        // payments topic — and an auditor — sees why this order was never charged.
        reason = "order cancelled";
    } else if (idempotent() && chargedFor(orderId) > 0) {
        // The same order again (a retried command): answer as before, charge nothing more.
        PayloadBuilder& again = payloadFor(ctx, n, orderId);
        again.set(n.customerId, Value::string(text(ctx, message, n.customerId)));
        again.set(n.amountCents, Value::integer(chargedFor(orderId)));
        ctx.publish(n.paymentsTopic, n.paymentCharged, orderId, again);
        return {};
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
        const Atom why = ctx.intern(reason);
        if (!m_declinedFor.contains(orderId))
            m_declinedFor[orderId] = why;
        payload.set(n.reason, Value::string(why));
        ctx.publish(n.paymentsTopic, n.paymentFailed, orderId, payload);
        return {};
    }
    m_balance = saturatingAdd(m_balance, amount);
    m_ledger[orderId] = saturatingAdd(m_ledger[orderId], amount);
    ++m_charges;
    effect(ctx, "charge");
    // Charged and recorded (with the inbox entry, in one transaction); the broker is the second write.
    if (ctx.crashBetweenWrites())
        return { HandleOutcome::Ok, ctx.intern("charged, then crashed before publishing PaymentCharged") };
    ctx.publish(n.paymentsTopic, n.paymentCharged, orderId, payload);
    return {};
}

HandleResult PaymentService::refund(ServiceContext& ctx, const Event& message, bool answer)
{
    const EcommerceNames& n = names();
    const Atom orderId = text(ctx, message, n.orderId);
    if (m_failRefunds > 0) {
        --m_failRefunds;
        return reject(ctx, "refund failed (injected)"); // nothing refunded, nothing answered
    }
    if (message.type == n.orderCancelled)
        m_cancelled[orderId] = true; // remembered even when nothing is charged yet: a late charge is refused
    const std::int64_t amount = std::max<std::int64_t>(0, chargedFor(orderId));
    if (amount == 0 && !answer)
        return {}; // nothing was charged: a refund is a no-op, as a compensation must be
    if (amount > 0) {
        m_balance = saturatingSubtract(m_balance, amount);
        *m_ledger.findMutable(orderId) = 0;
        ++m_refunds;
        effect(ctx, "refund");
    }
    m_refunded[orderId] = true;
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(text(ctx, message, n.customerId)));
    payload.set(n.amountCents, Value::integer(amount));
    const Atom reason = text(ctx, message, n.reason); // the saga's failure travels with its compensation
    if (reason != 0)
        payload.set(n.reason, Value::string(reason));
    ctx.publish(n.paymentsTopic, n.paymentRefunded, orderId, payload);
    return {};
}

std::optional<qint64> PaymentService::ownNumber(std::span<const QString> path, bool counted) const
{
    if (counted)
        return std::nullopt;
    if (pathIs(path, { "balanceCents" }))
        return static_cast<qint64>(m_balance);
    if (pathIs(path, { "charges" }))
        return static_cast<qint64>(m_charges);
    if (pathIs(path, { "refunds" }))
        return static_cast<qint64>(m_refunds);
    if (pathIs(path, { "declined" }))
        return static_cast<qint64>(m_declined);
    return std::nullopt;
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
