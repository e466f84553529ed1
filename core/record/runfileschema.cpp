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
///
/// Schema 2 (docs/reliability.md, "The run file's layout") stores the same rows compactly: every name
/// and short text (kinds, services, topics, groups, types, keys, correlation ids, details) once in
/// `names`, referenced by integer from `trace` (the trace records) and `events` (the messages); a
/// message's cause by its seq. The views `records` and `messages` give schema 1's tables back, column
/// for column, to sqlite3 and older tools; EventLoom's own connections read the same views as TEMP
/// views (the main schema's views never run on a connection of ours, see SqliteDb).
constexpr const char* kSchema1 = R"sql(
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
        )sql";

/// Schema 1's tables as views over schema 2's (the body after "CREATE [TEMP] VIEW"). `messages` is one
/// table's view (no join), so that SQLite can still flatten it on the right of a LEFT JOIN. kTraceRecords is
/// schema 2's `records` but for its end: schema 3's continues it with the trace blocks' records.
constexpr std::string_view kTraceRecords = R"sql(records (id, t, kind, message, service, instance, grp, topic,
            partition, "offset", attempt, outcome, phase, aux, detail, subject, saga, import_key) AS
        SELECT r.id, r.t, (SELECT n.text FROM names n WHERE n.id = r.kind), r.message,
            (SELECT n.text FROM names n WHERE n.id = r.service), r.instance,
            (SELECT n.text FROM names n WHERE n.id = r.grp), (SELECT n.text FROM names n WHERE n.id = r.topic),
            r.partition, r."offset", r.attempt, (SELECT n.text FROM names n WHERE n.id = r.outcome),
            (SELECT n.text FROM names n WHERE n.id = x.phase), x.aux,
            (SELECT n.text FROM names n WHERE n.id = x.detail), (SELECT n.text FROM names n WHERE n.id = x.subject),
            x.saga, x.import_key
        FROM trace r LEFT JOIN trace_more x ON x.id = r.id)sql";
const std::string kRecordsView = std::string(kTraceRecords) + ";\n";
constexpr std::string_view kEventMessages = R"sql(messages (seq, command, id, source, type, version, t, topic,
            partition, "offset", key, tenant, correlation, causation, producer, target, data) AS
        SELECT e.seq, e.command, e.id, (SELECT n.text FROM names n WHERE n.id = e.source),
            (SELECT n.text FROM names n WHERE n.id = e.type), e.version, e.t,
            (SELECT n.text FROM names n WHERE n.id = e.topic), e.partition, e."offset",
            (SELECT n.text FROM names n WHERE n.id = e.key), (SELECT n.text FROM names n WHERE n.id = e.tenant),
            (SELECT n.text FROM names n WHERE n.id = e.correlation),
            coalesce((SELECT c.id FROM events c WHERE c.seq = e.cause), e.causation),
            (SELECT n.text FROM names n WHERE n.id = e.producer), (SELECT n.text FROM names n WHERE n.id = e.target),
            (SELECT p.data FROM payloads p WHERE p.id = e.payload)
        FROM events e)sql";
const std::string kMessagesView = std::string(kEventMessages) + ";\n";

/// Schema 4's `messages`: schema 2's rows (`events`, which keeps the messages that do not come in blocks: an
/// import's, a migrated file's) and the messages of each message block, decoded with json_each as
/// MessageBlock describes the text, in seq order. The blocks' messages are decoded once (`m`, materialized),
/// and a message's cause and the message whose payload it repeats are found there by seq.
const std::string kBlockMessagesView = [] {
    const std::string events(kEventMessages);
    const std::size_t body = events.find(" AS\n") + 4;
    return events.substr(0, body) + R"sql(
        WITH m AS MATERIALIZED (SELECT b.first + j.key AS seq, j.value AS v,
            b.t0 + sum(j.value ->> 0) OVER (PARTITION BY b.first ORDER BY j.key) AS t
            FROM message_blocks b, json_each(b.data) j)
)sql" + events.substr(body)
        + R"sql(
        UNION ALL
        SELECT m.seq, m.v ->> 1, m.v ->> 2, (SELECT n.text FROM names n WHERE n.id = m.v ->> 3),
            (SELECT n.text FROM names n WHERE n.id = m.v ->> 4), m.v ->> 5, m.t,
            (SELECT n.text FROM names n WHERE n.id = m.v ->> 6), nullif(m.v ->> 7, 0) - 1, nullif(m.v ->> 8, 0) - 1,
            nullif(m.v ->> 9, 0), nullif(m.v ->> 10, 0), nullif(m.v ->> 11, 0),
            CASE WHEN m.v ->> 12 > 0
                THEN coalesce(c.v ->> 2, (SELECT x.id FROM events x WHERE x.seq = m.seq - (m.v ->> 12))) END,
            (SELECT n.text FROM names n WHERE n.id = m.v ->> 13), (SELECT n.text FROM names n WHERE n.id = m.v ->> 14),
            CASE WHEN json_type(m.v, '$[15]') = 'integer' THEN p.v -> 15 ELSE m.v -> 15 END
        FROM m LEFT JOIN m c ON c.seq = m.seq - (m.v ->> 12) LEFT JOIN m p ON p.seq = m.seq - (m.v ->> 15)
        ORDER BY 1;
)sql";
}();

