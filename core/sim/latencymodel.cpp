#include "latencymodel.h"

#include "../base/randomstream.h"

#include <algorithm>
#include <cmath>

namespace eventloom {

SimTime LatencyModel::sample(RandomStream& random) const
{
    SimTime value = a;
    switch (kind) {
    case Kind::Fixed:
        break;
    case Kind::Uniform:
        value = random.uniformInt(a, std::max(a, b));
        break;
    case Kind::Exponential:
        value = static_cast<SimTime>(std::llround(random.exponential(static_cast<double>(a))));
        break;
    case Kind::Normal:
        value = static_cast<SimTime>(std::llround(random.normal(static_cast<double>(a), static_cast<double>(b))));
        break;
    }
    return std::max(value, floor);
}

SimTime LatencyModel::mean() const
{
    return kind == Kind::Uniform ? (a + std::max(a, b)) / 2 : a;
}

} // namespace eventloom
