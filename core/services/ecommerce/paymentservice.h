#pragma once

#include "ecommerceservice.h"

namespace eventloom {

/// Charges orders once their stock is reserved (`PaymentCharged` or `PaymentFailed`) and refunds
/// cancelled ones (`PaymentRefunded`), keeping a ledger. A charge is declined when it is over the
/// amount limit, by a seeded probability, or because a failure was injected (failNext).
///
/// An `OrderCancelled` is remembered whether or not anything was charged yet: it may overtake the
/// order's `StockReserved` (another topic), and a charge for a cancelled order is refused
/// (`PaymentFailed`, reason `order cancelled`), whether or not the service is idempotent.
///
/// As a saga participant it answers every command (RefundPayment with PaymentRefunded even when
/// nothing was charged) and, when idempotent, answers a repeated ChargePayment for an order without
/// charging twice (and refuses it once the order was refunded). In a choreographed saga it refunds on
/// ShipmentFailed.
///
/// A charge is two writes that are not one transaction: the charge (the ledger, with the inbox entry
/// of the message that asked for it, in the service's database) and then the `PaymentCharged` it
/// publishes. `crash,service=payment,point=between-writes` strikes between them: the card is charged,
/// the event is never published, and the redelivered request is a duplicate to the inbox, so nothing
/// publishes it later (lesson 08). A retried command (a new message, from a saga coordinator) is
/// answered as before, so an orchestrator recovers what a choreography loses.
class PaymentService final : public EcommerceService {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<PaymentService>(*this); }
    struct Rules {
        std::int64_t maxAmountCents = 0; ///< 0: no limit
        double declineProbability = 0.0;
    };

    PaymentService(EventLog& log, bool idempotent, Rules rules)
        : EcommerceService(log, idempotent)
        , m_rules(rules)
    {
    }

    /// The next `count` charges fail (`fail-payment`); with type RefundPayment, the next refunds do
    /// nothing and answer nothing (a compensation that fails).
    bool failNext(Atom type, int count) override;
    std::int64_t balanceCents() const { return m_balance; }
    /// Net amount charged for `orderId` (charges minus refunds).
    std::int64_t chargedFor(Atom orderId) const;

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;
    std::optional<qint64> ownNumber(std::span<const QString> path, bool counted) const override;

private:
    HandleResult charge(ServiceContext& ctx, const Event& message);
    /// `answer`: publish PaymentRefunded even when nothing was charged (a command, or a saga's event).
    HandleResult refund(ServiceContext& ctx, const Event& message, bool answer);

    Rules m_rules;
    int m_failNext = 0;
    int m_failRefunds = 0;
    std::int64_t m_balance = 0;
    std::int64_t m_charges = 0;
    std::int64_t m_refunds = 0;
    std::int64_t m_declined = 0;
    // By order id, copy-on-write (a fork copies what changed); looked up, never iterated.
    CowAtomMap<Atom, std::int64_t, 8> m_ledger; // order id → net charged
    CowAtomMap<Atom, bool, 8> m_refunded; // order ids refunded: a late charge must not take money again
    CowAtomMap<Atom, bool, 8> m_cancelled; // order ids seen cancelled (OrderCancelled): never charged afterwards
    CowAtomMap<Atom, Atom, 8> m_declinedFor; // order id → why its charge was declined: a repeat gets the same answer
};

} // namespace eventloom