/// Schema 3's `records`: schema 2's rows (`trace`, which keeps the records that do not come in blocks: an
/// import's, a migrated file's) and the records of each trace block, decoded with json_each as
/// TraceBlock describes the text (a time is the sum of the block's `t0` and the deltas up to it), in id order.
const std::string kBlockRecordsView = std::string(kTraceRecords) + R"sql(
        UNION ALL
        SELECT b.first + j.key, b.t0 + sum(j.value ->> 0) OVER (PARTITION BY b.first ORDER BY j.key),
            (SELECT n.text FROM names n WHERE n.id = j.value ->> 1),
            CASE WHEN j.value ->> 2 > 0 THEN b.m0 + (j.value ->> 2) - 1 END,
            (SELECT n.text FROM names n WHERE n.id = j.value ->> 3), nullif(j.value ->> 4, 0) - 1,
            (SELECT n.text FROM names n WHERE n.id = j.value ->> 8), (SELECT n.text FROM names n WHERE n.id = j.value ->> 5),
            nullif(j.value ->> 6, 0) - 1, nullif(j.value ->> 7, 0) - 1, nullif(j.value ->> 9, 0),
            (SELECT n.text FROM names n WHERE n.id = j.value ->> 10), (SELECT n.text FROM names n WHERE n.id = j.value ->> 11),
            nullif(j.value ->> 12, 0), (SELECT n.text FROM names n WHERE n.id = j.value ->> 13),
            (SELECT n.text FROM names n WHERE n.id = j.value ->> 14), nullif(j.value ->> 15, 0) - 1, NULL
        FROM trace_blocks b, json_each(b.data) j
        ORDER BY 1;
)sql";

/// Schema 2 → 3: the recorder's records in blocks of one batch each (TraceBlock), one row per block
/// instead of one per record; `records` reads both. `main.`: on our connection a TEMP `records` shadows it.
const std::string kSchema3 = std::string(R"sql(
        CREATE TABLE trace_blocks (
            first INTEGER PRIMARY KEY, n INTEGER NOT NULL, t0 INTEGER NOT NULL, m0 INTEGER NOT NULL,
            data TEXT NOT NULL);
        DROP VIEW main.records;
        CREATE VIEW )sql")
    + kBlockRecordsView;

/// Schema 3 → 4: the recorder's messages in blocks of one batch each (MessageBlock), one row per block
/// instead of a row per message and one per payload; `messages` reads both.
const std::string kSchema4 = std::string(R"sql(
        CREATE TABLE message_blocks (first INTEGER PRIMARY KEY, n INTEGER NOT NULL, t0 INTEGER NOT NULL,
            data TEXT NOT NULL);
        DROP VIEW main.messages;
        CREATE VIEW )sql")
    + kBlockMessagesView;

/// Schema 1 → 2. `trace` holds the columns most records have; the rest (saga records, details,
/// imports) go to `trace_more`, so a typical row carries no empty columns. A payload that repeats one
/// already stored (an event that passes its command's payload on) is stored once in `payloads`.
constexpr const char* kSchema2 = R"sql(
        CREATE TABLE names (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
        CREATE TABLE payloads (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE trace (
            id INTEGER PRIMARY KEY, t INTEGER NOT NULL, kind INTEGER NOT NULL, message INTEGER,
            service INTEGER, instance INTEGER, grp INTEGER, topic INTEGER, partition INTEGER, "offset" INTEGER,
            attempt INTEGER, outcome INTEGER);
        CREATE TABLE trace_more (
            id INTEGER PRIMARY KEY, phase INTEGER, aux INTEGER, detail INTEGER, subject INTEGER, saga INTEGER,
            import_key INTEGER);
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY, command INTEGER NOT NULL, id TEXT NOT NULL, source INTEGER NOT NULL,
            type INTEGER NOT NULL, version INTEGER NOT NULL, t INTEGER NOT NULL, topic INTEGER,
            partition INTEGER, "offset" INTEGER, key INTEGER, tenant INTEGER, correlation INTEGER,
            cause INTEGER, causation TEXT, producer INTEGER, target INTEGER, payload INTEGER NOT NULL);
        CREATE INDEX migrating_id ON messages(id);
        CREATE INDEX migrating_payload ON payloads(data);
        )sql";
