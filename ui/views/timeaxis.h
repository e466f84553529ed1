#pragma once

#include "base/simtime.h"

namespace eventloom {

/// The timeline's mapping between simulated time and pixels: x = (t - start) × scale. Zooming keeps
/// the time under a given pixel where it is; the scale is bounded so neither extreme loses precision.
struct TimeAxis {
    SimTime start = 0; ///< the time at x = 0
    double pixelsPerUs = 1e-4; ///< 100 px per simulated second

    static constexpr double kMinPixelsPerUs = 1e-9; ///< a day in about 86 px
    static constexpr double kMaxPixelsPerUs = 2.0; ///< 2 px per microsecond

    double toX(SimTime t) const { return static_cast<double>(t - start) * pixelsPerUs; }
    SimTime toTime(double x) const;
    /// Multiplies the scale by `factor` keeping the time at pixel `anchorX` in place.
    void zoom(double factor, double anchorX);
    /// Shows [from, to] across `width` pixels.
    void fit(SimTime from, SimTime to, double width);
};

} // namespace eventloom
