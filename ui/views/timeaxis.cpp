#include "timeaxis.h"

#include <algorithm>
#include <cmath>

namespace eventloom {

SimTime TimeAxis::toTime(double x) const
{
    return start + static_cast<SimTime>(std::llround(x / pixelsPerUs));
}

void TimeAxis::zoom(double factor, double anchorX)
{
    const SimTime anchor = toTime(anchorX);
    pixelsPerUs = std::clamp(pixelsPerUs * factor, kMinPixelsPerUs, kMaxPixelsPerUs);
    start = anchor - static_cast<SimTime>(std::llround(anchorX / pixelsPerUs));
}

void TimeAxis::fit(SimTime from, SimTime to, double width)
{
    const SimTime span = std::max<SimTime>(1, to - from);
    pixelsPerUs = std::clamp(std::max(1.0, width) / static_cast<double>(span), kMinPixelsPerUs, kMaxPixelsPerUs);
    start = from;
}

} // namespace eventloom