/// The rest of schema 1 → 2, after the names are interned (kSchema2 + interning + this).
constexpr const char* kSchema2Rows = R"sql(
        INSERT INTO payloads (data) SELECT data FROM messages GROUP BY data ORDER BY min(seq);
        INSERT INTO trace SELECT r.id, r.t, (SELECT id FROM names WHERE text = r.kind), r.message,
            (SELECT id FROM names WHERE text = r.service), r.instance, (SELECT id FROM names WHERE text = r.grp),
            (SELECT id FROM names WHERE text = r.topic), r.partition, r."offset", r.attempt,
            (SELECT id FROM names WHERE text = r.outcome)
            FROM records r ORDER BY r.id;
        INSERT INTO trace_more SELECT r.id, (SELECT id FROM names WHERE text = r.phase), r.aux,
            (SELECT id FROM names WHERE text = r.detail), (SELECT id FROM names WHERE text = r.subject), r.saga,
            r.import_key
            FROM records r WHERE coalesce(r.phase, r.aux, r.detail, r.subject, r.saga, r.import_key) IS NOT NULL
            ORDER BY r.id;
        INSERT INTO events SELECT m.seq, m.command, m.id, (SELECT id FROM names WHERE text = m.source),
            (SELECT id FROM names WHERE text = m.type), m.version, m.t, (SELECT id FROM names WHERE text = m.topic),
            m.partition, m."offset", (SELECT id FROM names WHERE text = m.key),
            (SELECT id FROM names WHERE text = m.tenant), (SELECT id FROM names WHERE text = m.correlation),
            (SELECT min(c.seq) FROM messages c WHERE c.id = m.causation),
            CASE WHEN NOT EXISTS (SELECT 1 FROM messages c WHERE c.id = m.causation) THEN m.causation END,
            (SELECT id FROM names WHERE text = m.producer), (SELECT id FROM names WHERE text = m.target),
            (SELECT id FROM payloads WHERE data = m.data)
            FROM messages m ORDER BY m.seq;
        DROP INDEX migrating_payload;
        DROP TABLE records;
        DROP TABLE messages;
        CREATE VIEW )sql";

/// The name columns of schema 1's tables: schema 2 stores each as an id into `names`.
constexpr std::array<const char*, 8> kRecordNames
    = { "kind", "service", "grp", "topic", "outcome", "phase", "detail", "subject" };
constexpr std::array<const char*, 8> kMessageNames
    = { "source", "type", "topic", "key", "tenant", "correlation", "producer", "target" };

/// Statements that add each column's text to `names` (unless there already or NULL): `prefix` "NEW." in
/// a trigger, or "FROM table" to take every row's.
std::string interned(std::string_view prefix, const std::array<const char*, 8>& columns)
{
    std::string sql;
    for (const char* c : columns)
        sql += prefix.rfind("FROM ", 0) == 0
            ? std::string("INSERT OR IGNORE INTO names (text) SELECT ") + c + " " + std::string(prefix) + ";\n"
            : "INSERT OR IGNORE INTO names (text) SELECT " + std::string(prefix) + c + " WHERE " + std::string(prefix)
                + c + " IS NOT NULL;\n";
    return sql;
}

