#pragma once

#include "../record/runfile.h"
#include "../record/storedtrace.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace eventloom {

/// A run file of schema 2 or later read for an export, without the views: `names`, `payloads`, `events` and
/// schema 4's message blocks are read once into memory (each with one sequential statement), the records by StoredTrace
/// (`trace` and `trace_more` merged in id order, and schema 3's trace blocks parsed). Reading through the `records` and
/// `messages` views looked a name up per column and row and joined per record: it cost 15–20× writing the export's
/// bytes.
///
/// The values are checked as StoredRows checks the views' rows, with the same words: a value the views
/// would show as NULL (a name id that is not an integer or not in `names`) is read as absent here too.
class CompactRun {
public:
    /// Reads the names, payloads and messages of `db` (a schema 2 run file). False with `error` if
    /// reading failed (a damaged file).
    bool load(SqliteDb& db, const QString& path, QString& error);

    /// The first message (in seq order) whose stored values have the wrong type or range, as
    /// StoredRows::firstProblem names it ("message 5: version is not an integer"); empty if none.
    const std::string& messageProblem() const { return m_messageProblem; }
    std::int64_t messageCount() const { return static_cast<std::int64_t>(m_events.size()); }
    /// The number of trace records.
    std::int64_t recordCount(SqliteDb& db) const;

    /// Every message in seq order (the events only when `eventsOnly`). Stops when `visit` returns false.
    void forEachMessage(const std::function<bool(const MessageView&)>& visit, bool eventsOnly) const;

    /// What a record visitor asks for next.
    enum class Next { Record, Stop, CheckRest };
    /// Visits every record in id order, with its message joined in (its payload and its cause's id only
    /// for a message's own record, `published` or `command`). A record whose stored values are wrong
    /// (StoredRows' words: "record 12 (message 5): t is not an integer", "… names message 9, which is not
    /// in the file") is not visited: the scan stops and names it in `problem`. `visit` returns CheckRest
    /// when it cannot write a record: the rest is then only checked, so that a wrong value further on is
    /// named instead, as when the whole file was checked before the first record was written. False with
    /// `error` if reading failed.
    bool forEachRecord(
        const std::function<Next(const RecordView&)>& visit, std::string& problem, QString& error, SqliteDb& db) const;

private:
    /// Texts by integer id in one buffer (the names, the payloads): ids are 1, 2, 3... as the recorder
    /// hands them out, but an edited file may have gaps.
    class TextTable {
    public:
        bool load(SqliteDb& db, const char* sql, std::string& error);
        /// The text of `id`, or nullptr for none.
        const std::string_view* find(std::int64_t id) const;
        /// Whether `id` is there and its text was stored as TEXT (not a blob or a number): what the
        /// views' rows would show as text.
        bool isText(std::int64_t id) const;

    private:
        /// The position of `id` in m_ids, or m_ids.size().
        std::size_t index(std::int64_t id) const;
        std::string m_text;
        std::vector<std::int64_t> m_ids;
        std::vector<std::string_view> m_views;
        std::vector<bool> m_isText;
    };

    static constexpr std::int64_t kNone = INT64_MIN; ///< a name, cause or payload that is absent
    /// A message as stored, its texts in m_eventText.
    struct Event {
        std::int64_t seq = 0, version = 0, t = 0, partition = -1, offset = -1, cause = kNone, payload = kNone;
        std::int64_t source = kNone, type = kNone, topic = kNone, key = kNone, tenant = kNone, correlation = kNone,
                     producer = kNone, target = kNone;
        std::size_t idBegin = 0, causationBegin = 0;
        std::uint32_t idSize = 0, causationSize = 0;
        /// A message block's (schema 4): key, tenant, correlation and payload are texts in m_eventText.
        struct Text {
            std::size_t begin = 0;
            std::uint32_t size = 0;
        };
        Text keyText, tenantText, correlationText, payloadText;
        bool inlined = false;
        bool command = false;
    };
    /// Appends the messages of schema 4's message blocks to m_events. False with `error`.
    bool loadBlocks(SqliteDb& db, std::string& error);
    const Event* event(std::int64_t seq) const;
    /// The message of `e`; `own`: with its payload and its cause's id.
    MessageView message(const Event& e, bool own) const;
    std::string_view name(std::int64_t id) const;

    std::string m_path;
    bool m_blocks = false; ///< schema 3: records in trace blocks too
    bool m_messageBlocks = false; ///< schema 4: messages in message blocks too
    TextTable m_names, m_payloads;
    std::vector<Event> m_events;
    std::string m_eventText; ///< the messages' ids and causation texts
    std::string m_messageProblem;
};

} // namespace eventloom
