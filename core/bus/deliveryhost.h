#pragma once

#include "../base/simtime.h"
#include "../trace/tracerecord.h"

#include <cstdint>

namespace eventloom {

struct SubscriptionPolicy;

struct HandleResult {
    HandleOutcome outcome = HandleOutcome::Ok;
    Atom reason = 0;
};

/// What the bus needs from the simulation around it: time, trace output, scheduling of its own
/// items, and the services that handle what it delivers.
class DeliveryHost {
public:
    virtual SimTime now() const = 0;
    virtual void emit(const TraceRecord& record) = 0;
    virtual SimTime processingTime(std::uint16_t service) = 0;
    /// A message was delivered and its processing starts now (it is handled when processing ends).
    virtual void begin(std::uint16_t service, std::uint16_t instance, std::uint32_t message) = 0;
    /// `reader`: the subscription's, for a delivered event (its schemaVersion says how the payload is read); null for a
    /// command.
    virtual HandleResult handle(
        std::uint16_t service, std::uint16_t instance, std::uint32_t message, const SubscriptionPolicy* reader)
        = 0;
    /// Publishes a copy of `message` (type, key, version, payload; caused by it) to `topic`: a dead letter.
    /// Returns the copy's seq, or kNoMessage when the host cannot.
    virtual std::uint32_t copyToTopic(std::uint32_t message, std::uint16_t topic)
    {
        (void)message;
        (void)topic;
        return 0xFFFFFFFFu;
    }

protected:
    ~DeliveryHost() = default;
};

} // namespace eventloom
