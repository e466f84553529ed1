#pragma once

#include "sqlitedb.h"

#include <cstdint>
#include <string>

namespace eventloom {

/// The versioned layout of a run file (docs/reliability.md): a SQLite database marked with our
/// `application_id` and a schema number in `user_version`, brought up to date by ordered migrations.
/// Every way into a run file goes through here, so a file that is not ours, is damaged or is newer
/// than this program is refused with a clear message before anything reads or writes it.
class RunFileSchema {
public:
    /// 'ELRN': tells an EventLoom run file from any other SQLite database.
    static constexpr std::int32_t kApplicationId = 0x454C524E;
    /// The schema this version writes; it reads every version up to it.
    /// 1: one row of text columns per record and per message. 2: names interned in `names`, records in
    /// `trace` and messages in `events` by integer, schema 1's tables kept as the views `records` and
    /// `messages` (docs/reliability.md, "The run file's layout"). 3: the recorder's records in
    /// `trace_blocks`, one row per batch (TraceBlock); `records` reads them and `trace`'s rows. 4: the
    /// recorder's messages in `message_blocks`, one row per batch (MessageBlock); `messages` reads them and
    /// `events`' rows.
    static constexpr int kVersion = 4;

    /// The work one query may do on a run file of `bytes` bytes (SqliteDb::setStepBudget): generous for
    /// the queries EventLoom runs (a full pass over records and messages takes under one step a byte),
    /// finite for anything a hostile file could make them do. docs/reliability.md has the figures.
    static constexpr std::uint64_t kBaseSteps = 50'000'000;
    static constexpr std::uint64_t kStepsPerByte = 20;
    static std::uint64_t stepBudget(std::uint64_t bytes) { return kBaseSteps + kStepsPerByte * bytes; }

    /// Opens an existing run file read-only, after checking that it is one this version can read: ours
    /// (application id, schema version), every table as EventLoom creates it, nothing else in its schema.
    /// Every schema reads through the same table names: a schema 1 file as it is, a schema 2 file
    /// through TEMP views `records` and `messages` of this connection.
    /// On failure returns false with `error` naming the file and the reason; the file is not modified.
    static bool openForReading(const std::string& path, SqliteDb& db, std::string& error);
    /// Opens an existing run file to add to it (import), migrating an older schema in one transaction
    /// (a failed migration leaves the file as it was). Beyond what reading
    /// checks, the file must pass `PRAGMA quick_check`: nothing is written into a damaged file.
    static bool openForWriting(const std::string& path, SqliteDb& db, std::string& error);
    /// `PRAGMA quick_check` on an open run file: damage that still reads as data (a garbled inner page)
    /// shows here. False with `error` ("PATH: damaged run file: ...").
    static bool checkIntact(SqliteDb& db, const std::string& path, std::string& error);
    /// Creates a new, empty run file at `path`, which must not exist.
    static bool create(const std::string& path, SqliteDb& db, std::string& error);

    /// Checks the bytes of `path` without SQLite: exists, not empty, a SQLite header, not truncated.
    /// Empty string when it looks like a SQLite database.
    static std::string checkFile(const std::string& path);
    /// Whether `path` exists and is an intact run file this version can read (so replacing it loses
    /// nothing foreign); `error` says why not.
    static bool isRunFile(const std::string& path, std::string& error);

    /// Every secondary index: what a review filters by (correlation id, saga instance) and the unique
    /// identities an import matches against (message id and source, a record's import key).
    static bool createIndexes(SqliteDb& db, std::string& error);
    /// Only what a review filters by: a finished recording's. Created after the recording, because
    /// maintaining indexes during bulk inserts would halve the recorder's throughput; the import
    /// identities wait for the first import (openForWriting).
    static bool createReviewIndexes(SqliteDb& db, std::string& error);

    /// The SQL that makes an empty database a complete run file of schema `version` (1..kVersion) with
    /// all its indexes, as released: how tests make a file of an older schema.
    static std::string creationSql(int version);

private:
    /// `writable`: an older schema is fine (it will be migrated); for reading it must be complete.
    static bool checkIdentity(SqliteDb& db, const std::string& path, std::string& error, bool writable);
    /// Every object in the file's schema is one this version creates, with the same SQL; for a complete
    /// file, every table is there. No views, triggers, virtual tables or tables of other shapes.
    static bool checkSchema(
        SqliteDb& db, const std::string& path, std::string& error, std::int64_t version, bool complete);
    /// Opens and checks; `mode` ReadOnly or ReadWrite.
    static bool openExisting(const std::string& path, SqliteDb& db, std::string& error, SqliteDb::Mode mode);
    static bool migrate(SqliteDb& db, std::string& error);
};

} // namespace eventloom
