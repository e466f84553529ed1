#pragma once

#include "../base/cowvector.h"
#include "../base/randomstream.h"
#include "../base/simtime.h"
#include "service.h"

#include <string>
#include <vector>

namespace eventloom {

/// A tenant of the shop (the envelope's `tenant`). From its onboarding time `from` it gets either a
/// share (`weight`) of the workload's orders, or, with a `rate`, orders of its own: its own arrival
/// process with its own random stream, so onboarding it changes no other tenant's orders.
struct TenantSpec {
    std::string id;
    double weight = 1.0; ///< share of the workload's orders among the tenants onboarded by then
    SimTime from = 0; ///< onboarding time: none of its orders before it
    double ratePerSecond = 0.0; ///< > 0: its own orders at this rate (not a share of the workload's)
    std::int64_t orders = 0; ///< with a rate: how many orders it places
    /// With a rate: a burst (a flash sale) — from `burstAt` for `burstFor` its orders arrive at `burstRate`
    /// instead (0: no burst). `orders` still counts them all.
    SimTime burstAt = 0;
    SimTime burstFor = 0;
    double burstRate = 0.0;
    /// With a rate: the shop's edge admits at most this many of its orders a second (0: no limit). An
    /// order over the quota waits at the edge, in this tenant's own queue, and is sent when admitted:
    /// the shared services never see more than the quota from it, and its own customers pay the wait.
    double quota = 0.0;
    bool ownRate() const { return ratePerSecond > 0; }
    /// Its arrival rate at `t`.
    double rateAt(SimTime t) const
    {
        return burstRate > 0 && t >= burstAt && t < burstAt + burstFor ? burstRate : ratePerSecond;
    }
};

/// What the workload generator sends: N orders at a rate, with customers, SKUs and quantities
/// drawn from its own seeded stream.
struct WorkloadSpec {
    std::int64_t orders = 0;
    double ratePerSecond = 10.0;
    bool poisson = true; ///< exponential inter-arrival times; false: evenly spaced
    SimTime start = 0;
    std::int64_t customers = 10;
    std::int64_t skus = 5;
    std::int64_t minQuantity = 1;
    std::int64_t maxQuantity = 3;
    std::int64_t unitPriceCents = 1999;
    std::string target = "order";
    std::string command = "PlaceOrder";
    std::string idField = "orderId"; ///< the payload field that names each order (and its correlation)
    std::string idPrefix = "order-"; ///< ids are the prefix and a six-digit number
    /// Empty: orders carry no tenant. Tenants without a rate share the `orders` at `rate` by weight;
    /// if every tenant has a rate of its own, the workload's own orders carry no tenant.
    std::vector<TenantSpec> tenants;
    double cancelProbability = 0.0; ///< a customer changes their mind: CancelOrder after `cancelAfter`
    SimTime cancelAfter = 0;
};

/// The simulated customers: a service with no subscriptions that sends `PlaceOrder` commands on a timer.
/// Each order starts a new correlation (its order id). Random draws: customers, SKUs, quantities,
/// arrivals and cancellations from the service's stream; which tenant gets an order of the shared
/// workload from a stream of its own (`service:workload:tenants`); a tenant with its own rate draws
/// everything from `service:workload:tenant:ID`. So a scenario without tenants draws what it always did.
class WorkloadService final : public Service {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<WorkloadService>(*this); }
    explicit WorkloadService(WorkloadSpec spec)
        : m_spec(std::move(spec))
    {
    }

    void start(ServiceContext& ctx) override;
    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    void timer(ServiceContext& ctx, std::uint64_t id) override;
    QJsonObject state() const override;
    std::optional<qint64> stateNumber(std::span<const QString> path, bool counted) const override;

private:
    static constexpr std::size_t kShared = static_cast<std::size_t>(-1);
    /// Timer ids: 0 is the workload's next order and N > 0 the cancellation of its order N, as they
    /// always were; a tenant with its own rate uses kTenantTimer | tenant << 32 | (0 or N).
    static constexpr std::uint64_t kTenantTimer = std::uint64_t(1) << 62;
    /// With kTenantTimer: the edge admits the tenant's next waiting order (a tenant with a quota).
    static constexpr std::uint64_t kAdmitTimer = std::uint64_t(1) << 61;

    SimTime interArrival(RandomStream& random, double rate) const;
    /// Sends the next order of the workload (tenant kShared) or of a tenant with its own rate, and
    /// schedules the one after it.
    void arrive(ServiceContext& ctx, std::size_t ownTenant);
    /// Draws an order's customer, SKU and quantity and sends it; the next arrival is scheduled if `next`.
    void place(ServiceContext& ctx, std::size_t ownTenant, bool next);
    /// A tenant with a quota: sends its longest-waiting order if the quota allows it now, and schedules
    /// the next admission while orders wait.
    void admit(ServiceContext& ctx, std::size_t tenant);
    void cancel(ServiceContext& ctx, std::size_t ownTenant, std::int64_t n);
    /// The tenant of the workload's next order: a weighted draw among those onboarded by `now`.
    std::size_t pickTenant(SimTime now);
    Atom orderId(ServiceContext& ctx, std::size_t ownTenant, std::int64_t n) const;

    WorkloadSpec m_spec;
    std::int64_t m_sent = 0; ///< orders of the workload's own arrivals (they are numbered by it)
    struct Tenant {
        Atom id = 0;
        std::int64_t sent = 0; ///< its orders so far (a tenant with its own rate numbers them by it)
        SimTime firstOrder = -1;
        SimTime lastOrder = -1;
        RandomStream random; ///< a tenant with its own rate draws from it
        // A tenant with a quota: orders that arrived, and those waiting at the edge (their arrival times).
        std::int64_t arrived = 0;
        std::vector<SimTime> edge;
        std::size_t edgeHead = 0;
        SimTime nextAdmit = 0;
        bool admitting = false; ///< an admission timer is pending
        std::int64_t heldAtEdge = 0; ///< orders that waited at the edge
        SimTime maxEdgeWait = 0;
    };
    std::vector<Tenant> m_tenants; ///< parallel to m_spec.tenants
    std::vector<std::size_t> m_shared; ///< tenants without a rate of their own
    RandomStream m_tenantPick;
    /// The workload's order n - 1: its tenant's index + 1 (0: none). Copy-on-write: forks share it.
    CowVector<std::uint32_t> m_orderTenant;
    // Interned once at start: the generator runs once per order.
    struct Atoms {
        Atom target, command, orderId, customerId, sku, quantity, amountCents, cancelOrder, reason, changedMind;
    } m_atoms {};
    std::vector<Atom> m_customers; ///< "cust-001"...: the population is fixed, so intern it once
    std::vector<Atom> m_skus;
};

} // namespace eventloom
