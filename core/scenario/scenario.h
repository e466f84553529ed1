#pragma once

#include "../services/workloadservice.h"
#include "../sim/latencymodel.h"
#include "../sim/simtime.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace eventloom {

struct TopicSpec {
    QString id;
    int partitions = 1;
    SimTime latency = kMillisecond;
};

struct SubscriptionSpec {
    QString topic;
    QString group;
    int maxInFlight = 1;
    SimTime commitDelay = 0;
};

struct ServiceSpec {
    QString id;
    QString kind;
    int instances = 1;
    LatencyModel latency = LatencyModel::fixed(kMillisecond);
    std::vector<SubscriptionSpec> subscriptions;
    QJsonObject config; ///< the whole service object, for kind-specific settings (e.g. declarative rules)
};

/// A loaded, validated scenario: plain data. The Simulation is built from it by ScenarioBuilder.
struct Scenario {
    QString file; ///< where it came from (a path or a resource path)
    QString id;
    QString title;
    QString summary;
    std::uint64_t seed = 1;
    SimTime until = 0; ///< default run length; 0 = run until nothing is left to do
    SimTime commandLatency = kMillisecond;
    std::vector<TopicSpec> topics;
    std::vector<ServiceSpec> services;
    std::optional<WorkloadSpec> workload;
    QJsonObject json; ///< the document after --set overrides
};

} // namespace eventloom
