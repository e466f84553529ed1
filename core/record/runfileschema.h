#pragma once

#include "sqlitedb.h"

#include <cstdint>
#include <string>

namespace eventloom
{

/// The versioned layout of a run file (docs/reliability.md): a SQLite database marked with our
/// `application_id` and a schema number in `user_version`, brought up to date by ordered migrations.
/// Every way into a run file goes through here, so a file that is not ours, is damaged or is newer
/// than this program is refused with a clear message before anything reads or writes it.
class RunFileSchema
{
public:
    /// 'ELRN': tells an EventLoom run file from any other SQLite database.
    static constexpr std::int32_t kApplicationId = 0x454C524E;
    /// The schema this version writes; it reads every version up to it.
    static constexpr int kVersion = 1;

    /// Opens an existing run file read-only, after checking that it is one this version can read.
    /// On failure returns false with `error` naming the file and the reason; the file is not modified.
    static bool openForReading(const std::string& path, SqliteDb& db, std::string& error);
    /// Opens an existing run file to add to it (import), migrating an older schema.
    static bool openForWriting(const std::string& path, SqliteDb& db, std::string& error);
    /// Creates a new, empty run file at `path`, which must not exist.
    static bool create(const std::string& path, SqliteDb& db, std::string& error);

    /// Checks the bytes of `path` without SQLite: exists, not empty, a SQLite header, not truncated.
    /// Empty string when it looks like a SQLite database.
    static std::string checkFile(const std::string& path);
    /// Whether `path` exists and is a run file this version can read (so replacing it loses nothing foreign).
    static bool isRunFile(const std::string& path);

    /// Secondary indexes (correlation id, type, time). Created after a recording finishes, because
    /// maintaining them during bulk inserts would halve the recorder's throughput.
    static bool createIndexes(SqliteDb& db, std::string& error);

private:
    /// `writable`: an older schema is fine (it will be migrated); for reading it must be complete.
    static bool checkIdentity(SqliteDb& db, const std::string& path, std::string& error, bool writable);
    static bool migrate(SqliteDb& db, std::string& error);
};

} // namespace eventloom
