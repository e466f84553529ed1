#include "storedtrace.h"

#include <algorithm>

namespace eventloom {

bool StoredTrace::start(SqliteDb& db, bool blocks, std::string& error)
{
    m_trace = db.prepare(R"(SELECT id, t, kind, message, service, instance, grp, topic, partition, "offset",
        attempt, outcome FROM trace ORDER BY id)");
    m_more = db.prepare("SELECT id, phase, aux, detail, subject, saga FROM trace_more ORDER BY id");
    if (blocks)
        m_blocks = db.prepare("SELECT first, n, t0, m0, data FROM trace_blocks ORDER BY first");
    if (!m_trace.valid() || !m_more.valid() || (blocks && !m_blocks.valid())) {
        error = db.error();
        return false;
    }
    m_haveMore = m_more.step();
    m_blocksLeft = blocks;
    return stepTrace() && (m_error.empty() || (error = m_error).empty());
}

bool StoredTrace::stepTrace()
{
    m_haveTrace = m_trace.step();
    if (!m_haveTrace) {
        if (!m_trace.error().empty())
            m_error = m_trace.error();
        return m_error.empty();
    }
    // Each column's type and value read once: the C API's calls were a third of an export's scan.
    const auto read = [](const SqliteStatement& s, StoredRecord& r, int first, int count, int column) {
        for (int c = 0; c < count; ++c) {
            StoredRecord::Value& v = r.columns[static_cast<std::size_t>(first + c)];
            v.integer = s.isInteger(column + c);
            v.null = !v.integer && s.isNull(column + c);
            v.value = v.integer ? s.integer(column + c) : 0;
        }
    };
    StoredRecord& r = m_traceRow;
    read(m_trace, r, StoredRecord::Id, StoredRecord::Outcome + 1, 0);
    const std::int64_t id = r[StoredRecord::Id].value;
    while (m_haveMore && m_more.integer(0) < id)
        m_haveMore = m_more.step();
    if (m_haveMore && m_more.integer(0) == id)
        read(m_more, r, StoredRecord::Phase, StoredRecord::Saga - StoredRecord::Phase + 1, 1);
    else
        std::fill(r.columns.begin() + StoredRecord::Phase, r.columns.end(), StoredRecord::Value {});
    if (!m_more.error().empty())
        m_error = m_more.error();
    return m_error.empty();
}

bool StoredTrace::loadBlock()
{
    m_block.clear();
    m_next = 0;
    if (!m_blocksLeft)
        return true;
    SqliteStatement& s = m_blocks;
    if (!s.step()) {
        m_blocksLeft = false;
        m_error = s.error();
        return m_error.empty();
    }
    const std::string where = "trace block at record " + std::string(s.isInteger(0) ? s.text(0) : "?") + ": ";
    const char* column[] = { "first", "n", "t0", "m0" };
    for (int c = 0; c < 4; ++c)
        if (!s.isInteger(c)) {
            m_error = where + column[c] + " is not an integer";
            return false;
        }
    if (!s.isText(4)) {
        m_error = where + "data is not text";
        return false;
    }
    const std::int64_t first = s.integer(0);
    if (first <= m_blockLast) {
        m_error = where + "overlaps the block before it (records up to " + std::to_string(m_blockLast) + ")";
        return false;
    }
    std::string why;
    if (!TraceBlock::parse(s.text(4), first, s.integer(1), s.integer(2), s.integer(3), m_block, why)) {
        m_error = where + why;
        return false;
    }
    m_blockLast = first + s.integer(1) - 1;
    return true;
}

const StoredRecord* StoredTrace::next()
{
    if (!m_error.empty() || (m_next == m_block.size() && !loadBlock()))
        return nullptr;
    const StoredRecord* block = m_next < m_block.size() ? &m_block[m_next] : nullptr;
    if (m_haveTrace && (!block || m_traceRow[StoredRecord::Id].value < block->columns[StoredRecord::Id].value)) {
        m_current = m_traceRow;
        return stepTrace() ? &m_current : nullptr;
    }
    if (!block)
        return nullptr;
    if (m_haveTrace && m_traceRow[StoredRecord::Id].value == block->columns[StoredRecord::Id].value) {
        m_error = "record " + std::to_string(m_traceRow[StoredRecord::Id].value)
            + " is stored twice: in a trace block and in the trace table";
        return nullptr;
    }
    ++m_next;
    return block;
}

std::int64_t StoredTrace::count(SqliteDb& db, bool blocks)
{
    return db.queryInt(blocks ? "SELECT (SELECT count(*) FROM trace) + (SELECT coalesce(sum(n), 0) FROM trace_blocks)"
                              : "SELECT count(*) FROM trace",
        -1);
}

} // namespace eventloom
