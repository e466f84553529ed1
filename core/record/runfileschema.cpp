#include "runfileschema.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <array>
#include <functional>
#include <mutex>
#include <set>
#include <tuple>

namespace eventloom {

namespace {
/// Migration N takes a file from schema N to N+1; index 0 creates the first schema in a blank file.
/// Released migrations never change: a new schema adds a step.
const std::array<const char*, RunFileSchema::kVersion> kMigrations = {
    R"sql(
        CREATE TABLE run (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
        CREATE TABLE injections (
            ordinal INTEGER PRIMARY KEY, spec TEXT NOT NULL, at INTEGER NOT NULL, effective INTEGER);
        CREATE TABLE messages (
            seq INTEGER PRIMARY KEY, command INTEGER NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL,
            type TEXT NOT NULL, version INTEGER NOT NULL, t INTEGER NOT NULL,
            topic TEXT, partition INTEGER, "offset" INTEGER, key TEXT, tenant TEXT,
            correlation TEXT, causation TEXT, producer TEXT, target TEXT, data TEXT NOT NULL);
        CREATE TABLE records (
            id INTEGER PRIMARY KEY, t INTEGER NOT NULL, kind TEXT NOT NULL, message INTEGER,
            service TEXT, instance INTEGER, grp TEXT, topic TEXT, partition INTEGER, "offset" INTEGER,
            attempt INTEGER, outcome TEXT, phase TEXT, aux INTEGER, detail TEXT, subject TEXT, saga INTEGER,
            import_key INTEGER);
        CREATE TABLE checks (name TEXT NOT NULL, passed INTEGER NOT NULL, detail TEXT);
        )sql",
};

constexpr const char* kIndexes = R"sql(
        CREATE UNIQUE INDEX IF NOT EXISTS messages_source_id ON messages(source, id);
        CREATE INDEX IF NOT EXISTS messages_correlation ON messages(correlation);
        CREATE INDEX IF NOT EXISTS messages_type ON messages(type);
        CREATE INDEX IF NOT EXISTS messages_t ON messages(t);
        CREATE INDEX IF NOT EXISTS records_t ON records(t);
        CREATE INDEX IF NOT EXISTS records_message ON records(message);
        CREATE INDEX IF NOT EXISTS records_subject ON records(subject) WHERE subject IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS records_import_key ON records(import_key) WHERE import_key IS NOT NULL;
        )sql";

std::string quoted(const std::string& path)
{
    return path;
}

/// (type, name, table, sql) of one schema object, as sqlite_schema holds it.
using SchemaObject = std::tuple<std::string, std::string, std::string, std::string>;

std::set<SchemaObject> readSchema(SqliteDb& db, std::string& error)
{
    std::set<SchemaObject> objects;
    SqliteStatement s = db.prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema");
    if (!s.valid()) {
        error = db.error();
        return objects;
    }
    while (s.step())
        objects.emplace(std::string(s.text(0)), std::string(s.text(1)), std::string(s.text(2)), std::string(s.text(3)));
    error = s.error();
    return objects;
}

/// The schema this version creates, made once in memory by the same migrations and indexes: a file's
/// objects are compared with it text for text.
const std::set<SchemaObject>& referenceSchema()
{
    static const std::set<SchemaObject> reference = [] {
        SqliteDb db;
        std::string error;
        db.open(":memory:", SqliteDb::Mode::Create);
        for (const char* migration : kMigrations)
            db.exec(migration);
        db.exec(kIndexes);
        return readSchema(db, error);
    }();
    return reference;
}

std::string describe(const SchemaObject& object)
{
    return std::get<0>(object) + " '" + std::get<1>(object) + "'";
}
}

