#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace eventloom {

struct Scenario;

/// What running a scenario will take, estimated from its shape before anything is built: the memory of
/// its services, topic partitions, consumer groups' partitions, SKU tables, and of the orders — the
/// messages and deliveries each makes (the engine keeps every message), its read models' rows, its saga
/// instances. Where an inventory's stock runs out (an order flow with no saga), the orders beyond what
/// the stock can serve are counted on their short path (placed, refused, cancelled). The estimate is on
/// the high side of what `eventloom-cli run` measures for the shipped flows (docs/reliability.md has the
/// calibration), and a scenario over kBudgetBytes is refused at load time, after `--set`, with the
/// largest part named — never an abort halfway through a run.
struct ScenarioCost {
    /// The memory budget of a run: 2 GiB.
    static constexpr std::int64_t kBudgetBytes = std::int64_t(2) << 30;

    /// @name Bytes per item, measured with eventloom-cli (Release; docs/reliability.md)
    ///@{
    static constexpr std::int64_t kServiceBytes = 4096; ///< each service, with its streams and state
    static constexpr std::int64_t kInstanceBytes = 256;
    static constexpr std::int64_t kPartitionBytes = 128; ///< a topic partition's log and cursors
    static constexpr std::int64_t kGroupPartitionBytes = 320; ///< a consumer group's cursor on one partition
    static constexpr std::int64_t kSkuBytes = 128; ///< one SKU in one inventory's or order service's table
    static constexpr std::int64_t kOrderBytes = 200; ///< an order's own: its ids' atoms, the services' entries
    static constexpr std::int64_t kMessageBytes = 370; ///< a message in the log, its payload, its stored copies
    static constexpr std::int64_t kDeliveryBytes = 30; ///< a delivery: what its handler and checker keep
    static constexpr std::int64_t kReadModelRowBytes = 500; ///< a read model's row for one order
    static constexpr std::int64_t kSagaInstanceBytes = 2048; ///< a saga's instance for one order
    ///@}

    /// One part of the estimate, and where in the scenario it comes from (a JSON path).
    struct Part {
        QString name; ///< "orders", "consumer groups × partitions", …
        QString path; ///< where to point a diagnostic: "workload.orders", "topics[2].partitions", …
        std::int64_t bytes = 0;
        QString detail; ///< "1,000,000 orders × ~2.3 KB"
    };
    std::vector<Part> parts;
    double messagesPerOrder = 0; ///< estimated: the order's command, and the events and commands sent in answer
    double deliveriesPerOrder = 0; ///< estimated: each event times the groups that read its topic, each command once
    /// Orders the stock can take past their reservation (all of them when no inventory limits them); the
    /// others are counted on their short path. The two figures above are averages over both.
    std::int64_t fullOrders = 0;

    std::int64_t bytes() const;
    bool withinBudget() const { return bytes() <= kBudgetBytes; }
    /// The largest part (the one to point at).
    const Part& largest() const;
    /// "estimated memory 3.1 GB is over the budget of 2 GiB: orders 2.9 GB (…); consumer groups × …"
    QString overBudgetMessage() const;

    static ScenarioCost of(const Scenario& scenario);
    /// "2.3 GB", "512 KB": decimal units, as people read a file manager.
    static QString formatBytes(std::int64_t bytes);
};

} // namespace eventloom
