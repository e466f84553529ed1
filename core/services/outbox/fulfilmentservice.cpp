#include "fulfilmentservice.h"

#include "../../bus/eventlog.h"
#include "../servicecontext.h"

#include <QJsonObject>

namespace eventloom {

FulfilmentService::FulfilmentService(EventLog& log, bool idempotent)
    : m_n(log.atoms())
    , m_key(log.atoms().intern("idempotencyKey"))
    , m_idempotent(idempotent)
{
}

HandleResult FulfilmentService::handle(ServiceContext& ctx, const Event& message)
{
    if (message.type != m_n.orderCreated)
        return {};
    const Value id = ctx.log().field(message, m_key);
    const Value order = ctx.log().field(message, m_n.orderId);
    // Without an idempotencyKey the message itself is the event: its seq stands in for the id.
    const Atom key = id.type == Value::Type::String ? id.s : ctx.intern("seq-" + std::to_string(message.seq));
    const bool seen = !m_inbox.insert(key).second;
    if (seen && m_idempotent) {
        ++m_skipped;
        return { HandleOutcome::SkippedDuplicate, 0 };
    }
    ++m_picks;
    if (order.type == Value::Type::String)
        m_known.insert(order.s);
    if (seen) {
        ++m_repeatedEffects;
        ctx.trace(TraceKind::DuplicateEffect, ctx.intern("pick"));
    }
    return {};
}

QJsonObject FulfilmentService::state() const
{
    return {
        { QStringLiteral("idempotent"), m_idempotent },
        { QStringLiteral("ordersKnown"), static_cast<qint64>(m_known.size()) },
        { QStringLiteral("picks"), static_cast<qint64>(m_picks) },
        { QStringLiteral("duplicatesSkipped"), static_cast<qint64>(m_skipped) },
        { QStringLiteral("duplicateEffects"), static_cast<qint64>(m_repeatedEffects) },
    };
}

} // namespace eventloom
