#pragma once

#include <cstdint>
#include <string_view>

namespace eventloom {

/// What the write side knows about one row of a read model, for stale-read detection.
///
/// A version counts the changes to a row, in the read model's own units: the events on the model's
/// topics that affect the row (ReadModel::rowsAffected). The read model counts the ones it has applied
/// (its row version); a read is stale when the write side's version is higher, that is when the write
/// side had already produced a change to the row that the read model does not reflect yet.
///
/// LogWriteSideView is the default, computed from the run's event log. A write-side service can
/// implement this directly (e.g. from its per-key stream versions) when its state changes ahead of
/// what it has published, as with an outbox.
class WriteSideView {
public:
    virtual ~WriteSideView() = default;
    /// The number of changes the write side has made to row `key` so far; 0 if it knows nothing of it.
    virtual std::int64_t writeVersion(std::string_view key) = 0;
};

} // namespace eventloom
