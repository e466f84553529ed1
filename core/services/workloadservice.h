#pragma once

#include "../sim/simtime.h"
#include "service.h"

#include <string>
#include <vector>

namespace eventloom {

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
    std::vector<std::string> tenants;
    double cancelProbability = 0.0; ///< a customer changes their mind: CancelOrder after `cancelAfter`
    SimTime cancelAfter = 0;
};

/// The simulated customers: a service with no subscriptions that sends `PlaceOrder` commands on a timer.
/// Each order starts a new correlation (its order id).
class WorkloadService final : public Service {
public:
    explicit WorkloadService(WorkloadSpec spec) : m_spec(std::move(spec)) { }

    void start(ServiceContext& ctx) override;
    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    void timer(ServiceContext& ctx, std::uint64_t id) override;
    QJsonObject state() const override;

private:
    SimTime interArrival(ServiceContext& ctx) const;

    WorkloadSpec m_spec;
    std::int64_t m_sent = 0;
    // Interned once at start: the generator runs once per order.
    struct Atoms {
        Atom target, command, orderId, customerId, sku, quantity, amountCents, cancelOrder, reason, changedMind;
    } m_atoms {};
    std::vector<Atom> m_customers; ///< "cust-001"...: the population is fixed, so intern it once
    std::vector<Atom> m_skus;
};

} // namespace eventloom
