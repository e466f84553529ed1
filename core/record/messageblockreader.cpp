#include "messageblockreader.h"

#include <algorithm>

namespace eventloom {

bool MessageBlockReader::start(SqliteDb& db, std::string& error)
{
    m_index.clear();
    m_count = 0;
    SqliteStatement s = db.prepare("SELECT first, n FROM message_blocks ORDER BY first");
    m_read = db.prepare("SELECT t0, data FROM message_blocks WHERE first = ?1");
    if (!s.valid() || !m_read.valid()) {
        error = db.error();
        return false;
    }
    while (s.step()) {
        const std::string where = "message block at seq " + std::string(s.isInteger(0) ? s.text(0) : "?") + ": ";
        if (!s.isInteger(0) || !s.isInteger(1)) {
            error = where + (s.isInteger(0) ? "n" : "first") + " is not an integer";
            return false;
        }
        const std::int64_t first = s.integer(0), n = s.integer(1);
        if (n < 1 || n > MessageBlock::kMaxMessages || first < 0 || first > INT64_MAX - n) {
            error = where + "holds " + std::to_string(n) + " messages from seq " + std::to_string(first)
                + ", out of range";
            return false;
        }
        if (!m_index.empty() && first < m_index.back().first + m_index.back().second) {
            error = where + "overlaps the block before it (messages up to "
                + std::to_string(m_index.back().first + m_index.back().second - 1) + ")";
            return false;
        }
        m_index.emplace_back(first, n);
        m_count += n;
    }
    error = s.error();
    return error.empty();
}

std::size_t MessageBlockReader::blockOf(std::int64_t seq) const
{
    const auto it = std::upper_bound(m_index.begin(), m_index.end(), seq,
        [](std::int64_t s, const std::pair<std::int64_t, std::int64_t>& b) { return s < b.first; });
    if (it == m_index.begin())
        return m_index.size();
    const auto& [first, n] = *(it - 1);
    return seq - first < n ? static_cast<std::size_t>(it - 1 - m_index.begin()) : m_index.size();
}

bool MessageBlockReader::covers(std::int64_t seq) const
{
    return blockOf(seq) < m_index.size();
}

bool MessageBlockReader::load(std::size_t i, Parsed& into)
{
    const auto [first, n] = m_index[i];
    const std::string where = "message block at seq " + std::to_string(first) + ": ";
    into.first = -1;
    m_read.reset();
    m_read.bind(1, first);
    if (!m_read.step()) {
        m_error = where + (m_read.error().empty() ? "gone while reading" : m_read.error());
        return false;
    }
    if (!m_read.isInteger(0) || !m_read.isText(1)) {
        m_error = where + (m_read.isInteger(0) ? "data is not text" : "t0 is not an integer");
        return false;
    }
    const std::int64_t t0 = m_read.integer(0);
    into.data.assign(m_read.text(1));
    m_read.reset();
    std::string why;
    if (!into.parser.parse(into.data, first, n, t0, into.messages, why)) {
        m_error = where + why;
        return false;
    }
    into.first = first;
    return true;
}

const StoredMessage* MessageBlockReader::find(std::int64_t seq)
{
    const std::size_t i = blockOf(seq);
    if (i == m_index.size() || !m_error.empty())
        return nullptr;
    const std::int64_t first = m_index[i].first;
    for (std::size_t slot = 0; slot < m_cache.size(); ++slot)
        if (m_cache[slot].first == first) {
            m_older = 1 - slot;
            return &m_cache[slot].messages[static_cast<std::size_t>(seq - first)];
        }
    Parsed& into = m_cache[m_older];
    if (!load(i, into))
        return nullptr;
    m_older = 1 - m_older;
    return &into.messages[static_cast<std::size_t>(seq - first)];
}

bool MessageBlockReader::forEach(const std::function<bool(const StoredMessage&)>& visit)
{
    Parsed block;
    for (std::size_t i = 0; i < m_index.size(); ++i) {
        if (!load(i, block))
            return false;
        for (const StoredMessage& m : block.messages)
            if (!visit(m))
                return true;
    }
    return true;
}

} // namespace eventloom
