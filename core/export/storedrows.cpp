#include "storedrows.h"

namespace eventloom {

namespace {
enum class Kind { Text, NonEmptyText, OptionalText, Integer, OptionalInteger, OptionalCount, Flag };

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

/// `CASE WHEN <column is wrong> THEN '<name> is not …' … END` over the columns of alias `a`.
template <std::size_t N>
std::string problemCase(const char* a, const Column (&columns)[N], const std::string& extra)
{
    std::string sql = "CASE";
    for (const Column& c : columns) {
        const std::string v = std::string(a) + "." + c.sql;
        std::string wrong, what;
        switch (c.kind) {
        case Kind::Text:
            continue; // the payload: parsed as it is written
        case Kind::NonEmptyText:
            wrong = "typeof(" + v + ") <> 'text' OR " + v + " = ''";
            what = "is not a non-empty text";
            break;
        case Kind::OptionalText:
            // Checked as it is written (UTF-8, no NUL): a number stored here reads as its digits, and
            // testing every text column here would cost as much as the export itself.
            continue;
        case Kind::Integer:
            wrong = "typeof(" + v + ") <> 'integer'";
            what = "is not an integer";
            break;
        case Kind::OptionalInteger:
            wrong = "typeof(" + v + ") NOT IN ('integer', 'null')";
            what = "is not an integer";
            break;
        case Kind::OptionalCount:
            wrong = "typeof(" + v + ") NOT IN ('integer', 'null') OR " + v + " < 0";
            what = "is not a non-negative integer";
            break;
        case Kind::Flag:
            wrong = "typeof(" + v + ") <> 'integer' OR " + v + " NOT IN (0, 1)";
            what = "is not 0 or 1";
            break;
        }
        sql += " WHEN " + wrong + " THEN '" + c.name + " " + what + "'";
    }
    return sql + extra + " END";
}

std::string first(SqliteDb& db, const std::string& sql, const std::string& correlation, bool record)
{
    SqliteStatement s = db.prepare(sql);
    if (!s.valid())
        return "cannot be checked: " + db.error();
    if (!correlation.empty())
        s.bindText(1, correlation);
    if (!s.step())
        return s.error().empty() ? std::string() : "cannot be checked: " + s.error();
    std::string where = (record ? "record " : "message ") + std::to_string(s.integer(0));
    if (record && !s.isNull(1) && !s.text(1).empty())
        where += " (message " + std::string(s.text(1)) + ")";
    return where + ": " + std::string(s.text(2));
}
}

std::string StoredRows::firstProblem(SqliteDb& db, bool records, const std::string& correlation)
{
    const std::string filter = correlation.empty() ? std::string() : " AND correlation = ?1";
    std::string problem = first(db,
        "SELECT seq, NULL, problem FROM (SELECT m.seq, " + problemCase("m", kMessageColumns, {})
            + " AS problem FROM messages m WHERE 1" + filter + ") WHERE problem IS NOT NULL ORDER BY seq LIMIT 1",
        correlation, false);
    if (!problem.empty() || !records)
        return problem;
    // A record naming a message that is not there, or a message's own record without it, would be
    // exported without its envelope: JSON Lines that import then refuses.
    const std::string dangling
        = " WHEN r.message IS NULL AND r.kind IN ('published', 'command') THEN r.kind || ' record without its message'"
          " WHEN r.message IS NOT NULL AND NOT EXISTS (SELECT 1 FROM messages WHERE seq = r.message)"
          " THEN 'names message ' || r.message || ', which is not in the file'";
    const std::string recordFilter = correlation.empty()
        ? std::string()
        : " AND (r.message IN (SELECT seq FROM messages WHERE correlation = ?1) OR r.subject = ?1)";
    return first(db,
        "SELECT id, CASE WHEN typeof(message) = 'integer' THEN message END, problem FROM (SELECT r.id, r.message, "
            + problemCase("r", kRecordColumns, dangling) + " AS problem FROM records r WHERE 1" + recordFilter
            + ") WHERE problem IS NOT NULL ORDER BY id LIMIT 1",
        correlation, true);
}

} // namespace eventloom
