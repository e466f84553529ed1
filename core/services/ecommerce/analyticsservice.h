#pragma once

#include "ecommerceservice.h"

#include <map>

namespace eventloom {

/// Revenue and order counts per time bucket and per tenant.
class AnalyticsService final : public EcommerceService {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<AnalyticsService>(*this); }
    AnalyticsService(EventLog& log, bool idempotent, SimTime bucket)
        : EcommerceService(log, idempotent)
        , m_bucket(bucket > 0 ? bucket : kSecond)
    {
    }
    std::int64_t revenueCents() const { return m_revenue; }

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;

private:
    struct Counts {
        std::int64_t revenueCents = 0;
        std::int64_t created = 0;
        std::int64_t completed = 0;
        std::int64_t cancelled = 0;
    };
    void add(SimTime t, Atom tenant, const Counts& delta);

    SimTime m_bucket;
    std::int64_t m_revenue = 0;
    std::map<SimTime, Counts> m_byBucket; // bucket start → counts (ordered: deterministic)
    std::map<Atom, Counts> m_byTenant;
};

} // namespace eventloom
