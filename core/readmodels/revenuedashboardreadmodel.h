#pragma once

#include "readmodel.h"

#include <unordered_map>

namespace eventloom {

/// Revenue and order counts per time bucket and per tenant. Reads `orders.events` (orders created,
/// completed, cancelled) and `payments.events` (charges and refunds, in integer cents).
///
/// Two kinds of row: `bucket:NNNNNNNN` (the bucket's index, zero-padded so rows sort by time) for
/// the bucket an event's publish time falls in, and `tenant:NAME` (the envelope's tenant, `none`
/// without one). Every event that counts goes into one row of each kind. Figures are sums, so the
/// order events are applied in does not matter.
class RevenueDashboardReadModel final : public ReadModel {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<RevenueDashboardReadModel>(*this); }
    struct Figures {
        std::int64_t chargedCents = 0;
        std::int64_t refundedCents = 0;
        std::int64_t charges = 0;
        std::int64_t refunds = 0;
        std::int64_t ordersCreated = 0;
        std::int64_t ordersCompleted = 0;
        std::int64_t ordersCancelled = 0;

        std::int64_t revenueCents() const { return chargedCents - refundedCents; }
        bool operator==(const Figures&) const = default;
    };

    /// `bucketSize`: simulated time per bucket (at least 1 us).
    explicit RevenueDashboardReadModel(SimTime bucketSize = kSecond);

    std::string_view kind() const override { return "revenue-dashboard"; }
    SimTime bucketSize() const { return m_bucketSize; }
    static std::string bucketKey(std::int64_t bucket);
    static std::string tenantKey(std::string_view tenant);
    /// The row's figures (zeros for an unknown row).
    Figures figures(std::string_view key) const;
    /// The sum over all time buckets.
    Figures totals() const;

    void rowsAffected(const EventLog& log, const Event& event, std::vector<std::string>& keys) const override;

protected:
    std::unique_ptr<ReadModel> create() const override;
    void applyToRow(const std::string& key, const EventLog& log, const Event& event) override;
    QJsonObject rowData(const std::string& key) const override;

private:
    SimTime m_bucketSize;
    std::unordered_map<std::string, Figures> m_rows;
};

} // namespace eventloom
