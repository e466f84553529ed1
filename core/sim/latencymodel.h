#pragma once

#include "../base/simtime.h"

namespace eventloom {

class RandomStream;

/// A processing- or network-time distribution, sampled from a service's own random stream.
struct LatencyModel {
    enum class Kind { Fixed, Uniform, Exponential, Normal };
    Kind kind = Kind::Fixed;
    SimTime a = 0; ///< fixed value, uniform min, exponential mean, or normal mean
    SimTime b = 0; ///< uniform max, or normal standard deviation
    SimTime floor = 0; ///< samples never fall below this

    static LatencyModel fixed(SimTime t) { return { Kind::Fixed, t, 0, 0 }; }
    SimTime sample(RandomStream& random) const;
    /// The mean of the distribution (before the floor), for summaries and lag estimates.
    SimTime mean() const;
};

} // namespace eventloom
