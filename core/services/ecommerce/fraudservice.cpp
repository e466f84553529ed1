#include "fraudservice.h"

#include <algorithm>

namespace eventloom {

HandleResult FraudService::handleMessage(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    if (message.type != n.orderCreated)
        return {};
    if (m_firstSeenPublishTime < 0)
        m_firstSeenPublishTime = message.publishTime;
    ++m_scored;
    const std::int64_t amount = number(ctx, message, n.amountCents);
    const std::int64_t quantity = number(ctx, message, n.quantity);
    // A toy model: large orders and bulk quantities raise the score; the rest is seeded noise.
    const std::int64_t score = std::min<std::int64_t>(
        100, (amount > m_rules.largeOrderCents ? 40 : 0) + (quantity >= 3 ? 20 : 0) + ctx.random().uniformInt(0, 50));
    if (score < m_rules.threshold)
        return {};
    ++m_suspected;
    effect(ctx, "fraud alert");
    const Atom orderId = text(ctx, message, n.orderId);
    PayloadBuilder& payload = payloadFor(ctx, n, orderId);
    payload.set(n.customerId, Value::string(text(ctx, message, n.customerId)));
    payload.set(n.score, Value::integer(score));
    ctx.publish(n.ordersTopic, n.fraudSuspected, orderId, payload);
    return {};
}

QJsonObject FraudService::ownState() const
{
    return { { QStringLiteral("scored"), static_cast<qint64>(m_scored) },
        { QStringLiteral("suspected"), static_cast<qint64>(m_suspected) },
        { QStringLiteral("firstOrderSeenPublishedAtUs"), static_cast<qint64>(m_firstSeenPublishTime) } };
}

} // namespace eventloom
