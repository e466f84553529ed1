#pragma once

#include "../../bus/eventlog.h"
#include "../ecommerce/ecommercenames.h"
#include "../service.h"

#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

namespace eventloom {

/// Takes `PlaceOrder` commands, keeps each accepted order in its own database and announces it with
/// `OrderCreated` — two writes, to its database and to the broker, that cannot be one transaction. How
/// it does both is its `publish` mode (lesson 15, dual write vs the transactional outbox):
///
/// - `outbox`: the order row and an outbox row are written in ONE local transaction. A relay tails the
///   outbox: every `relayInterval` while rows are pending it publishes them in order and marks each sent.
///   The outbox lives in the database, so a crash loses nothing: the relay goes on after the restart.
///   A crash after the relay's publish and before its mark publishes that row again (at-least-once):
///   consumers must be idempotent.
/// - `dual-write`: commits the order, then publishes as a separate step — a broker call that takes
///   `publishDelay`. A crash in between loses the event: the order exists, nobody downstream hears of it.
/// - `publish-then-commit`: publishes first (the broker call takes `publishDelay`), then commits. A crash
///   in between invents an event: downstream acts on an order this service has no record of.
///
/// The window between the two writes is where `crash,point=between-writes` strikes
/// (ServiceContext::crashBetweenWrites). Every event carries `idempotencyKey`, one per order: what an
/// idempotent consumer deduplicates on, since a relay's repeat is a new message (a new event id)
/// with the same key.
class CheckoutService final : public Service {
public:
    enum class Mode { Outbox, DualWrite, PublishThenCommit };
    struct Settings {
        Mode mode = Mode::Outbox;
        SimTime publishDelay = 5 * kMillisecond; ///< how long a broker call takes (dual-write, publish-then-commit)
        SimTime relayInterval = 20 * kMillisecond; ///< how often the relay polls a non-empty outbox
        std::string topic = "orders.events";
    };
    CheckoutService(EventLog& log, Settings settings);
    std::unique_ptr<Service> clone() const override { return std::make_unique<CheckoutService>(*this); }

    /// "outbox", "dual-write", "publish-then-commit"; nullopt for anything else.
    static std::optional<Mode> modeFromName(std::string_view name);
    static const char* modeName(Mode mode);

    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    void timer(ServiceContext& ctx, std::uint64_t id) override;
    void restarted(ServiceContext& ctx) override;
    QJsonObject state() const override;

    /// Orders in its database (rows committed).
    std::int64_t orders() const { return static_cast<std::int64_t>(m_orders.size()); }
    std::int64_t outboxPending() const { return static_cast<std::int64_t>(m_outbox.size() - m_sent); }
    /// Every OrderCreated it published, repeats included.
    std::int64_t published() const { return m_published; }

private:
    struct Row {
        Atom orderId = 0, customerId = 0, sku = 0, key = 0; ///< key: the idempotency key of its OrderCreated
        std::int64_t quantity = 0, amountCents = 0;
        std::uint32_t placedBy = kNoMessage; ///< the PlaceOrder, the cause of the event
    };
    void commit(const Row& row);
    void publish(ServiceContext& ctx, const Row& row);
    void armRelay(ServiceContext& ctx);
    void relay(ServiceContext& ctx);

    EcommerceNames m_n;
    Settings m_settings;
    Atom m_topic = 0;
    std::vector<Row> m_orders; ///< the orders table, in commit order
    std::set<Atom> m_committed; ///< order ids in the table
    std::vector<Row> m_outbox; ///< the outbox table (outbox mode), in commit order
    std::size_t m_sent = 0; ///< outbox rows before this one are marked sent (the relay goes in order)
    bool m_relayArmed = false;
    /// In memory only (dual-write, publish-then-commit): second writes waiting for the broker call, by timer id.
    std::map<std::uint64_t, Row> m_inFlight;
    std::uint64_t m_nextTimer = 1; ///< timer 0 is the relay
    std::set<Atom> m_announced; ///< order ids it published an OrderCreated for
    std::int64_t m_accepted = 0;
    std::int64_t m_published = 0;
    std::int64_t m_rejected = 0;
};

} // namespace eventloom
