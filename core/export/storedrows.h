#pragma once

#include "../record/sqlitedb.h"

#include <string>

namespace eventloom {

/// Checks the stored rows of a run file before an export reads them: SQLite keeps whatever type a
/// value was given, so an edited file can hold text where a time belongs, or a blob for a name. The
/// reader would turn those into 0 or raw bytes without a word; here they are found and named.
class StoredRows {
public:
    /// The first row (in `records` when `records` is set, and in `messages`) of correlation id
    /// `correlation` (all when empty) whose values have the wrong type or range, as "record 12
    /// (message 5): t is not an integer" or "message 5: id is not a non-empty text"; empty if none.
    static std::string firstProblem(SqliteDb& db, bool records, const std::string& correlation);

    /// What a stored column must hold.
    enum class Kind { Text, NonEmptyText, OptionalText, Integer, OptionalInteger, OptionalCount, Flag };
    /// Why column `c` of the row `s` is on is wrong for `kind` ("is not an integer"), or nullptr.
    static const char* wrong(const SqliteStatement& s, int c, Kind kind);
};

} // namespace eventloom
