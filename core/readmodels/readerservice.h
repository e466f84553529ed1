#pragma once

#include "../services/service.h"
#include "logwritesideview.h"

#include <memory>
#include <optional>
#include <string>

namespace eventloom {

class ReadModel;

/// A customer checking their order: every `every` it reads the newest order's row from a read model
/// and records whether the answer was stale (the write side had already moved on). This makes
/// eventual consistency measurable: `stale-read` records and the run's staleReads counter. It stops
/// once the log has not grown for kQuietPeriod and its last answer was fresh, so a run still goes
/// quiet — but not in a lull between two orders, which would end the questions while the shop is busy
/// (a Poisson workload of 30 orders a second leaves 100 ms without an event about one tick in twenty).
class ReaderService final : public Service {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<ReaderService>(*this); }
    void rebind(const ServiceHost& host) override;
    /// `model` is the read model's service id; it must be added to the simulation before this starts.
    ReaderService(std::string model, SimTime every);
    ~ReaderService() override;

    void start(ServiceContext& ctx) override;
    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    void timer(ServiceContext& ctx, std::uint64_t id) override;
    QJsonObject state() const override;

    /// How long the log must stay quiet (and the answer fresh) before the customer stops asking.
    static constexpr SimTime kQuietPeriod = kSecond;

private:
    std::string m_modelId;
    SimTime m_every;
    const ReadModel* m_model = nullptr;
    std::optional<LogWriteSideView> m_writeSide;
    Atom m_orderCreated = 0;
    Atom m_orderId = 0;
    std::size_t m_scanned = 0; ///< log position scanned for the newest order
    std::size_t m_logSizeAtLastTick = 0;
    SimTime m_logLastGrew = 0; ///< the tick at which the log was last seen to have grown
    std::string m_newestOrder;
    std::int64_t m_queries = 0;
    std::int64_t m_stale = 0;
    std::int64_t m_missing = 0;
};

} // namespace eventloom
