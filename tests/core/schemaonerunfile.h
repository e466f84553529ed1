#pragma once

// A fixture generator for run files of schema 1 (EventLoom before issue 22) and 2 (before trace blocks): the
// old layout's SQL (its migrations, which never change once released), filled from a current run file through
// the views that give schema 1's tables back, or its blocks decoded with sqlite3's JSON functions. A plain sqlite3
// connection does it, as an older tool or a sqlite3 user would.

#include "record/runfileschema.h"

#include <QString>
#include <initializer_list>
#include <sqlite3.h>
#include <string>

namespace eventloom::test {

/// Runs `sql` on a plain sqlite3 connection to `path` (`create`: a new file) with `{FROM}` replaced by the
/// quoted path of `from`. Returns the SQLite error, or empty.
inline std::string execPlain(const QString& path, bool create, std::string sql, const QString& from = {})
{
    if (const auto at = sql.find("{FROM}"); at != std::string::npos) {
        char* quoted = sqlite3_mprintf("%Q", from.toStdString().c_str());
        sql.replace(at, 6, quoted);
        sqlite3_free(quoted);
    }
    sqlite3* db = nullptr;
    std::string error;
    char* message = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr) != SQLITE_OK)
        error = db ? sqlite3_errmsg(db) : "cannot open";
    else if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
        error = message ? message : "failed";
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
}

/// SQL that copies each of `tables` from the attached `src` as it is.
inline std::string copiedTables(std::initializer_list<const char*> tables)
{
    std::string sql;
    for (const char* t : tables)
        sql += std::string("INSERT INTO ") + t + " SELECT * FROM src." + t + ";\n";
    return sql;
}

/// Writes `to` (which must not exist) as a schema 1 run file holding what the run file `from` holds,
/// plus `extraSql` (e.g. a foreign object). Returns the SQLite error, or empty.
inline std::string writeSchemaOneCopy(const QString& from, const QString& to, const std::string& extraSql = {})
{
    return execPlain(to, true,
        "PRAGMA application_id=1162629710; ATTACH {FROM} AS src; BEGIN;" + RunFileSchema::creationSql(1) + R"sql(
        INSERT INTO run SELECT * FROM src.run;
        INSERT INTO injections SELECT * FROM src.injections;
        INSERT INTO checks SELECT * FROM src.checks;
        INSERT INTO messages SELECT * FROM src.messages ORDER BY seq;
        INSERT INTO records SELECT * FROM src.records ORDER BY id;
        )sql"
            + extraSql + "PRAGMA user_version=1; COMMIT; DETACH src;",
        from);
}

/// SQL that adds the records of the trace blocks of `schema` ("src." or "") to `trace` and `trace_more` as
/// schema 2's rows, decoded with sqlite3's JSON functions as the `records` view decodes them.
inline std::string blockRowsSql(const std::string& schema)
{
    std::string sql = R"sql(
        INSERT INTO trace SELECT b.first + j.key,
            b.t0 + sum(j.value ->> 0) OVER (PARTITION BY b.first ORDER BY j.key), j.value ->> 1,
            CASE WHEN j.value ->> 2 > 0 THEN b.m0 + (j.value ->> 2) - 1 END, nullif(j.value ->> 3, 0),
            nullif(j.value ->> 4, 0) - 1, nullif(j.value ->> 8, 0), nullif(j.value ->> 5, 0),
            nullif(j.value ->> 6, 0) - 1, nullif(j.value ->> 7, 0) - 1, nullif(j.value ->> 9, 0),
            nullif(j.value ->> 10, 0)
            FROM SCHEMA.trace_blocks b, json_each(b.data) j;
        INSERT INTO trace_more (id, phase, aux, detail, subject, saga)
            SELECT b.first + j.key, nullif(j.value ->> 11, 0), nullif(j.value ->> 12, 0), nullif(j.value ->> 13, 0),
                nullif(j.value ->> 14, 0), nullif(j.value ->> 15, 0) - 1
            FROM SCHEMA.trace_blocks b, json_each(b.data) j WHERE json_array_length(j.value) > 11;
)sql";
    for (std::size_t at; (at = sql.find("SCHEMA.")) != std::string::npos;)
        sql.replace(at, 7, schema);
    return sql;
}

