#pragma once

#include "../base/statepaths.h"

#include <QJsonObject>
#include <QString>

namespace eventloom {

/// A service whose state() grows with the run (a read model's rows, an order service's latencies) and
/// can build only the parts a reader names: what a check samples thousands of times in a run
/// (CheckState::of). Services implement it beside Service; a service that does not is pruned from its
/// whole state().
class PartialState {
public:
    virtual ~PartialState() = default;
    /// state() pruned to what `read` names, with the counts it asks for under `at`: the same values a
    /// prune of the whole state() gives (StatePaths::prune), missing keys included.
    virtual QJsonObject readState(const StatePaths& read, const QString& at, StatePaths::Counts& counts) const = 0;

protected:
    PartialState() = default;
    PartialState(const PartialState&) = default;
    PartialState& operator=(const PartialState&) = default;
};

} // namespace eventloom
