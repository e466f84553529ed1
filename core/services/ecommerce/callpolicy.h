#pragma once

#include "circuitbreaker.h"

#include <array>

namespace eventloom {

/// How the synchronous order service guards its calls (docs/scenario-format.md, "The synchronous
/// call chain"). The defaults are a single worker and no bulkhead, breaker or fallback.
struct CallPolicy {
    /// The downstream services of the call chain, in call order.
    enum Downstream { Inventory, Payment, Notification, DownstreamCount };
    static constexpr const char* downstreamName(int downstream)
    {
        return downstream == Inventory ? "inventory" : downstream == Payment ? "payment" : "notification";
    }

    int workers = 1; ///< order chains in flight at once; later orders queue (first in, first out)
    /// Most calls in flight to each downstream at once (0: no limit). A call that finds its
    /// bulkhead full fails at once; it does not wait.
    std::array<int, DownstreamCount> bulkheads {};
    CircuitBreaker::Settings breaker; ///< one breaker per downstream, each with these settings
    /// The notification call's fallback: when it cannot be made (breaker open, bulkhead full) or
    /// times out, the order completes and the email is sent without waiting for it.
    bool deferEmail = false;
};

} // namespace eventloom
