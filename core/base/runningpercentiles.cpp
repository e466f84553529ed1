#include "runningpercentiles.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace eventloom {

RunningPercentiles& RunningPercentiles::operator=(const RunningPercentiles& other)
{
    if (this != &other) {
        m_seen = 0;
        m_p50.clear();
        m_p95.clear();
        m_p99.clear();
    }
    return *this;
}

RunningPercentiles::Values RunningPercentiles::of(const CowVector<SimTime>& series)
{
    if (series.size() < m_seen)
        *this = RunningPercentiles(); // another series, or one rewound: start over
    for (; m_seen < series.size(); ++m_seen) {
        const SimTime v = series[m_seen];
        m_p50.add(v);
        m_p95.add(v);
        m_p99.add(v);
    }
    return { m_p50.value(), m_p95.value(), m_p99.value() };
}

void RunningPercentiles::Quantile::add(SimTime value)
{
    if (!m_lower.empty() && value <= m_lower.front()) {
        m_lower.push_back(value);
        std::push_heap(m_lower.begin(), m_lower.end());
    } else {
        m_upper.push_back(value);
        std::push_heap(m_upper.begin(), m_upper.end(), std::greater<> {});
    }
    // The same rank as the sort it replaces: ceil(q·n), clamped to 1..n.
    const std::size_t n = count();
    const auto rank = std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(m_q * static_cast<double>(n))), 1, n);
    while (m_lower.size() < rank) {
        std::pop_heap(m_upper.begin(), m_upper.end(), std::greater<> {});
        m_lower.push_back(m_upper.back());
        m_upper.pop_back();
        std::push_heap(m_lower.begin(), m_lower.end());
    }
    while (m_lower.size() > rank) {
        std::pop_heap(m_lower.begin(), m_lower.end());
        m_upper.push_back(m_lower.back());
        m_lower.pop_back();
        std::push_heap(m_upper.begin(), m_upper.end(), std::greater<> {});
    }
}

void RunningPercentiles::Quantile::clear()
{
    m_lower.clear();
    m_upper.clear();
}

} // namespace eventloom
