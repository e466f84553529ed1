#include "tracebuffer.h"

#include <iterator>

namespace eventloom {

void TraceBuffer::restart(std::uint64_t generation)
{
    const std::lock_guard lock(m_mutex);
    m_pending = TraceBatch();
    m_pending.generation = generation;
}

bool TraceBuffer::append(TraceBatch&& batch)
{
    const std::lock_guard lock(m_mutex);
    if (batch.generation != m_pending.generation)
        return false;
    const bool wasEmpty = m_pending.empty();
    if (m_pending.atoms.empty())
        m_pending.firstAtom = batch.firstAtom;
    // Atom strings arrive in order within a generation, so pending atoms stay one contiguous range.
    if (m_pending.atoms.empty())
        m_pending.atoms = std::move(batch.atoms);
    else
        m_pending.atoms.insert(m_pending.atoms.end(), std::make_move_iterator(batch.atoms.begin()),
            std::make_move_iterator(batch.atoms.end()));
    if (m_pending.rows.empty())
        m_pending.rows = std::move(batch.rows);
    else
        m_pending.rows.insert(m_pending.rows.end(), batch.rows.begin(), batch.rows.end());
    if (batch.hasStatus) {
        m_pending.status = batch.status;
        m_pending.hasStatus = true;
    }
    return wasEmpty;
}

std::size_t TraceBuffer::pendingRows()
{
    const std::lock_guard lock(m_mutex);
    return m_pending.rows.size();
}

TraceBatch TraceBuffer::take()
{
    const std::lock_guard lock(m_mutex);
    TraceBatch taken = std::move(m_pending);
    m_pending = TraceBatch();
    m_pending.generation = taken.generation;
    return taken;
}

} // namespace eventloom
