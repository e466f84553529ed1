#include "circuitbreaker.h"

namespace eventloom {

const char* CircuitBreaker::stateName(State state)
{
    switch (state) {
    case State::Closed:
        return "closed";
    case State::Open:
        return "open";
    case State::HalfOpen:
        return "half-open";
    }
    return "closed";
}

CircuitBreaker::Permit CircuitBreaker::ask(SimTime now)
{
    if (!enabled() || m_state == State::Closed)
        return Permit::Call;
    if (m_state == State::Open && now >= m_openUntil) {
        m_state = State::HalfOpen;
        m_trialInFlight = false;
    }
    if (m_state == State::HalfOpen && !m_trialInFlight)
        return Permit::Trial;
    ++m_refused;
    return Permit::Refuse;
}

void CircuitBreaker::started(Permit permit)
{
    if (permit == Permit::Trial)
        m_trialInFlight = true;
}

bool CircuitBreaker::succeeded(bool trial)
{
    if (trial && m_state == State::HalfOpen) {
        m_trialInFlight = false;
        m_state = State::Closed;
        m_failures = 0;
        return true;
    }
    if (m_state == State::Closed)
        m_failures = 0;
    return false; // an answer to a call made before the breaker opened changes nothing
}

bool CircuitBreaker::failed(SimTime now, bool trial)
{
    if (!enabled())
        return false;
    if (trial && m_state == State::HalfOpen) {
        open(now);
        return true;
    }
    if (m_state != State::Closed)
        return false;
    if (++m_failures < m_settings.failures)
        return false;
    open(now);
    return true;
}

void CircuitBreaker::open(SimTime now)
{
    m_state = State::Open;
    m_openUntil = now + m_settings.openFor;
    m_trialInFlight = false;
    ++m_opened;
}

} // namespace eventloom
