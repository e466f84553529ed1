#include "storedrows.h"

#include <algorithm>
#include <vector>

namespace eventloom {

namespace {
using Kind = StoredRows::Kind;

struct Column {
    const char* sql; ///< as written in a query
    const char* name; ///< as an export calls it
    Kind kind;
};

// What the recorder and the importer write (runwriter.cpp, runimporter.cpp): counts and indexes are
// NULL or non-negative; `aux` and `t` may be any integer (a saga's whole-saga marker is -1, an
// imported event may come before the epoch).
constexpr Column kRecordColumns[] = {
    { "t", "t", Kind::Integer },
    { "kind", "kind", Kind::NonEmptyText },
    { "aux", "aux", Kind::OptionalInteger },
    { "message", "message", Kind::OptionalCount },
    { "service", "service", Kind::OptionalText },
    { "instance", "instance", Kind::OptionalCount },
    { "grp", "group", Kind::OptionalText },
    { "topic", "topic", Kind::OptionalText },
    { "partition", "partition", Kind::OptionalCount },
    { "\"offset\"", "offset", Kind::OptionalCount },
    { "attempt", "attempt", Kind::OptionalCount },
    { "outcome", "outcome", Kind::OptionalText },
    { "phase", "phase", Kind::OptionalText },
    { "detail", "detail", Kind::OptionalText },
    { "subject", "subject", Kind::OptionalText },
    { "saga", "saga", Kind::OptionalCount },
};
constexpr Column kMessageColumns[] = {
    { "command", "command", Kind::Flag },
    { "id", "id", Kind::NonEmptyText },
    { "source", "source", Kind::NonEmptyText },
    { "type", "type", Kind::NonEmptyText },
    { "version", "version", Kind::Integer },
    { "t", "t", Kind::Integer },
    { "topic", "topic", Kind::OptionalText },
    { "partition", "partition", Kind::OptionalCount },
    { "\"offset\"", "offset", Kind::OptionalCount },
    { "key", "key", Kind::OptionalText },
    { "tenant", "tenant", Kind::OptionalText },
    { "correlation", "correlationId", Kind::OptionalText },
    { "causation", "causationId", Kind::OptionalText },
    { "producer", "producer", Kind::OptionalText },
    { "target", "target", Kind::OptionalText },
    { "data", "payload", Kind::Text },
};

/// Reads a table's key and the columns that are checked (the texts are checked as they are written:
/// UTF-8, no NUL, the payload parsed), and names the first wrong value of the first wrong row.
class Scan {
public:
    template <std::size_t N>
    Scan(const char* key, const Column (&columns)[N])
        : m_sql(std::string("SELECT ") + key)
    {
        for (const Column& c : columns) {
            if (c.kind == Kind::Text || c.kind == Kind::OptionalText)
                continue;
            m_checked.push_back(&c);
            m_sql += std::string(", ") + c.sql;
        }
    }
    /// The column of `name` in the rows `run` visits.
    int column(std::string_view name) const
    {
        for (std::size_t i = 0; i < m_checked.size(); ++i)
            if (m_checked[i]->name == name)
                return static_cast<int>(i) + 1;
        return -1;
    }
    /// Steps `SELECT … <from>` and calls `row` (which returns a row's problem, or empty) for each row;
    /// the first problem, "<column> is not …" or row's, or empty.
    template <typename Row>
    std::string run(SqliteDb& db, const std::string& from, const std::string& correlation, const Row& row) const
    {
        SqliteStatement s = db.prepare(m_sql + from);
        if (!s.valid())
            return "cannot be checked: " + db.error();
        if (!correlation.empty())
            s.bindText(1, correlation);
        while (s.step()) {
            for (std::size_t i = 0; i < m_checked.size(); ++i)
                if (const char* why = StoredRows::wrong(s, static_cast<int>(i) + 1, m_checked[i]->kind))
                    return row(s, std::string(m_checked[i]->name) + ' ' + why);
            if (std::string why = row(s, {}); !why.empty())
                return why;
        }
        return s.error().empty() ? std::string() : "cannot be checked: " + s.error();
    }

private:
    std::string m_sql;
    std::vector<const Column*> m_checked;
};

/// Every message's seq, in order: whether a record's message is in the file.
std::vector<std::int64_t> messageSeqs(SqliteDb& db, std::string& error)
{
    std::vector<std::int64_t> seqs;
    SqliteStatement s = db.prepare("SELECT seq FROM messages ORDER BY seq");
    while (s.valid() && s.step())
        seqs.push_back(s.integer(0));
    if (!s.valid() || !s.error().empty())
        error = "cannot be checked: " + (s.valid() ? s.error() : db.error());
    return seqs;
}
}

// Types are read with the C API rather than
/// with `typeof()` in SQL: a function call per column and row cost as much as the export itself.
const char* StoredRows::wrong(const SqliteStatement& s, int c, Kind kind)
{
    const bool integer = s.isInteger(c);
    switch (kind) {
    case Kind::Text:
    case Kind::OptionalText:
        return nullptr; // checked as they are written (UTF-8, no NUL, the payload parsed)
    case Kind::NonEmptyText:
        return s.isText(c) && !s.text(c).empty() ? nullptr : "is not a non-empty text";
    case Kind::Integer:
        return integer ? nullptr : "is not an integer";
    case Kind::OptionalInteger:
        return integer || s.isNull(c) ? nullptr : "is not an integer";
    case Kind::OptionalCount:
        return (integer && s.integer(c) >= 0) || s.isNull(c) ? nullptr : "is not a non-negative integer";
    case Kind::Flag:
        return integer && (s.integer(c) == 0 || s.integer(c) == 1) ? nullptr : "is not 0 or 1";
    }
    return nullptr;
}

std::string StoredRows::firstProblem(SqliteDb& db, bool records, const std::string& correlation)
{
    const Scan messages("seq", kMessageColumns);
    const std::string filter = correlation.empty() ? std::string() : " AND correlation = ?1";
    std::string problem = messages.run(db, " FROM messages m WHERE 1" + filter + " ORDER BY seq", correlation,
        [](const SqliteStatement& s, const std::string& why) {
            return why.empty() ? why : "message " + std::to_string(s.integer(0)) + ": " + why;
        });
    if (!problem.empty() || !records)
        return problem;
    const std::vector<std::int64_t> seqs = messageSeqs(db, problem);
    if (!problem.empty())
        return problem;
    const Scan rows("id", kRecordColumns);
    const int kind = rows.column("kind"), message = rows.column("message");
    const std::string recordFilter = correlation.empty()
        ? std::string()
        : " AND (r.message IN (SELECT seq FROM messages WHERE correlation = ?1) OR r.subject = ?1)";
    return rows.run(db, " FROM records r WHERE 1" + recordFilter + " ORDER BY id", correlation,
        [&](const SqliteStatement& s, std::string why) {
            if (why.empty()) {
                // A record naming a message that is not there, or a message's own record without it, would
                // be exported without its envelope: JSON Lines that import then refuses.
                if (s.isNull(message)) {
                    const std::string_view k = s.text(kind);
                    if (k == "published" || k == "command")
                        why = std::string(k) + " record without its message";
                } else if (!std::binary_search(seqs.begin(), seqs.end(), s.integer(message))) {
                    why = "names message " + std::to_string(s.integer(message)) + ", which is not in the file";
                }
                if (why.empty())
                    return why;
            }
            std::string where = "record " + std::to_string(s.integer(0));
            if (s.isInteger(message))
                where += " (message " + std::to_string(s.integer(message)) + ")";
            return where + ": " + why;
        });
}

} // namespace eventloom
