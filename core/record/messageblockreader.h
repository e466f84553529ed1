#pragma once

#include "messageblock.h"
#include "sqlitedb.h"

#include <array>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace eventloom {

/// The messages of a schema 4 run file's message blocks (MessageBlock), read without the `messages` view:
/// one by seq (the block found by its first seq, the last two parsed kept) or all in seq order. A block
/// is untrusted input: one that is not as the recorder writes it, or that overlaps another, is an error
/// naming the block and the message.
class MessageBlockReader {
public:
    /// Reads where the blocks of `db` start and end. False with `error`.
    bool start(SqliteDb& db, std::string& error);
    /// The message `seq` if a block holds it, else nullptr (see error() for a damaged block). Valid until
    /// the next call.
    const StoredMessage* find(std::int64_t seq);
    /// Whether a block's seqs cover `seq`.
    bool covers(std::int64_t seq) const;
    /// Every message of every block in seq order, until `visit` returns false. False on error.
    bool forEach(const std::function<bool(const StoredMessage&)>& visit);
    /// How many messages the blocks hold.
    std::int64_t count() const { return m_count; }
    const std::string& error() const { return m_error; }

private:
    struct Parsed {
        std::int64_t first = -1;
        std::string data;
        MessageBlock parser;
        std::vector<StoredMessage> messages;
    };
    /// Parses the block at m_index[i] into `into`.
    bool load(std::size_t i, Parsed& into);
    /// The index in m_index of the block covering `seq`, or m_index.size().
    std::size_t blockOf(std::int64_t seq) const;

    SqliteStatement m_read;
    std::vector<std::pair<std::int64_t, std::int64_t>> m_index; ///< (first, n) by first
    std::int64_t m_count = 0;
    std::array<Parsed, 2> m_cache;
    std::size_t m_older = 0; ///< the cache slot to reuse next
    std::string m_error;
};

} // namespace eventloom
