#pragma once

#include "base/simtime.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <cstdint>

namespace eventloom {

/// A delivery held at a breakpoint, as the engine thread describes it to the UI (SimulationWorker).
/// `id` is the engine's, for this run only; topic, group, partition and offset name it in a `resolve`
/// injection, which a replay reproduces.
struct PendingDeliveryInfo {
    std::uint64_t id = 0;
    QString topic;
    QString group;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::uint32_t seq = 0; ///< the message (EventLog seq)
    QString type;
    QString key;
    QString service; ///< the consumer service
    QString consumer; ///< the instance that would handle it, e.g. "inventory#1"
    SimTime since = 0; ///< held from this simulated time

    bool operator==(const PendingDeliveryInfo&) const = default;
};

using PendingDeliveries = QList<PendingDeliveryInfo>;

} // namespace eventloom

Q_DECLARE_METATYPE(eventloom::PendingDeliveryInfo)
Q_DECLARE_METATYPE(eventloom::PendingDeliveries)
