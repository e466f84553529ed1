#pragma once

#include "recordbatch.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace eventloom {

/// A bounded hand-over between the engine thread and the writer thread. The engine never waits for
/// disk I/O while there is room; when the writer falls `capacity` batches behind, push() waits
/// (backpressure), so memory stays bounded however fast the engine runs.
class RecordQueue {
public:
    explicit RecordQueue(std::size_t capacity)
        : m_capacity(capacity)
    {
    }

    /// Returns true if it had to wait for room.
    bool push(RecordBatch batch)
    {
        std::unique_lock lock(m_mutex);
        const bool waited = m_batches.size() >= m_capacity && !m_closed;
        m_notFull.wait(lock, [&] { return m_batches.size() < m_capacity || m_closed; });
        m_batches.push_back(std::move(batch));
        m_notEmpty.notify_one();
        return waited;
    }
    /// The next batch, or nothing once closed and drained.
    std::optional<RecordBatch> pop()
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [&] { return !m_batches.empty() || m_closed; });
        if (m_batches.empty())
            return std::nullopt;
        RecordBatch batch = std::move(m_batches.front());
        m_batches.pop_front();
        m_notFull.notify_one();
        return batch;
    }
    /// Batches waiting (for the writer to group several into one transaction).
    std::size_t pending()
    {
        std::lock_guard lock(m_mutex);
        return m_batches.size();
    }
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_notEmpty.notify_all();
        m_notFull.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_notEmpty, m_notFull;
    std::deque<RecordBatch> m_batches;
    std::size_t m_capacity;
    bool m_closed = false;
};

} // namespace eventloom
