#pragma once

#include "../../bus/eventlog.h"
#include "../ecommerce/ecommercenames.h"
#include "../service.h"

#include <set>

namespace eventloom {

/// Downstream of the checkout (lesson 15): picks and packs every order it hears of from `OrderCreated`.
/// Idempotent by default — an inbox of the `idempotencyKey`s it processed, kept with its picks — so the same
/// event published twice (an outbox relay's repeat: a new message, with a new event id, carrying the same key) is
/// skipped
/// (`skipped-duplicate`). With `idempotent` false a repeat is picked again: a `duplicate-effect`.
class FulfilmentService final : public Service {
public:
    FulfilmentService(EventLog& log, bool idempotent);
    std::unique_ptr<Service> clone() const override { return std::make_unique<FulfilmentService>(*this); }
    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    bool setIdempotent(bool on) override
    {
        m_idempotent = on;
        return true;
    }
    QJsonObject state() const override;
    /// Distinct orders it has heard of.
    std::int64_t ordersKnown() const { return static_cast<std::int64_t>(m_known.size()); }
    std::int64_t picks() const { return m_picks; }

private:
    EcommerceNames m_n;
    Atom m_key = 0;
    bool m_idempotent;
    std::set<Atom> m_inbox; ///< idempotency keys processed
    std::set<Atom> m_known; ///< order ids
    std::int64_t m_picks = 0;
    std::int64_t m_skipped = 0;
    std::int64_t m_repeatedEffects = 0;
};

} // namespace eventloom