std::string RunFileSchema::checkFile(const std::string& path)
{
    const QString qpath = QString::fromStdString(path);
    const QFileInfo info(qpath);
    if (!info.exists())
        return quoted(path) + ": no such file";
    if (!info.isFile())
        return quoted(path) + ": not a file";
    if (info.size() == 0)
        return quoted(path) + ": empty file, not a run file";
    QFile file(qpath);
    if (!file.open(QIODevice::ReadOnly))
        return quoted(path) + ": cannot read: " + file.errorString().toStdString();
    const QByteArray header = file.read(100);
    if (header.size() < 100 || !header.startsWith(QByteArrayLiteral("SQLite format 3\0")))
        return quoted(path) + ": not a SQLite database, so not a run file";
    const auto byte = [&](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(header[i])); };
    const auto be32 = [&](int i) { return byte(i) << 24 | byte(i + 1) << 16 | byte(i + 2) << 8 | byte(i + 3); };
    std::uint32_t pageSize = byte(16) << 8 | byte(17);
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
        return quoted(path) + ": corrupt run file (bad page size in the header)";
    const auto size = static_cast<std::uint64_t>(info.size());
    if (size % pageSize != 0)
        return quoted(path) + ": truncated or corrupt run file (its size is not a whole number of pages)";
    // The header's page count is trustworthy only when "version-valid-for" matches the change counter.
    const std::uint64_t pages = be32(28);
    if (be32(92) == be32(24) && pages * pageSize > size)
        return quoted(path) + ": truncated run file (" + std::to_string(size) + " of "
            + std::to_string(pages * pageSize) + " bytes)";
    return {};
}

bool RunFileSchema::checkIdentity(SqliteDb& db, const std::string& path, std::string& error, bool writable)
{
    const std::int64_t appId = db.queryInt("PRAGMA application_id", -1);
    if (!db.error().empty()) {
        error = path + ": corrupt run file: " + db.error();
        return false;
    }
    if (appId != kApplicationId) {
        error = path + ": a SQLite database, but not an EventLoom run file";
        return false;
    }
    const std::int64_t version = db.queryInt("PRAGMA user_version", -1);
    if (version > kVersion) {
        error = path + ": made by a newer EventLoom (run file schema " + std::to_string(version)
            + "; this version reads up to " + std::to_string(kVersion) + ")";
        return false;
    }
    if (version < 1 && !writable) {
        error = path + ": not a complete EventLoom run file (schema " + std::to_string(version) + ")";
        return false;
    }
    return true;
}

bool RunFileSchema::checkSchema(SqliteDb& db, const std::string& path, std::string& error, bool complete)
{
    std::string why;
    const std::set<SchemaObject> objects = readSchema(db, why);
    if (!why.empty()) {
        error = path + ": corrupt run file: " + why;
        return false;
    }
    const std::set<SchemaObject>& reference = referenceSchema();
    for (const SchemaObject& object : objects) {
        if (reference.count(object))
            continue;
        const std::string& type = std::get<0>(object);
        const bool known = std::any_of(reference.begin(), reference.end(),
            [&](const SchemaObject& r) { return std::get<1>(r) == std::get<1>(object); });
        error = path + ": not a run file EventLoom can trust: "
            + (known ? "its " + describe(object) + " is not as EventLoom creates it"
                     : std::string("it holds ") + (type == "index" ? "an " : "a ") + type + " '" + std::get<1>(object)
                        + "' that EventLoom does not create");
        return false;
    }
    if (complete)
        for (const SchemaObject& r : reference)
            if (std::get<0>(r) == "table" && !objects.count(r)) {
                error = path + ": not a complete EventLoom run file (no table '" + std::get<1>(r) + "')";
                return false;
            }
    return true;
}

bool RunFileSchema::checkIntact(SqliteDb& db, const std::string& path, std::string& error)
{
    std::string verdict = db.queryText("PRAGMA quick_check(1)");
    if (verdict == "ok")
        return true;
    // One line: "*** in database main ***\nOn tree page 59 cell 5: Rowid 90 out of order" -> the second part.
    if (const auto header = verdict.find("***\n");
        verdict.rfind("*** in database", 0) == 0 && header != std::string::npos)
        verdict.erase(0, header + 4);
    std::replace(verdict.begin(), verdict.end(), '\n', ' ');
    error = path + ": damaged run file (" + (verdict.empty() ? db.error() : verdict) + ")";
    return false;
}

