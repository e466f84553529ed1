#pragma once

#include "../../base/simtime.h"

namespace eventloom {

/// A circuit breaker's settings (CircuitBreaker).
struct CircuitBreakerSettings {
    int failures = 0; ///< consecutive failures that open it; 0: no breaker (every call goes)
    SimTime openFor = 5 * kSecond; ///< how long it stays open before a trial call
};

/// A circuit breaker in front of one downstream service (Nygard, *Release It!*; Resilience4j's
/// CircuitBreaker). Closed, it lets calls through and counts consecutive failures — a call that
/// timed out; an answer, even a refusal, is a success. At `failures` it opens: for `openFor`, calls
/// fail at once instead of waiting for their timeout. The first call after that is a trial
/// (half-open; every other call is still refused while it runs): its answer closes the breaker,
/// its timeout opens it again. Plain state, no clock of its own: the caller passes the time.
class CircuitBreaker {
public:
    enum class State { Closed, Open, HalfOpen };
    using Settings = CircuitBreakerSettings;
    /// What `ask` allows: an ordinary call, the half-open trial, or nothing (fail fast).
    enum class Permit { Call, Trial, Refuse };

    explicit CircuitBreaker(Settings settings = {})
        : m_settings(settings)
    {
    }

    bool enabled() const { return m_settings.failures > 0; }
    State state() const { return m_state; }
    static const char* stateName(State state);

    /// May a call go now? Open turns half-open once `openFor` has passed. A refusal is counted.
    Permit ask(SimTime now);
    /// The call `ask` permitted was made (a trial is now in flight).
    void started(Permit permit);
    /// The downstream answered the call. Returns whether the state changed (half-open → closed).
    bool succeeded(bool trial);
    /// The call timed out. Returns whether the state changed (to open).
    bool failed(SimTime now, bool trial);

    int consecutiveFailures() const { return m_failures; }
    long long opened() const { return m_opened; } ///< how often it opened
    long long refused() const { return m_refused; } ///< calls failed fast

private:
    void open(SimTime now);

    Settings m_settings;
    State m_state = State::Closed;
    int m_failures = 0;
    SimTime m_openUntil = 0;
    bool m_trialInFlight = false;
    long long m_opened = 0;
    long long m_refused = 0;
};

} // namespace eventloom