/// SQL that adds the messages of the message blocks of `schema` ("src." or "") to `events` as schema 2's rows,
/// decoded with sqlite3's JSON functions as the `messages` view decodes them: their key, tenant and correlation
/// interned in `names`, each payload a `payloads` row of its own (ids from 1,000,000,000 + seq).
inline std::string messageRowsSql(const std::string& schema)
{
    std::string sql = R"sql(
        CREATE TEMP TABLE unblocked AS SELECT b.first + j.key AS seq, j.value AS v,
            b.t0 + sum(j.value ->> 0) OVER (PARTITION BY b.first ORDER BY j.key) AS t,
            CASE WHEN json_type(j.value, '$[15]') = 'integer' THEN b.data -> (j.key - (j.value ->> 15)) -> 15
                ELSE j.value -> 15 END AS data
            FROM SCHEMA.message_blocks b, json_each(b.data) j;
        INSERT OR IGNORE INTO names (text) SELECT x FROM (SELECT v ->> 9 AS x FROM temp.unblocked
            UNION ALL SELECT v ->> 10 FROM temp.unblocked UNION ALL SELECT v ->> 11 FROM temp.unblocked)
            WHERE typeof(x) = 'text';
        INSERT INTO payloads (id, data) SELECT 1000000000 + seq, data FROM temp.unblocked ORDER BY seq;
        INSERT INTO events (seq, command, id, source, type, version, t, topic, partition, "offset", key, tenant,
            correlation, cause, causation, producer, target, payload)
            SELECT seq, v ->> 1, v ->> 2, v ->> 3, v ->> 4, v ->> 5, t, nullif(v ->> 6, 0), nullif(v ->> 7, 0) - 1,
                nullif(v ->> 8, 0) - 1, (SELECT id FROM names WHERE text = v ->> 9),
                (SELECT id FROM names WHERE text = v ->> 10), (SELECT id FROM names WHERE text = v ->> 11),
                CASE WHEN v ->> 12 > 0 THEN seq - (v ->> 12) END, NULL, nullif(v ->> 13, 0), nullif(v ->> 14, 0),
                1000000000 + seq
            FROM temp.unblocked ORDER BY seq;
        DROP TABLE temp.unblocked;
)sql";
    for (std::size_t at; (at = sql.find("SCHEMA.")) != std::string::npos;)
        sql.replace(at, 7, schema);
    return sql;
}

/// Moves the messages of run file `path`'s message blocks into `events` rows (a schema 4 file as an import
/// would leave it): so a test can edit them as schema 2's rows. Returns the SQLite error, or empty.
inline std::string unblockMessages(const QString& path)
{
    return execPlain(path, false, "BEGIN;" + messageRowsSql("") + "DELETE FROM message_blocks; COMMIT;");
}

/// Moves the records of run file `path`'s trace blocks into `trace` rows (a schema 3 file as an import
/// would leave it): so a test can edit them as schema 2's rows. Returns the SQLite error, or empty.
inline std::string unblockTrace(const QString& path)
{
    return execPlain(path, false, "BEGIN;" + blockRowsSql("") + "DELETE FROM trace_blocks; COMMIT;");
}

/// Writes `to` (which must not exist) as a schema 2 run file (EventLoom before trace blocks) holding what the
/// schema 3 run file `from` holds: its names, payloads and messages as they are, each trace block's records
/// as `trace` and `trace_more` rows, decoded with sqlite3's JSON functions. Returns the SQLite error, or empty.
inline std::string writeSchemaTwoCopy(const QString& from, const QString& to)
{
    return execPlain(to, true,
        "PRAGMA application_id=1162629710; ATTACH {FROM} AS src; BEGIN;" + RunFileSchema::creationSql(2)
            + copiedTables({ "run", "injections", "checks", "names", "payloads", "events", "trace", "trace_more" })
            + blockRowsSql("src.") + messageRowsSql("src.") + "PRAGMA user_version=2; COMMIT; DETACH src;",
        from);
}

/// Writes `to` (which must not exist) as a schema 3 run file (EventLoom before message blocks) holding what the
/// schema 4 run file `from` holds: its trace blocks as they are, each message block's messages as `events` rows.
/// Returns the SQLite error, or empty.
inline std::string writeSchemaThreeCopy(const QString& from, const QString& to)
{
    return execPlain(to, true,
        "PRAGMA application_id=1162629710; ATTACH {FROM} AS src; BEGIN;" + RunFileSchema::creationSql(3)
            + copiedTables(
                { "run", "injections", "checks", "names", "payloads", "events", "trace", "trace_more", "trace_blocks" })
            + messageRowsSql("src.") + "PRAGMA user_version=3; COMMIT; DETACH src;",
        from);
}

} // namespace eventloom::test
