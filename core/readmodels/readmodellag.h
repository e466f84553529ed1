#pragma once

#include "../base/simtime.h"

#include <QJsonObject>
#include <cstdint>
#include <string>
#include <vector>

namespace eventloom {

class ReadModel;
class Simulation;

/// How far a read model is behind the log, per partition of its topics and in total.
///
/// Offsets behind: records published to the partition that the model has not applied. Time behind:
/// now minus the publish time of the oldest such record (0 when there is none). Both count from
/// publication, not arrival: a record still travelling on the bus is already state the model lacks.
/// The consumer group's lag (EventBus::lag: published but not committed) is reported beside it; it is
/// larger while commits trail the handling, and after a crash, when applied records are redelivered.
struct ReadModelLag {
    struct Partition {
        std::string topic;
        std::uint16_t topicIndex = 0;
        std::int32_t partition = 0;
        std::int64_t end = 0; ///< records published to the partition
        std::int64_t next = 0; ///< the model has applied every offset below this
        std::int64_t behind = 0; ///< records published and not applied
        std::int64_t uncommitted = 0; ///< the model's consumer group's lag
        SimTime timeBehind = 0;
    };
    std::vector<Partition> partitions; ///< every partition of the model's topics, in (topic, partition) order
    std::int64_t offsetsBehind = 0; ///< sum over partitions
    SimTime timeBehind = 0; ///< max over partitions: now − publish time of the oldest record not applied
    SimTime now = 0;

    bool caughtUp() const { return offsetsBehind == 0; }
    /// Measures `model` (attached to `sim`, or at least bound to its bus) at the simulation's current time,
    /// or at `now` if given (a time at which nothing has happened since the simulation's last item).
    static ReadModelLag of(const ReadModel& model, const Simulation& sim, SimTime now = -1);
    QJsonObject toJson() const;
};

} // namespace eventloom
