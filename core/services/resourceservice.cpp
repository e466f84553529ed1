#include "resourceservice.h"

#include "../bus/eventlog.h"
#include "servicecontext.h"

#include <algorithm>

namespace eventloom {

ResourceService::ResourceService(EventLog& log, std::int64_t capacity, double declineProbability, bool idempotent)
    : m_capacity(capacity)
    , m_declineProbability(declineProbability)
    , m_idempotent(idempotent)
    , m_available(log.atoms().intern("available"))
    , m_reason(log.atoms().intern("reason"))
{
}

bool ResourceService::contains(const std::vector<Atom>& types, Atom type)
{
    return std::find(types.begin(), types.end(), type) != types.end();
}

bool ResourceService::holds(Atom key) const
{
    const auto it = m_bookingsByKey.find(key);
    return it != m_bookingsByKey.end() && it->second == Booking::Held;
}

bool ResourceService::failNext(Atom type, int count)
{
    if (type == 0 || type == m_ops.book || contains(m_ops.bookOn, type))
        m_failBookings = std::max(0, m_failBookings + count);
    else if (type == m_ops.cancel || contains(m_ops.cancelOn, type))
        m_failCancels = std::max(0, m_failCancels + count);
    else
        return false;
    return true;
}

HandleResult ResourceService::handle(ServiceContext& ctx, const Event& message)
{
    const bool seen = message.seq < m_inbox.size() && m_inbox[message.seq];
    if (seen && m_idempotent) {
        ++m_skipped;
        return { HandleOutcome::SkippedDuplicate, 0 };
    }
    if (m_inbox.size() <= message.seq)
        m_inbox.resize(std::max<std::size_t>(message.seq + 1, m_inbox.size() * 2), false);
    m_inbox[message.seq] = true;
    if (message.type == m_ops.book || contains(m_ops.bookOn, message.type))
        book(ctx, message);
    else if (message.type == m_ops.cancel || contains(m_ops.cancelOn, message.type))
        cancel(ctx, message);
    return {};
}

void ResourceService::answer(ServiceContext& ctx, const Event& message, Atom type, Atom reason)
{
    // The answer carries what came in (in a choreography it is all the next participant gets).
    PayloadBuilder& payload = ctx.payload();
    const EventLog& log = ctx.log();
    for (std::uint32_t i = 0; i < message.payloadCount; ++i) {
        const Field& f = log.arena()[message.payloadBegin + i];
        if (f.key != m_reason)
            payload.set(f.key, f.value);
    }
    payload.set(m_available, Value::integer(available()));
    if (reason != 0)
        payload.set(m_reason, Value::string(reason));
    ctx.publish(m_ops.topic, type, message.key, payload);
}

void ResourceService::book(ServiceContext& ctx, const Event& message)
{
    Booking& booking = m_bookingsByKey[message.key];
    // One draw per booking, whatever decides, so the stream does not depend on the other rules.
    const bool unlucky = ctx.random().chance(m_declineProbability);
    const char* refusal = nullptr;
    if (m_idempotent && booking == Booking::Refused) {
        refusal = ctx.log().text(m_refusedFor[message.key]).data(); // the same key again: the same decision
    } else if (m_failBookings > 0) {
        --m_failBookings;
        refusal = "injected failure";
    } else if (m_idempotent && booking == Booking::Cancelled) {
        refusal = "booking already cancelled";
    } else if (m_idempotent && booking == Booking::Held) {
        answer(ctx, message, m_ops.booked, 0); // the same key again: answered as before, nothing more held
        return;
    } else if (available() <= 0) {
        refusal = "sold out";
    } else if (unlucky) {
        refusal = "declined";
    }
    if (refusal) {
        ++m_refused;
        const Atom why = ctx.intern(refusal);
        if (booking == Booking::None) {
            booking = Booking::Refused;
            m_refusedFor[message.key] = why;
        }
        answer(ctx, message, m_ops.bookingFailed, why);
        return;
    }
    booking = Booking::Held;
    ++m_held;
    ++m_bookings;
    answer(ctx, message, m_ops.booked, 0);
}

void ResourceService::cancel(ServiceContext& ctx, const Event& message)
{
    if (m_failCancels > 0) {
        --m_failCancels;
        return; // an injected failure: nothing cancelled, nothing said
    }
    Booking& booking = m_bookingsByKey[message.key];
    if (booking == Booking::Held) {
        --m_held;
        ++m_cancellations;
    }
    booking = Booking::Cancelled;
    // Cancelling what was never booked is a no-op, as a compensation must be; the saga still hears back.
    const Value why = ctx.log().field(message, m_reason);
    answer(ctx, message, m_ops.cancelled, why.type == Value::Type::String ? why.s : 0);
}

QJsonObject ResourceService::state() const
{
    return { { QStringLiteral("capacity"), static_cast<qint64>(m_capacity) },
        { QStringLiteral("available"), static_cast<qint64>(available()) },
        { QStringLiteral("held"), static_cast<qint64>(m_held) },
        { QStringLiteral("bookings"), static_cast<qint64>(m_bookings) },
        { QStringLiteral("cancellations"), static_cast<qint64>(m_cancellations) },
        { QStringLiteral("refused"), static_cast<qint64>(m_refused) },
        { QStringLiteral("duplicatesSkipped"), static_cast<qint64>(m_skipped) },
        { QStringLiteral("idempotent"), m_idempotent } };
}

} // namespace eventloom