/// How EventLoom itself writes through the views (an import): each name interned, then the row. A
/// record whose import key is already there is skipped, like schema 1's unique index skipped it.
const std::string kInsertTriggers = R"sql(
        CREATE TEMP TRIGGER IF NOT EXISTS records_insert INSTEAD OF INSERT ON temp.records
        WHEN NEW.import_key IS NULL OR NOT EXISTS (SELECT 1 FROM trace_more WHERE import_key = NEW.import_key)
        BEGIN
            )sql"
    + interned("NEW.", kRecordNames) + R"sql(
            INSERT INTO trace (id, t, kind, message, service, instance, grp, topic, partition, "offset", attempt,
                outcome)
            VALUES (NEXT_ID, NEW.t, (SELECT id FROM names WHERE text = NEW.kind), NEW.message,
                (SELECT id FROM names WHERE text = NEW.service), NEW.instance,
                (SELECT id FROM names WHERE text = NEW.grp), (SELECT id FROM names WHERE text = NEW.topic),
                NEW.partition, NEW."offset", NEW.attempt, (SELECT id FROM names WHERE text = NEW.outcome));
            INSERT INTO trace_more (id, phase, aux, detail, subject, saga, import_key)
            SELECT last_insert_rowid(), (SELECT id FROM names WHERE text = NEW.phase), NEW.aux,
                (SELECT id FROM names WHERE text = NEW.detail), (SELECT id FROM names WHERE text = NEW.subject),
                NEW.saga, NEW.import_key
            WHERE coalesce(NEW.phase, NEW.aux, NEW.detail, NEW.subject, NEW.saga, NEW.import_key) IS NOT NULL;
        END;
        CREATE TEMP TRIGGER IF NOT EXISTS messages_insert INSTEAD OF INSERT ON temp.messages BEGIN
            )sql"
    + interned("NEW.", kMessageNames) + R"sql(
            INSERT INTO payloads (data) VALUES (NEW.data);
            INSERT INTO events (seq, command, id, source, type, version, t, topic, partition, "offset", key, tenant,
                correlation, cause, causation, producer, target, payload)
            VALUES (NEW.seq, NEW.command, NEW.id, (SELECT id FROM names WHERE text = NEW.source),
                (SELECT id FROM names WHERE text = NEW.type), NEW.version, NEW.t,
                (SELECT id FROM names WHERE text = NEW.topic), NEW.partition, NEW."offset",
                (SELECT id FROM names WHERE text = NEW.key), (SELECT id FROM names WHERE text = NEW.tenant),
                (SELECT id FROM names WHERE text = NEW.correlation),
                (SELECT min(seq) FROM events WHERE id = NEW.causation),
                CASE WHEN NOT EXISTS (SELECT 1 FROM events WHERE id = NEW.causation) THEN NEW.causation END,
                (SELECT id FROM names WHERE text = NEW.producer), (SELECT id FROM names WHERE text = NEW.target),
                last_insert_rowid());
        END;
        )sql";

const std::array<std::string, RunFileSchema::kVersion> kMigrations = {
    kSchema1,
    std::string(kSchema2) + interned("FROM records", kRecordNames) + interned("FROM messages", kMessageNames)
        + kSchema2Rows + kRecordsView + "CREATE VIEW " + kMessagesView,
    kSchema3,
    kSchema4,
};

/// Schema 2's secondary indexes (kIndexes).
constexpr const char* kCompactIndexes = R"sql(
        CREATE INDEX IF NOT EXISTS events_correlation ON events(correlation);
        CREATE INDEX IF NOT EXISTS trace_subject ON trace_more(subject) WHERE subject IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS events_id_source ON events(id, source);
        CREATE UNIQUE INDEX IF NOT EXISTS trace_import_key ON trace_more(import_key) WHERE import_key IS NOT NULL;
        )sql";

/// The secondary indexes of each schema (index 0: schema 1). Schema 2 drops those nothing queried by
/// (time, type, a record's message): the file is smaller and a recording finishes sooner.
const std::array<const char*, RunFileSchema::kVersion> kIndexes = {
    R"sql(
        CREATE UNIQUE INDEX IF NOT EXISTS messages_source_id ON messages(source, id);
        CREATE INDEX IF NOT EXISTS messages_correlation ON messages(correlation);
        CREATE INDEX IF NOT EXISTS messages_type ON messages(type);
        CREATE INDEX IF NOT EXISTS messages_t ON messages(t);
        CREATE INDEX IF NOT EXISTS records_t ON records(t);
        CREATE INDEX IF NOT EXISTS records_message ON records(message);
        CREATE INDEX IF NOT EXISTS records_subject ON records(subject) WHERE subject IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS records_import_key ON records(import_key) WHERE import_key IS NOT NULL;
        )sql",
    kCompactIndexes,
    kCompactIndexes, // schema 3 adds no index: a block is found by its first record id
    kCompactIndexes, // nor does schema 4
};
/// What a finished recording indexes: what a review filters by. The unique indexes that an import
/// matches identities with (kIndexes' last two) are built when a file is first opened to import into.
constexpr const char* kReviewIndexes = R"sql(
        CREATE INDEX IF NOT EXISTS events_correlation ON events(correlation);
        CREATE INDEX IF NOT EXISTS trace_subject ON trace_more(subject) WHERE subject IS NOT NULL;
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

