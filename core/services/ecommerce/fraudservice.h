#pragma once

#include "ecommerceservice.h"

namespace eventloom {

/// Scores new orders with seeded rules and publishes `FraudSuspected` for the risky ones. Scenarios
/// usually attach it while a run is going (`attachAt`), reading history (`startFrom: earliest`) or
/// only new orders (`latest`), to show a consumer added without touching the producer.
class FraudService final : public EcommerceService {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<FraudService>(*this); }
    struct Rules {
        int threshold = 70; ///< scores range 0..100
        std::int64_t largeOrderCents = 10000; ///< orders above this score higher
    };

    FraudService(EventLog& log, bool idempotent, Rules rules)
        : EcommerceService(log, idempotent)
        , m_rules(rules)
    {
    }

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;

private:
    Rules m_rules;
    std::int64_t m_scored = 0;
    std::int64_t m_suspected = 0;
    SimTime m_firstSeenPublishTime = -1; ///< shows whether it replayed history
};

} // namespace eventloom
