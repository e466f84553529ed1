#include "runfileschema.h"

#include <QFile>
#include <QFileInfo>
#include <array>
#include <functional>

namespace eventloom
{

namespace
{
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

std::string quoted(const std::string& path)
{
    return path;
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

bool RunFileSchema::openForReading(const std::string& path, SqliteDb& db, std::string& error)
{
    error = checkFile(path);
    if (!error.empty())
        return false;
    if (!db.open(path, SqliteDb::Mode::ReadOnly)) {
        error = path + ": cannot open: " + db.error();
        return false;
    }
    if (!checkIdentity(db, path, error, false)) {
        db.close();
        return false;
    }
    // Touch the first and last pages of each table: a damaged file fails here, not halfway through a review.
    for (const char* probe :
        { "SELECT count(*) FROM run", "SELECT max(id) FROM records", "SELECT max(seq) FROM messages" }) {
        db.queryInt(probe, -1);
        if (!db.error().empty()) {
            error = path + ": corrupt run file: " + db.error();
            db.close();
            return false;
        }
    }
    return true;
}

bool RunFileSchema::openForWriting(const std::string& path, SqliteDb& db, std::string& error)
{
    error = checkFile(path);
    if (!error.empty())
        return false;
    if (!db.open(path, SqliteDb::Mode::ReadWrite)) {
        error = path + ": cannot open for writing: " + db.error();
        return false;
    }
    if (!checkIdentity(db, path, error, true) || !migrate(db, error) || !createIndexes(db, error)) {
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

bool RunFileSchema::isRunFile(const std::string& path)
{
    SqliteDb db;
    std::string error;
    return openForReading(path, db, error);
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
    if (!db.exec(R"sql(
        CREATE UNIQUE INDEX IF NOT EXISTS messages_source_id ON messages(source, id);
        CREATE INDEX IF NOT EXISTS messages_correlation ON messages(correlation);
        CREATE INDEX IF NOT EXISTS messages_type ON messages(type);
        CREATE INDEX IF NOT EXISTS messages_t ON messages(t);
        CREATE INDEX IF NOT EXISTS records_t ON records(t);
        CREATE INDEX IF NOT EXISTS records_message ON records(message);
        CREATE INDEX IF NOT EXISTS records_subject ON records(subject) WHERE subject IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS records_import_key ON records(import_key) WHERE import_key IS NOT NULL;
        )sql")) {
        error = "indexing the run file: " + db.error();
        return false;
    }
    return true;
}

} // namespace eventloom
