#pragma once

// A fixture generator for run files of schema 1 (EventLoom before issue 22): the old layout's SQL (its
// migration, which never changes once released), filled from a current run file through the views that
// give schema 1's tables back. A plain sqlite3 connection does it, as an older tool or a sqlite3 user would.

#include "record/runfileschema.h"

#include <QString>
#include <sqlite3.h>
#include <string>

namespace eventloom::test {

/// Writes `to` (which must not exist) as a schema 1 run file holding what the run file `from` holds,
/// plus `extraSql` (e.g. a foreign object). Returns the SQLite error, or empty.
inline std::string writeSchemaOneCopy(const QString& from, const QString& to, const std::string& extraSql = {})
{
    sqlite3* db = nullptr;
    std::string error;
    if (sqlite3_open_v2(to.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK) {
        error = db ? sqlite3_errmsg(db) : "cannot open";
        sqlite3_close(db);
        return error;
    }
    const std::string fromPath = from.toStdString();
    char* quoted = sqlite3_mprintf("%Q", fromPath.c_str());
    const std::string sql = std::string("PRAGMA application_id=1162629710; ATTACH ") + quoted + " AS src; BEGIN;"
        + RunFileSchema::creationSql(1) + R"sql(
        INSERT INTO run SELECT * FROM src.run;
        INSERT INTO injections SELECT * FROM src.injections;
        INSERT INTO checks SELECT * FROM src.checks;
        INSERT INTO messages SELECT * FROM src.messages ORDER BY seq;
        INSERT INTO records SELECT * FROM src.records ORDER BY id;
        )sql"
        + extraSql + "PRAGMA user_version=1; COMMIT; DETACH src;";
    sqlite3_free(quoted);
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
        error = message ? message : "failed";
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
}

} // namespace eventloom::test
