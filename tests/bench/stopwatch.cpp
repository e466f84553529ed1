#include "stopwatch.h"

#include <ctime>

namespace eventloom::bench {

namespace {
double seconds(clockid_t clock)
{
    timespec ts {};
    clock_gettime(clock, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
}

void Stopwatch::restart()
{
    m_wallStart = seconds(CLOCK_MONOTONIC);
    m_cpuStart = seconds(CLOCK_THREAD_CPUTIME_ID);
}

Stopwatch::Reading Stopwatch::elapsed() const
{
    return { seconds(CLOCK_MONOTONIC) - m_wallStart, seconds(CLOCK_THREAD_CPUTIME_ID) - m_cpuStart };
}

} // namespace eventloom::bench
