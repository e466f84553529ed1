#pragma once

namespace eventloom::bench {

/// Wall time (what the budgets are stated in) and this thread's CPU time, read together. On a shared
/// machine the wall time includes the moments another process had the core; the CPU time does not,
/// so a large gap between the two says "repeat on a quieter machine".
class Stopwatch {
public:
    struct Reading {
        double wallSeconds = 0;
        double cpuSeconds = 0;
    };

    Stopwatch() { restart(); }
    void restart();
    Reading elapsed() const;

private:
    double m_wallStart = 0;
    double m_cpuStart = 0;
};

} // namespace eventloom::bench
