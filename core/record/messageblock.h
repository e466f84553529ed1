#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace eventloom {

/// One message as a message block stores it (run file schema 4). The vocabulary (source, type, topic,
/// producer, target) is named by id into `names` (0 for none); what differs from message to message
/// (id, key, tenant, correlation, payload) is the text itself. Views point into the block's text or
/// into the parser's own buffer (an escaped string), valid until the next parse.
struct StoredMessage {
    std::int64_t seq = 0;
    bool command = false;
    std::string_view id;
    std::int64_t source = 0, type = 0;
    std::int64_t version = 1;
    std::int64_t t = 0;
    std::int64_t topic = 0;
    std::int64_t partition = -1, offset = -1; ///< -1 for none
    std::string_view key, tenant, correlation; ///< empty for none
    std::int64_t cause = -1; ///< the seq of the message it was sent in reaction to, or -1
    std::int64_t producer = 0, target = 0;
    std::string_view payload; ///< a JSON object, as written
};

/// Run file schema 4's message block (docs/reliability.md, "The run file's layout"): the messages of one
/// recorder batch in one `message_blocks` row, as a JSON array with one array per message, so that plain
/// sqlite3 decodes it with json_each (the `messages` view) and EventLoom with parse() below.
///
/// Message i of the block (seq `first + i`) is `[t, command, id, source, type, version, topic, partition,
/// offset, key, tenant, correlation, cause, producer, target, payload]`: t relative to the message's
/// before (the first's to the block's `t0`); command 0 or 1; names as ids (0 for none); partition and
/// offset as value + 1 (0 for none); id a string; key, tenant and correlation strings (0 for none);
/// cause as how many seqs back it is (0 for none); payload a JSON object, or k > 0 for "the payload of
/// the message k places before, in this block" (a payload passed on is stored once).
class MessageBlock {
public:
    static constexpr int kFields = 16;
    /// The most messages one block may hold: bounds what a hostile `n` allocates.
    static constexpr std::int64_t kMaxMessages = 1 << 20;

    /// Builds a block's text message by message.
    class Encoder {
    public:
        void start(std::int64_t first, std::int64_t t0);
        /// Appends `m` (its seq the next of the block); `payloadBack` > 0 stores "the payload of the
        /// message that many places before" instead of m.payload.
        void add(const StoredMessage& m, std::int64_t payloadBack);
        bool empty() const { return m_n == 0; }
        std::int64_t first() const { return m_first; }
        std::int64_t count() const { return m_n; }
        std::int64_t t0() const { return m_t0; }
        /// The block's text (closed).
        const std::string& finish();

    private:
        std::string m_text;
        std::int64_t m_first = 0, m_n = 0, m_t0 = 0, m_last = 0;
    };

    /// Parses block `data` of `n` messages from seq `first` into `out` (replaced). False with `error`
    /// ("message 4100: offset is not a non-negative integer") for text that is not a block as the
    /// encoder writes it.
    bool parse(std::string_view data, std::int64_t first, std::int64_t n, std::int64_t t0,
        std::vector<StoredMessage>& out, std::string& error);

private:
    std::deque<std::string> m_unescaped; ///< strings that held escapes, unescaped
};

} // namespace eventloom
