#pragma once

#include "../scenario/diagnostic.h"
#include "messageblockreader.h"
#include "runinfo.h"
#include "sqlitedb.h"
#include "storedtrace.h"

#include <QJsonObject>
#include <QString>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace eventloom {

/// A message as stored: text fields are views into the current row (valid during the callback).
/// Absent fields are empty views or -1.
struct MessageView {
    std::int64_t seq = -1;
    bool command = false;
    std::string_view id, source, type;
    std::int64_t version = 1;
    SimTime t = 0;
    std::string_view topic;
    std::int64_t partition = -1, offset = -1;
    std::string_view key, tenant, correlation, causation, producer, target;
    std::string_view data; ///< the payload as JSON text
    std::int64_t causeSeq = -1; ///< the seq of its cause when the file stores it by seq (schema 2 and later)
};

/// A trace record as stored, with its message (if it has one) joined in.
struct RecordView {
    std::int64_t id = 0;
    SimTime t = 0;
    std::string_view kind;
    std::string_view service;
    std::int64_t instance = -1;
    std::string_view group, topic;
    std::int64_t partition = -1, offset = -1, attempt = 0;
    std::string_view outcome, phase;
    std::int64_t aux = 0;
    std::string_view detail, subject;
    std::int64_t saga = -1;
    /// The message the record is about. Its `data` (and, in a schema 2 file, its `causation`) is filled
    /// for the message's own record (`published`, `command`) only; read it with RunFile::forEachMessage
    /// otherwise.
    std::optional<MessageView> message;
};

/// A recorded (or imported) run, reopened for review without re-simulating. Read-only: opening
/// never changes the file, and a file that is not a readable run file is refused with a clear error.
class RunFile {
public:
    /// Refuses a file that is not an EventLoom run file, is damaged where it is read first, or whose
    /// metadata a replay would misread (a non-numeric seed, an unknown origin).
    bool open(const QString& path, QString& error);
    const QString& path() const { return m_path; }
    /// `PRAGMA quick_check`: false with `error` when pages are damaged even where they still read as data.
    bool checkIntact(QString& error) const;
    /// How a problem of the scenario stored in run file `runPath` is reported: at the run file, since the
    /// scenario's own path names a file that may not exist here ("RUN.sqlite: stored scenario: 3:5: ...").
    static QString storedScenarioProblem(const QString& runPath, const Diagnostic& problem);

    /// "recorded" or "imported".
    QString origin() const { return text("origin"); }
    RunInfo info() const;
    /// False for a run whose recording was cut short (killed, or failed): what is there is intact.
    bool finished() const { return integer("finished", 0) != 0; }
    /// The recorded fingerprint (16 hex digits), or empty if the run did not finish.
    QString fingerprint() const { return text("fingerprint"); }
    SimTime simTime() const { return integer("simTimeUs", 0); }
    /// The run's `--json` summary as recorded, or empty.
    QJsonObject summary() const;
    std::vector<RecordedInjection> injections() const;

    std::int64_t recordCount() const;
    std::int64_t messageCount() const;

    /// Calls `visit` for every record in order (only those of correlation id `correlation` — their
    /// message's, or their saga id — when given). Stops early when `visit` returns false.
    /// False with `error` if reading failed (a damaged file).
    bool forEachRecord(
        const std::function<bool(const RecordView&)>& visit, QString& error, const QString& correlation = {}) const;
    /// Steps through the records one at a time (two runs side by side, for replay verification).
    class RecordCursor {
    public:
        /// The next record, or nullptr at the end or on error (see error()).
        const RecordView* next();
        const QString& error() const { return m_error; }

    private:
        friend class RunFile;
        /// The message of a schema 2 file's record `seq` (`own`: with its payload and its cause's id).
        void lookUpMessage(std::int64_t seq, bool own);

        const RunFile* m_file = nullptr; ///< for a schema 2 file's names
        SqliteStatement m_statement; ///< schema 1: the records joined with their messages; 2: a message
        StoredTrace m_trace; ///< schema 2 and later: the records
        MessageBlockReader m_blockMessages; ///< schema 4: the messages in blocks
        /// Schema 2 with a correlation id: the seqs of its messages (sorted) and its name id (as a subject).
        std::vector<std::int64_t> m_seqs;
        std::int64_t m_subject = 0;
        bool m_filtered = false;
        std::int64_t m_messageSeq = -1;
        bool m_messageOwn = false;
        std::string m_filter;
        RecordView m_view;
        QString m_path, m_error;
    };
    RecordCursor records(const QString& correlation = {}) const;
    /// Every message in seq order (optionally of one correlation id), events and commands.
    bool forEachMessage(const std::function<bool(const MessageView&)>& visit, QString& error,
        const QString& correlation = {}, bool eventsOnly = false) const;

    /// Message `seq` with its payload and its cause's id, passed to `visit`; false when the file has no
    /// such message (or reading it failed).
    bool message(std::int64_t seq, const std::function<void(const MessageView&)>& visit) const;
    /// The seqs of the messages sent in reaction to message `seq`, in order, at most `limit`.
    std::vector<std::int64_t> caused(std::int64_t seq, std::size_t limit) const;

    SqliteDb& db() { return m_db; }

private:
    QString text(const char* key) const;
    std::int64_t integer(const char* key, std::int64_t fallback) const;
    /// Schema 2: the text of name `id` (empty for none or an unknown id). Reading records through the
    /// `records` view would look each name up in SQL (2.6× slower to export); the names are read
    /// once instead, into one buffer.
    std::string_view name(std::int64_t id) const;
    bool loadNames(QString& error) const;
    MessageView readCompactMessage(const SqliteStatement& s, int column) const;
    /// A block's message (schema 4); `own`: with its payload and its cause's id (found through `blocks`,
    /// which may parse another block: `m` stays valid).
    MessageView blockMessage(const StoredMessage& m, MessageBlockReader& blocks, bool own) const;
    /// Schema 4: the blocks' messages merged in seq order with the rows `rows` steps through.
    bool forEachBlockMessage(const std::function<bool(const MessageView&)>& visit, SqliteStatement& rows,
        const std::string& correlation, bool eventsOnly, QString& error) const;

    QString m_path;
    mutable SqliteDb m_db;
    bool m_compact = false; ///< schema 2 or later
    bool m_blocks = false; ///< schema 3 or later: records in trace blocks too
    bool m_messageBlocks = false; ///< schema 4 or later: messages in message blocks too
    mutable bool m_namesLoaded = false;
    mutable std::string m_nameText;
    /// (id, end offset in m_nameText), by id.
    mutable std::vector<std::pair<std::int64_t, std::size_t>> m_names;
    /// message() and caused() in a schema 4 file: the blocks, and (cause seq, seq) of every message
    /// with a cause, sorted, gathered at the first caused().
    mutable MessageBlockReader m_lookup;
    mutable bool m_lookupStarted = false;
    mutable std::vector<std::pair<std::int64_t, std::int64_t>> m_children;
    mutable bool m_childrenLoaded = false;
};

} // namespace eventloom
