#include "tracerecord.h"

#include <array>

namespace eventloom {

namespace {
constexpr std::array<std::string_view, 36> kKindNames = {
    "published",
    "command",
    "delivered",
    "redelivered",
    "handled",
    "committed",
    "timer",
    "rebalanced",
    "crashed",
    "restarted",
    "instance-added",
    "instance-removed",
    "command-lost",
    "rejected",
    "duplicate-effect",
    "appended",
    "append-conflict",
    "snapshot",
    "stale-read",
    "injection",
    "saga",
    "dropped",
    "duplicated",
    "delayed",
    "reordered",
    "poisoned",
    "retried",
    "dead-lettered",
    "republished",
    "order-violation",
    "parked",
    "offset-reset",
    "produce-retried",
    "gap-skipped",
    "retention",
    "breaker",
};
constexpr std::array<std::string_view, 13> kPhaseNames = {
    "",
    "started",
    "step-started",
    "step-succeeded",
    "step-failed",
    "step-timed-out",
    "step-retried",
    "compensation-started",
    "compensation-succeeded",
    "compensation-failed",
    "completed",
    "compensated",
    "stuck",
};
}

std::string_view traceKindName(TraceKind kind)
{
    return kKindNames[static_cast<std::size_t>(kind)];
}

std::optional<TraceKind> traceKindFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i] == name)
            return static_cast<TraceKind>(i);
    return std::nullopt;
}

std::string_view sagaPhaseName(SagaPhase phase)
{
    return kPhaseNames[static_cast<std::size_t>(phase)];
}

std::optional<SagaPhase> sagaPhaseFromName(std::string_view name)
{
    for (std::size_t i = 1; i < kPhaseNames.size(); ++i)
        if (kPhaseNames[i] == name)
            return static_cast<SagaPhase>(i);
    return std::nullopt;
}

std::string_view outcomeName(HandleOutcome outcome)
{
    switch (outcome) {
    case HandleOutcome::None:
        return "";
    case HandleOutcome::Ok:
        return "ok";
    case HandleOutcome::Failed:
        return "failed";
    case HandleOutcome::SkippedDuplicate:
        return "skipped-duplicate";
    case HandleOutcome::Rejected:
        return "rejected";
    case HandleOutcome::SkippedTenant:
        return "skipped-tenant";
    }
    return "";
}

} // namespace eventloom
