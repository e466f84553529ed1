#include "ecommerceservice.h"

#include "../../bus/eventlog.h"

namespace eventloom {

void EcommerceService::rebind(const ServiceHost& host)
{
    m_log = &host.log();
}

HandleResult EcommerceService::handle(ServiceContext& ctx, const Event& message)
{
    const std::size_t word = message.seq / 64;
    const std::uint64_t bit = std::uint64_t(1) << (message.seq % 64);
    const bool seen = word < m_inbox.size() && (m_inbox[word] & bit) != 0;
    if (seen && m_idempotent) {
        ++m_skipped;
        return { HandleOutcome::SkippedDuplicate, 0 };
    }
    m_repeating = seen;
    const HandleResult result = handleMessage(ctx, message);
    m_repeating = false;
    // A failed handling has no effect to remember; a retry must be allowed to do the work.
    if (result.outcome != HandleOutcome::Failed) {
        if (m_inbox.size() <= word)
            m_inbox.resize(std::max<std::size_t>(word + 1, m_inbox.size() * 2));
        if (!seen) // a fork shares the inbox's chunks until it writes to one
            m_inbox.mutableAt(word) |= bit;
    }
    return result;
}

void EcommerceService::effect(ServiceContext& ctx, std::string_view what)
{
    if (!m_repeating)
        return;
    ++m_repeatedEffects;
    ctx.trace(TraceKind::DuplicateEffect, ctx.intern(what));
}

HandleResult EcommerceService::reject(ServiceContext& ctx, std::string_view reason)
{
    const Atom why = ctx.intern(reason);
    ctx.trace(TraceKind::Rejected, why);
    return { HandleOutcome::Rejected, why };
}

Atom EcommerceService::text(ServiceContext& ctx, const Event& message, Atom field)
{
    const Value v = ctx.log().field(message, field);
    return v.type == Value::Type::String ? v.s : 0;
}

std::int64_t EcommerceService::number(ServiceContext& ctx, const Event& message, Atom field)
{
    const Value v = ctx.log().field(message, field);
    if (v.type == Value::Type::Int)
        return v.i;
    return v.type == Value::Type::Double ? static_cast<std::int64_t>(v.d) : 0;
}

QString EcommerceService::name(Atom atom) const
{
    const std::string_view s = m_log->text(atom);
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

PayloadBuilder& EcommerceService::payloadFor(ServiceContext& ctx, const EcommerceNames& n, Atom orderId)
{
    PayloadBuilder& payload = ctx.payload();
    payload.set(n.orderId, Value::string(orderId));
    return payload;
}

QJsonObject EcommerceService::state() const
{
    QJsonObject state = ownState();
    state.insert(QStringLiteral("idempotent"), m_idempotent);
    state.insert(QStringLiteral("duplicatesSkipped"), static_cast<qint64>(m_skipped));
    state.insert(QStringLiteral("duplicateEffects"), static_cast<qint64>(m_repeatedEffects));
    return state;
}

std::optional<qint64> EcommerceService::stateNumber(std::span<const QString> path, bool counted) const
{
    if (path.empty() || path.front() == QLatin1String("idempotent"))
        return std::nullopt;
    if (!counted && pathIs(path, { "duplicatesSkipped" })) // state() puts these over ownState()'s
        return m_skipped;
    if (!counted && pathIs(path, { "duplicateEffects" }))
        return m_repeatedEffects;
    return ownNumber(path, counted);
}

QJsonObject EcommerceService::readState(const StatePaths& read, const QString& at, StatePaths::Counts& counts) const
{
    if (read.readsWhole() || read.counted)
        return read.prune(state(), at, counts).toObject();
    QJsonObject partial = ownStateFor(read);
    partial.insert(QStringLiteral("idempotent"), m_idempotent);
    partial.insert(QStringLiteral("duplicatesSkipped"), static_cast<qint64>(m_skipped));
    partial.insert(QStringLiteral("duplicateEffects"), static_cast<qint64>(m_repeatedEffects));
    for (const auto& [name, below] : read.children)
        if (!partial.contains(name)) // a key it does not have: told as on the whole state
            return read.prune(state(), at, counts).toObject();
    return read.prune(partial, at, counts).toObject();
}

} // namespace eventloom
