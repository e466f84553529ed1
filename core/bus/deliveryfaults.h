#pragma once

#include "../base/atomtable.h"
#include "../base/simtime.h"
#include "deliveryhost.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace eventloom {

struct ConsumerGroup;
struct Event;

/// What happens to a delivery that is due: the bus asks its DeliveryFaults (fault rules and
/// breakpoints) before handing a record to a group, but only when some are configured.
struct DeliveryDecision {
    enum class Action : std::uint8_t { Deliver, Drop, Duplicate, Delay, Reorder, Hold };
    Action action = Action::Deliver;
    std::uint16_t copies = 0; ///< Duplicate: extra deliveries after the first
    SimTime delay = 0; ///< Delay
    std::vector<std::int64_t> order; ///< Reorder: the offsets of the window, in the order they will be delivered
    Atom reason = 0; ///< the trace's detail: the rule's spec, or "breakpoint"
};

/// What happens to a record a producer sends: appended now, or its produce request fails and the
/// producer retries it after `backoff` (Kafka's `retry.backoff.ms`).
struct ProduceDecision {
    SimTime backoff = 0; ///< 0: appended now
    Atom reason = 0; ///< the rule's spec
};

/// A delivery due to a group, as the fault side sees it.
struct DueDelivery {
    std::uint16_t group = 0;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::uint32_t message = 0;
    std::int64_t available = 1; ///< records of the partition the group could take now, this one included
};

/// The bus's hooks for fault injection and delivery breakpoints (core/faults/ implements them).
/// The bus calls them only when set, so a run without faults pays one pointer test per delivery.
class DeliveryFaults {
public:
    /// A fresh record is due to `d.group`: deliver it, or drop, duplicate, delay, reorder or hold it.
    /// Hold: the bus keeps the partition busy until EventBus::resolveHeld is called.
    virtual DeliveryDecision decide(const DueDelivery& d, const ConsumerGroup& group, const Event& event) = 0;
    /// A producer sends `event` (its partition chosen): does the first produce request fail?
    virtual ProduceDecision produce(std::uint16_t producer, const Event& event) = 0;
    /// Just published: a chance to mark the event (poison), tracing what it did.
    virtual void published(std::uint32_t message) = 0;
    /// Before `group` handles `message`: a result that replaces the handler's (a poison message throws), or None.
    virtual HandleResult intercept(std::uint16_t group, const ConsumerGroup& g, std::uint32_t message) = 0;

protected:
    ~DeliveryFaults() = default;
};

/// What a consumer does with a record whose handling failed and will not be retried (any more).
enum class OnFailure : std::uint8_t {
    /// Never moves past it: the record is read again after each backoff, forever, and the partition's
    /// later records wait behind it (a plain Kafka consumer whose handler throws, restarted, reads it again).
    Block,
    Skip, ///< moves past it unhandled: the record is lost to this group, and nothing says so
    DeadLetter, ///< copies it to `<topic>.dlq` with the reason, then moves past it
};

/// A failed handling's retry policy and the consumer's tolerance, per subscription (consumer group).
struct SubscriptionPolicy {
    std::uint16_t retries = 0; ///< retries after a failed handling before `onFailure` applies
    OnFailure onFailure = OnFailure::Block; ///< once the retries are spent (a plain consumer blocks)
    SimTime backoff = 100 * kMillisecond; ///< delay before the first retry
    double multiplier = 2.0; ///< each further retry waits this much longer
    SimTime maxBackoff = 30 * kSecond; ///< no retry waits longer (a blocked record is retried this often at most)
    /// A resequencer (Hohpe & Woolf): per key it expects the next `entityVersion` of the payload, parks an
    /// event that comes early and handles it once the gap is filled, or after `parkTimeout` without it.
    bool sequenceAware = false;
    SimTime parkTimeout = kSecond; ///< how long a parked event waits for its predecessor
    /// The event version the consumer was built for; 0: it reads payloads as they come (no reader).
    /// How it reads other versions: SchemaRegistry.
    std::uint16_t schemaVersion = 0;
    bool upcaster = false; ///< older versions are upcast to schemaVersion before they are read
    bool tolerant = false; ///< a tolerant reader (defaults what is missing, ignores the unknown); else strict
    /// A per-tenant consumer: it handles only events of these tenants (the envelope's `tenant`) and
    /// passes over the others — delivered, `handled` as `skipped-tenant` at no processing time,
    /// committed. Empty: every tenant.
    std::vector<Atom> tenants;
    bool handlesTenant(Atom tenant) const
    {
        return tenants.empty() || std::find(tenants.begin(), tenants.end(), tenant) != tenants.end();
    }
};

} // namespace eventloom
