#pragma once

#include "cowvector.h"
#include "simtime.h"

#include <cstddef>
#include <vector>

namespace eventloom {

/// The nearest-rank p50, p95 and p99 of an append-only series (latencies), kept up to date as it grows
/// instead of sorted again at every read: a check sampled every 100 ms of a run reads them thousands of
/// times. Each quantile is a max-heap of the `rank` smallest values and a min-heap of the rest, so an
/// appended value costs O(log n) and a read O(1); the values are exactly the sort's (`sorted[rank - 1]`,
/// rank = ceil(q·n) clamped to 1..n).
///
/// It follows a series it does not own: `of` takes in the values appended since its last call. A copy
/// starts empty and catches up at its first read, so copying a service that holds one (a fork, a
/// checkpoint) copies nothing of it. Not thread-safe: `of` changes it, like a service's state read from
/// the thread that runs its simulation.
class RunningPercentiles {
public:
    struct Values {
        SimTime p50 = 0;
        SimTime p95 = 0;
        SimTime p99 = 0;
    };

    RunningPercentiles() = default;
    RunningPercentiles(const RunningPercentiles&) { }
    RunningPercentiles& operator=(const RunningPercentiles& other);
    RunningPercentiles(RunningPercentiles&&) noexcept = default;
    RunningPercentiles& operator=(RunningPercentiles&&) noexcept = default;
    ~RunningPercentiles() = default;

    /// The percentiles of `series` (not empty), which has only grown since the last call (else this
    /// starts over).
    Values of(const CowVector<SimTime>& series);

    /// The nearest-rank quantile `q` of a growing multiset.
    class Quantile {
    public:
        explicit Quantile(double q)
            : m_q(q)
        {
        }
        void add(SimTime value);
        SimTime value() const { return m_lower.front(); } ///< with at least one value added
        std::size_t count() const { return m_lower.size() + m_upper.size(); }
        void clear();

    private:
        double m_q;
        std::vector<SimTime> m_lower; ///< max-heap: the `rank` smallest values
        std::vector<SimTime> m_upper; ///< min-heap: the others
    };

private:
    std::size_t m_seen = 0; ///< elements of the series taken in
    Quantile m_p50 { 0.50 };
    Quantile m_p95 { 0.95 };
    Quantile m_p99 { 0.99 };
};

} // namespace eventloom
