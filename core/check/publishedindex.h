#pragma once

#include "../trace/tracerecord.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace eventloom {

/// One topic partition's `published` records as the delivery checker needs them back: by offset, the
/// message, the time and the record's position in the trace, in 12 bytes (instead of the record's 64 and a
/// node per group). Any of them can be a finding's example later — a group reset to the log start, or
/// attached from it, reads the partition's history again, and what it has not handled yet is unfinished —
/// so it keeps one entry per offset, as the bus's own log does (4 bytes per offset).
///
/// Offsets are dense, as the bus appends them: a record whose offset is not the next one is not indexed.
/// A record with more than the bus writes into a `published` record (a hand-written trace) is kept whole.
class PublishedIndex {
public:
    /// Indexes `r` (a `published` record) at trace position `position`; false if its offset is not the next.
    bool append(const TraceRecord& r, std::uint64_t position);
    /// One past the last offset indexed: the partition's end.
    std::int64_t end() const { return static_cast<std::int64_t>(m_messages.size()); }
    std::uint32_t message(std::int64_t offset) const { return m_messages[static_cast<std::size_t>(offset)]; }
    std::uint64_t position(std::int64_t offset) const;
    /// The `published` record at `offset`, as it was in the trace.
    TraceRecord record(std::int64_t offset) const;
    std::size_t bytes() const;

private:
    /// Offsets from `first` on store their position and time relative to these (until the next chunk).
    struct Chunk {
        std::int64_t first = 0;
        std::uint64_t position = 0;
        SimTime t = 0;
    };
    const Chunk& chunkOf(std::int64_t offset) const;

    std::vector<Chunk> m_chunks;
    std::vector<std::uint32_t> m_messages;
    std::vector<std::uint32_t> m_positions; ///< minus the chunk's position
    std::vector<std::uint32_t> m_times; ///< minus the chunk's time
    std::map<std::int64_t, TraceRecord> m_unusual; ///< records with fields the bus leaves empty
    std::uint16_t m_topic = kNoIndex;
    std::int32_t m_partition = -1;
};

} // namespace eventloom
