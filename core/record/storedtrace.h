#pragma once

#include "sqlitedb.h"
#include "traceblock.h"

#include <string>
#include <vector>

namespace eventloom {

/// The trace records of a run file of schema 2 or later in id order, read from its tables without the
/// views (docs/reliability.md, "The run file's layout"): `trace` rows with their `trace_more` row
/// merged in, and in schema 3 the records of `trace_blocks` parsed by TraceBlock, all merged by id.
/// A block is untrusted input: one that is not as the recorder writes it, or whose records overlap
/// another block's or a `trace` row's, stops the scan with an error naming the block and the record.
class StoredTrace {
public:
    /// Prepares the scan of `db`; `blocks`: the file has `trace_blocks` (schema 3). False with `error`.
    bool start(SqliteDb& db, bool blocks, std::string& error);
    /// The next record, or nullptr at the end or on an error (then error() says which).
    const StoredRecord* next();
    /// A SQLite error or a block's problem ("trace block at record 4097: record 4100: offset is out of
    /// range"); empty while all is well.
    const std::string& error() const { return m_error; }

    /// How many records the file holds (its `trace` rows and its blocks' records), or -1 on error.
    static std::int64_t count(SqliteDb& db, bool blocks);

private:
    bool stepTrace();
    bool loadBlock();

    SqliteStatement m_trace, m_more, m_blocks;
    bool m_haveTrace = false, m_haveMore = false, m_blocksLeft = false;
    StoredRecord m_traceRow, m_current;
    std::vector<StoredRecord> m_block;
    std::size_t m_next = 0;
    std::int64_t m_blockLast = 0; ///< the last record id of the latest block
    std::string m_error;
};

} // namespace eventloom
