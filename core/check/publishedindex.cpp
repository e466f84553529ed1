#include "publishedindex.h"

#include <algorithm>
#include <limits>

namespace eventloom {

namespace {
constexpr std::uint64_t kMaxRelative = std::numeric_limits<std::uint32_t>::max();

/// The `published` record the bus writes: these fields and no others.
TraceRecord published(
    SimTime t, std::uint32_t message, std::uint16_t topic, std::int32_t partition, std::int64_t offset)
{
    TraceRecord r;
    r.t = t;
    r.kind = TraceKind::Published;
    r.message = message;
    r.topic = topic;
    r.partition = partition;
    r.offset = offset;
    return r;
}

bool usual(const TraceRecord& r)
{
    const TraceRecord bus = published(r.t, r.message, r.topic, r.partition, r.offset);
    return r.outcome == bus.outcome && r.phase == bus.phase && r.attempt == bus.attempt && r.service == bus.service
        && r.instance == bus.instance && r.group == bus.group && r.aux == bus.aux && r.detail == bus.detail
        && r.subject == bus.subject && r.saga == bus.saga;
}
}

bool PublishedIndex::append(const TraceRecord& r, std::uint64_t position)
{
    if (r.offset != end() || (end() > 0 && (r.topic != m_topic || r.partition != m_partition)))
        return false;
    m_topic = r.topic;
    m_partition = r.partition;
    // A new chunk when the position or time no longer fits 32 bits past the chunk's (or time went back).
    if (m_chunks.empty() || position - m_chunks.back().position > kMaxRelative || r.t < m_chunks.back().t
        || static_cast<std::uint64_t>(r.t - m_chunks.back().t) > kMaxRelative)
        m_chunks.push_back({ r.offset, position, r.t });
    const Chunk& chunk = m_chunks.back();
    m_messages.push_back(r.message);
    m_positions.push_back(static_cast<std::uint32_t>(position - chunk.position));
    m_times.push_back(static_cast<std::uint32_t>(r.t - chunk.t));
    if (!usual(r)) [[unlikely]]
        m_unusual.emplace(r.offset, r);
    return true;
}

const PublishedIndex::Chunk& PublishedIndex::chunkOf(std::int64_t offset) const
{
    if (offset >= m_chunks.back().first)
        return m_chunks.back();
    return *(std::partition_point(m_chunks.begin(), m_chunks.end(), [offset](const Chunk& c) {
        return c.first <= offset;
    }) - 1);
}

std::uint64_t PublishedIndex::position(std::int64_t offset) const
{
    return chunkOf(offset).position + m_positions[static_cast<std::size_t>(offset)];
}

TraceRecord PublishedIndex::record(std::int64_t offset) const
{
    if (!m_unusual.empty()) [[unlikely]]
        if (const auto it = m_unusual.find(offset); it != m_unusual.end())
            return it->second;
    const SimTime t = chunkOf(offset).t + m_times[static_cast<std::size_t>(offset)];
    return published(t, message(offset), m_topic, m_partition, offset);
}

std::size_t PublishedIndex::bytes() const
{
    return m_chunks.capacity() * sizeof(Chunk)
        + (m_messages.capacity() + m_positions.capacity() + m_times.capacity()) * sizeof(std::uint32_t)
        + m_unusual.size() * (sizeof(TraceRecord) + 48);
}

} // namespace eventloom
