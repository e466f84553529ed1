#pragma once

#include <QStringList>

namespace eventloom {

struct LessonVariant;

/// `variant` as `--set` assignments alone: its `set`, then its `inject` appended to the scenario's `injections`, of
/// which the scenario as shipped has `shippedInjections` (`injections.N=SPEC` each; `injections=[…]` when it has
/// none, since an override cannot index an array that is not there). They make the run that `--set …` with
/// `--inject …` makes — the same fingerprint — as one list that a run records, Reset keeps and the title shows:
/// how the window runs a lesson's variant.
QStringList variantOverrides(const LessonVariant& variant, qsizetype shippedInjections);

} // namespace eventloom
