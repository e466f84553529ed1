#pragma once

#include "injectionspec.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <mutex>
#include <vector>

namespace eventloom {

/// Injections asked for while a run is going (the window's docks): any thread enqueues a spec,
/// the engine takes them at its next step, on its own thread, checks each one and traces it with the
/// simulated time at which it took effect (`KIND@<t>us,...`), so re-running with the seed and the
/// traced specs gives the same fingerprint.
class InjectionQueue {
public:
    /// Any thread.
    void enqueue(InjectionSpec spec);
    /// Any thread, for tests and tools that hold text: parses `spec` (once) and enqueues it; returns the
    /// parser's message, or an empty string once queued.
    QString enqueue(const QString& spec);
    /// Any thread: cheap enough for the engine to ask before every step.
    bool hasPending() const { return m_pending.load(std::memory_order_acquire); }
    /// Any thread: when the earliest queued spec not done at a pause takes effect, if it is taken when the
    /// run's clock is `now` (at its time, and never before now + 1 µs: Simulation::applyInteractive); -1 if none.
    SimTime earliest(SimTime now) const;
    /// The engine's thread: everything queued so far, oldest first.
    std::vector<InjectionSpec> take();
    /// The engine refused a queued spec (e.g. an unknown service); any thread may collect these.
    void refuse(const QString& message);
    QStringList takeRefusals();

private:
    mutable std::mutex m_mutex;
    std::vector<InjectionSpec> m_specs;
    QStringList m_refusals;
    std::atomic<bool> m_pending { false };
};

} // namespace eventloom
