#pragma once

#include "../../base/simtime.h"
#include "../../eventstore/copyableaggregate.h"
#include "ecommercenames.h"

namespace eventloom {

/// The Order aggregate: its state is the fold of its stream in the event store. The stream holds the
/// order's own domain events — OrderCreated, then OrderStockReserved, OrderPaid and OrderShipped as the
/// order learned of inventory's, payment's and shipping's integration events (each names the message
/// that caused it), and finally OrderCompleted or OrderCancelled. It never holds another service's
/// event types, so another team renaming or versioning its messages does not touch these streams.
class OrderAggregate final : public CopyableAggregate<OrderAggregate> {
public:
    enum class Status { None, Created, Reserved, Paid, Shipped, Completed, Cancelled };

    explicit OrderAggregate(const EcommerceNames& names)
        : m_names(&names)
    {
    }

    void apply(const StoredEvent& event, const EventLog& log) override;
    QJsonObject state() const override;

    Status status() const { return m_status; }
    std::uint32_t version() const { return m_version; }
    static const char* statusName(Status status);
    /// The store keeps clones as snapshots, shared by every fork of the run: a clone keeps no pointer to
    /// a log (its state() names no atoms), which may be another run's by the time it is read.
    std::unique_ptr<Aggregate> clone() const override;
    /// Copies the state, not the pointers: this aggregate keeps its own names and log (a snapshot's may
    /// belong to another fork of the run), or, from a snapshot, reads through `log`.
    void restore(const Aggregate& other) override;
    void restoreSnapshot(const Aggregate& snapshot, const EventLog& log) override;

private:
    const EcommerceNames* m_names;
    Status m_status = Status::None;
    std::uint32_t m_version = 0;
    Atom m_customerId = 0;
    Atom m_sku = 0;
    Atom m_reason = 0;
    std::int64_t m_quantity = 0;
    std::int64_t m_amountCents = 0;
    SimTime m_updated = 0;
    const EventLog* m_log = nullptr; ///< for naming atoms in state()
};

} // namespace eventloom