/// The schema a file of `version` holds, made once in memory by the same migrations and indexes: a
/// file's objects are compared with it text for text.
const std::set<SchemaObject>& referenceSchema(std::int64_t version)
{
    static const std::array<std::set<SchemaObject>, RunFileSchema::kVersion> references = [] {
        std::array<std::set<SchemaObject>, RunFileSchema::kVersion> made;
        for (std::size_t v = 0; v < made.size(); ++v) {
            SqliteDb db;
            std::string error;
            db.open(":memory:", SqliteDb::Mode::Create);
            for (std::size_t m = 0; m <= v; ++m)
                db.exec(kMigrations[m]);
            db.exec(kIndexes[v]);
            made[v] = readSchema(db, error);
        }
        return made;
    }();
    return references[static_cast<std::size_t>(std::clamp<std::int64_t>(version, 1, RunFileSchema::kVersion) - 1)];
}

/// Schema 2 or later (`version`) on one of our connections: schema 1's tables as TEMP views (the file's own
/// views stay off, SqliteDb) and the triggers that write through them; those of an older schema go.
bool useCompactLayout(SqliteDb& db, std::int64_t version)
{
    // A record added without an id comes after every record there, in `trace` and (schema 3) in the blocks.
    std::string triggers = kInsertTriggers;
    triggers.replace(triggers.find("NEXT_ID"), 7,
        version >= 3 ? "coalesce(NEW.id, max(coalesce((SELECT max(id) FROM trace), 0), coalesce((SELECT first + n - 1 "
                       "FROM trace_blocks ORDER BY first DESC LIMIT 1), 0)) + 1)"
                     : "NEW.id");
    return db.exec("DROP VIEW IF EXISTS temp.records; DROP VIEW IF EXISTS temp.messages;")
        && db.exec(std::string("CREATE TEMP VIEW ") + (version >= 3 ? kBlockRecordsView : kRecordsView)
            + "CREATE TEMP VIEW " + (version >= 4 ? kBlockMessagesView : kMessagesView))
        && db.exec(triggers);
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

bool RunFileSchema::checkSchema(
    SqliteDb& db, const std::string& path, std::string& error, std::int64_t version, bool complete)
{
    std::string why;
    const std::set<SchemaObject> objects = readSchema(db, why);
    if (!why.empty()) {
        error = path + ": corrupt run file: " + why;
        return false;
    }
    const std::set<SchemaObject>& reference = referenceSchema(version);
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
    const std::int64_t version = db.queryInt("PRAGMA user_version", 0);
    const bool complete = version >= 1;
    if (!checkSchema(db, path, error, version, complete)) {
        db.close();
        return false;
    }
    // Touch the first and last pages of each table: a damaged file fails here, not halfway through a review.
    const bool compact = version >= 2;
    for (const char* probe :
        { "SELECT count(*) FROM run", compact ? "SELECT max(id) FROM trace" : "SELECT max(id) FROM records",
            compact ? "SELECT max(seq) FROM events" : "SELECT max(seq) FROM messages",
            version >= 3 ? "SELECT max(first) FROM trace_blocks" : "SELECT 1",
            version >= 4 ? "SELECT max(first) FROM message_blocks" : "SELECT 1" }) {
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
    if (compact && !useCompactLayout(db, version)) {
        error = path + ": cannot read the run file's layout: " + db.error();
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
        // Each step and its version bump commit together, so a crash (or a full disk) leaves the file at a
        // known version: the original file is intact until the step commits.
        const std::string sql = std::string("BEGIN;") + kMigrations[static_cast<std::size_t>(v)]
            + "PRAGMA user_version=" + std::to_string(v + 1) + ";COMMIT;";
        if (!db.exec(sql)) {
            error = "migrating the run file to schema " + std::to_string(v + 1) + ": " + db.error();
            db.exec("ROLLBACK");
            return false;
        }
    }
    if (!useCompactLayout(db, kVersion)) {
        error = "reading the run file's layout: " + db.error();
        return false;
    }
    // Written to from here on (a recording, an import): through the TEMP triggers of useCompactLayout.
    // The file's schema holds no trigger of its own (checkSchema), so these are the only ones.
    db.allowTriggers();
    return true;
}

std::string RunFileSchema::creationSql(int version)
{
    std::string sql;
    for (int m = 0; m < std::clamp(version, 1, kVersion); ++m)
        sql += kMigrations[static_cast<std::size_t>(m)];
    return sql + kIndexes[static_cast<std::size_t>(std::clamp(version, 1, kVersion) - 1)];
}

bool RunFileSchema::createReviewIndexes(SqliteDb& db, std::string& error)
{
    if (!db.exec(kReviewIndexes)) {
        error = "indexing the run file: " + db.error();
        return false;
    }
    return true;
}

bool RunFileSchema::createIndexes(SqliteDb& db, std::string& error)
{
    if (!db.exec(kIndexes[kVersion - 1])) {
        error = "indexing the run file: " + db.error();
        return false;
    }
    return true;
}

} // namespace eventloom
