#pragma once

#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace eventloom {

class ScenarioReader;

/// The largest scenario EventLoom runs: counts that a file within the JSON guard's limits could still
/// make too large for the engine (its indexes of services, topics and consumer groups are 16-bit) or
/// for memory. Checked on the document — after `--set` — before anything else is read, so a file over
/// them is refused at once, with a message naming the limit, and nothing is built from it. What the
/// counts cannot catch alone (many consumer groups of many partitions, many orders of a rich flow) the
/// estimated cost catches (ScenarioCost). docs/reliability.md lists them all.
struct ScenarioLimits {
    static constexpr int kMaxTopics = 1000;
    static constexpr int kMaxPartitions = 1024; ///< per topic
    static constexpr int kMaxServices = 1000; ///< besides those the engine adds (workload, saga coordinators)
    static constexpr int kMaxInstances = 64; ///< per service
    static constexpr int kMaxSubscriptions = 10000; ///< of all services together
    static constexpr int kMaxRules = 10000; ///< declarative rules of all services together
    static constexpr int kMaxSagas = 100;
    static constexpr int kMaxSagaSteps = 50; ///< per saga
    static constexpr int kMaxInjections = 10000;
    static constexpr int kMaxSchemas = 1000; ///< payload schemas (type and version)
    static constexpr int kMaxUpcastSteps = 100; ///< per schema
    static constexpr std::int64_t kMaxOrders = 10'000'000; ///< workload.orders, and a tenant's own orders
    static constexpr int kMaxTenants = 1000;
    static constexpr std::int64_t kMaxSkus = 1'000'000;
    static constexpr std::int64_t kMaxCustomers = 1'000'000;

    /// Reports every count of `root` over its limit (at the array, naming the limit); true if none is.
    static bool checkCounts(ScenarioReader& reader, const QJsonObject& root);
};

} // namespace eventloom
