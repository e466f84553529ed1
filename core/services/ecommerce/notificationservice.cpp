#include "notificationservice.h"

#include <QJsonArray>

namespace eventloom {

HandleResult NotificationService::handleMessage(ServiceContext& ctx, const Event& message)
{
    const EcommerceNames& n = names();
    const char* templateName = message.type == n.orderCompleted ? "order-confirmation"
        : message.type == n.orderCancelled                      ? "order-cancelled"
                                                                : nullptr;
    if (!templateName)
        return {};
    const Email email { ctx.now(), text(ctx, message, n.orderId), text(ctx, message, n.customerId),
        ctx.intern(templateName) };
    m_sent.push_back(email);
    effect(ctx, "email");
    if (m_topic != 0 || message.replyTo != kNoIndex) { // a caller waiting on us gets EmailSent as the reply
        PayloadBuilder& payload = payloadFor(ctx, n, email.orderId);
        payload.set(n.customerId, Value::string(email.customerId));
        payload.set(n.templateName, Value::string(email.templateName));
        ctx.publish(m_topic, n.emailSent, email.orderId, payload);
    }
    return {};
}

QJsonObject NotificationService::ownState() const
{
    // The most recent emails only: the log can hold one per order of a long run.
    constexpr std::size_t kShown = 50;
    QJsonArray recent;
    for (std::size_t i = m_sent.size() > kShown ? m_sent.size() - kShown : 0; i < m_sent.size(); ++i)
        recent.append(QJsonObject { { QStringLiteral("t"), static_cast<qint64>(m_sent[i].t) },
            { QStringLiteral("orderId"), name(m_sent[i].orderId) },
            { QStringLiteral("customerId"), name(m_sent[i].customerId) },
            { QStringLiteral("template"), name(m_sent[i].templateName) } });
    return { { QStringLiteral("emailsSent"), static_cast<qint64>(m_sent.size()) },
        { QStringLiteral("recent"), recent } };
}

} // namespace eventloom
