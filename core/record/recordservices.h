#pragma once

#include "sqlitedb.h"

#include <string>
#include <vector>

namespace eventloom {

/// The services a run's records and messages name (producers, consumers), each once, in byte order:
/// what a review of an imported log shows instead of a scenario. The records are read from the tables
/// (StoredTrace), not through `records`: in schema 3 that view decodes every trace block per query.
class RecordServices {
public:
    /// False with `error` (SQLite's, or a trace block's problem) if reading failed.
    static bool read(SqliteDb& db, std::vector<std::string>& names, std::string& error);
};

} // namespace eventloom
