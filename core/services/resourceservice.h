#pragma once

#include "../bus/value.h"
#include "service.h"

#include <unordered_map>
#include <vector>

namespace eventloom {

class EventLog;

/// A saga participant that holds a limited resource per key — a seat on a flight, a hotel room, a
/// rental car — so sagas need not be about shops. It has `capacity` units; a booking holds one unit
/// for the message's key until it is cancelled.
///
/// It is configured by the saga step that names it: the step's command books (answered by the
/// success event, or the first failure event when it is sold out, declined by chance, or failed by
/// an injected fault) and its compensation cancels (answered by the compensation's success event,
/// even when nothing was booked). In a choreographed saga the same happens on the events listed in
/// `bookOn` and `cancelOn`. Answers go to `topic` and carry the incoming payload plus `available`.
///
/// Idempotent (the default): a message handled before is skipped, a repeated booking for a key is
/// answered again without holding a second unit, and a booking for a cancelled key is refused.
/// Invariant: available + held = capacity.
class ResourceService final : public Service {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<ResourceService>(*this); }
    struct Operations {
        Atom topic = 0;
        Atom book = 0, booked = 0, bookingFailed = 0; ///< commands and answers
        Atom cancel = 0, cancelled = 0;
        std::vector<Atom> bookOn, cancelOn; ///< choreography: events that trigger them
    };
    ResourceService(EventLog& log, std::int64_t capacity, double declineProbability, bool idempotent);
    /// Set by the scenario builder from the saga step that uses this participant.
    void setOperations(Operations operations) { m_ops = std::move(operations); }
    const Operations& operations() const { return m_ops; }

    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    bool failNext(Atom type, int count) override;
    bool setIdempotent(bool on) override
    {
        m_idempotent = on;
        return true;
    }
    QJsonObject state() const override;

    std::int64_t capacity() const { return m_capacity; }
    std::int64_t available() const { return m_capacity - m_held; }
    std::int64_t held() const { return m_held; }
    bool holds(Atom key) const;

private:
    enum class Booking : std::uint8_t { None, Held, Cancelled, Refused };
    void book(ServiceContext& ctx, const Event& message);
    void cancel(ServiceContext& ctx, const Event& message);
    void answer(ServiceContext& ctx, const Event& message, Atom type, Atom reason);
    static bool contains(const std::vector<Atom>& types, Atom type);

    Operations m_ops;
    std::int64_t m_capacity;
    double m_declineProbability;
    bool m_idempotent;
    Atom m_available, m_reason;
    std::int64_t m_held = 0;
    std::int64_t m_bookings = 0, m_cancellations = 0, m_refused = 0, m_skipped = 0;
    int m_failBookings = 0, m_failCancels = 0;
    std::unordered_map<Atom, Booking> m_bookingsByKey; ///< looked up, never iterated
    std::unordered_map<Atom, Atom> m_refusedFor; ///< key → why its booking was refused: a repeat gets the same answer
    std::vector<bool> m_inbox; ///< by message seq
};

} // namespace eventloom