bool RunFileSchema::openExisting(const std::string& path, SqliteDb& db, std::string& error, SqliteDb::Mode mode)
{
    error = checkFile(path);
    if (!error.empty())
        return false;
    const bool writing = mode != SqliteDb::Mode::ReadOnly;
    if (!db.open(path, mode)) {
        error = path + (writing ? ": cannot open for writing: " : ": cannot open: ") + db.error();
        return false;
    }
    // The bound grows with the file: the write-ahead log of a run still being recorded counts too.
    const auto bytes = static_cast<std::uint64_t>(
        QFileInfo(QString::fromStdString(path)).size() + QFileInfo(QString::fromStdString(path + "-wal")).size());
    db.setStepBudget(stepBudget(bytes));
    if (!checkIdentity(db, path, error, writing)) {
        db.close();
        return false;
    }
    // Only a file that an interrupted import left before its first migration may lack the tables.
    const bool complete = db.queryInt("PRAGMA user_version", 0) >= kVersion;
    if (!checkSchema(db, path, error, complete)) {
        db.close();
        return false;
    }
    // Touch the first and last pages of each table: a damaged file fails here, not halfway through a review.
    for (const char* probe :
        { "SELECT count(*) FROM run", "SELECT max(id) FROM records", "SELECT max(seq) FROM messages" }) {
        if (!complete)
            break;
        db.queryInt(probe, -1);
        if (!db.error().empty()) {
            error = path + ": corrupt run file: " + db.error();
            db.close();
            return false;
        }
    }
    if (writing && !checkIntact(db, path, error)) {
        db.close();
        return false;
    }
    return true;
}

bool RunFileSchema::openForReading(const std::string& path, SqliteDb& db, std::string& error)
{
    return openExisting(path, db, error, SqliteDb::Mode::ReadOnly);
}

bool RunFileSchema::openForWriting(const std::string& path, SqliteDb& db, std::string& error)
{
    if (!openExisting(path, db, error, SqliteDb::Mode::ReadWrite))
        return false;
    if (!migrate(db, error) || !createIndexes(db, error)) {
        db.close();
        return false;
    }
    return true;
}

bool RunFileSchema::create(const std::string& path, SqliteDb& db, std::string& error)
{
    if (QFileInfo::exists(QString::fromStdString(path))) {
        error = path + ": already exists";
        return false;
    }
    if (!db.open(path, SqliteDb::Mode::Create)) {
        error = path + ": cannot create: " + db.error();
        return false;
    }
    // WAL: a reader (the GUI reviewing while recording) never blocks the writer, and a killed process
    // loses at most the transaction in progress. NORMAL sync is durable against process death.
    if (!db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        || !db.exec("PRAGMA application_id=" + std::to_string(kApplicationId)) || !migrate(db, error)) {
        if (error.empty())
            error = path + ": cannot create: " + db.error();
        db.close();
        QFile::remove(QString::fromStdString(path));
        return false;
    }
    return true;
}

bool RunFileSchema::isRunFile(const std::string& path, std::string& error)
{
    SqliteDb db;
    return openForReading(path, db, error) && checkIntact(db, path, error);
}

bool RunFileSchema::migrate(SqliteDb& db, std::string& error)
{
    const std::int64_t from = db.queryInt("PRAGMA user_version", 0);
    for (std::int64_t v = from; v < kVersion; ++v) {
        // Each step and its version bump commit together, so a crash leaves the file at a known version.
        const std::string sql = std::string("BEGIN;") + kMigrations[static_cast<std::size_t>(v)]
            + "PRAGMA user_version=" + std::to_string(v + 1) + ";COMMIT;";
        if (!db.exec(sql)) {
            error = "migrating the run file to schema " + std::to_string(v + 1) + ": " + db.error();
            db.exec("ROLLBACK");
            return false;
        }
    }
    return true;
}

bool RunFileSchema::createIndexes(SqliteDb& db, std::string& error)
{
    if (!db.exec(kIndexes)) {
        error = "indexing the run file: " + db.error();
        return false;
    }
    return true;
}

} // namespace eventloom
