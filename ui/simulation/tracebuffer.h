#pragma once

#include "tracebatch.h"

#include <mutex>

namespace eventloom {

/// The hand-over point between the simulation thread and the UI thread. The worker appends one
/// batch per slice (one lock per slice, never per record); the UI takes everything pending at once.
class TraceBuffer {
public:
    /// Starts a new generation: pending data is discarded and appends of older generations are ignored.
    void restart(std::uint64_t generation);
    /// Worker side. Returns true if the buffer was empty, i.e. the UI needs a nudge to come and take it.
    bool append(TraceBatch&& batch);
    /// UI side: everything appended since the last take, merged into one batch.
    TraceBatch take();
    /// Rows appended and not taken yet.
    std::size_t pendingRows();

private:
    std::mutex m_mutex;
    TraceBatch m_pending;
};

} // namespace eventloom
