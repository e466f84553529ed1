#pragma once

#include "tracerecord.h"

#include <cstdint>

namespace eventloom {

/// The run's counters, kept from the trace alone. Every field of the CLI summary lives here;
/// fields whose mechanisms arrive in later work stay 0 until then.
struct RunCounters {
    std::uint64_t records = 0;
    std::uint64_t events = 0; ///< events published to topics
    std::uint64_t commands = 0;
    std::uint64_t deliveries = 0; ///< deliveries of topic events to consumers, redeliveries included
    std::uint64_t handled = 0;
    std::uint64_t failed = 0;
    std::uint64_t duplicateDeliveries = 0;
    std::uint64_t redeliveries = 0;
    std::uint64_t dropped = 0;
    std::uint64_t deadLettered = 0;
    std::uint64_t duplicateEffects = 0;
    std::uint64_t orderViolations = 0;
    std::uint64_t rebalances = 0;
    std::uint64_t crashes = 0;
    std::uint64_t rejected = 0;
    std::uint64_t appendConflicts = 0;
    std::uint64_t staleReads = 0;
    std::uint64_t delayed = 0; ///< deliveries held back by a delay fault or a breakpoint
    std::uint64_t reordered = 0; ///< records that reached a group inside a reordered window
    std::uint64_t poisoned = 0; ///< events marked poison
    std::uint64_t retries = 0; ///< failed handlings retried after a backoff
    std::uint64_t republished = 0; ///< dead letters published again
    std::uint64_t parked = 0; ///< early events a sequence-aware consumer held back
    std::uint64_t produceRetries = 0; ///< produce requests that failed and were sent again
    std::uint64_t gapsSkipped = 0; ///< parked events handled after their parkTimeout, past a missing version
    struct Sagas {
        std::uint64_t started = 0;
        std::uint64_t completed = 0;
        std::uint64_t compensated = 0;
        std::uint64_t stuck = 0;
    } sagas;

    void count(const TraceRecord& r);
};

} // namespace eventloom
