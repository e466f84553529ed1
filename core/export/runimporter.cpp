#include "runimporter.h"

#include "../base/sentinels.h"
#include "../record/jsontext.h"
#include "../record/messageblockreader.h"
#include "../record/recordformats.h"
#include "../record/runfileschema.h"
#include "../record/runinfo.h"
#include "../record/storedtext.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <limits>
#include <unordered_map>
#include <xxhash.h>

namespace eventloom {

namespace {
using jsontext::Member;

const Member* find(const std::vector<Member>& members, std::string_view name)
{
    for (const Member& m : members)
        if (m.key == name)
            return &m;
    return nullptr;
}
/// Longest line (JSON Lines) or event (a CloudEvents batch) that is read: a payload is small, and a
/// line of gigabytes is a mistake or an attack, not an event.
constexpr std::size_t kMaxLineBytes = 16 << 20;

/// One import into an open run file: statements, the id → seq map of this file, counters.
class Import {
public:
    Import(SqliteDb& db, RunImporter::Result& result, qint64 epochUs)
        : m_db(db)
        , m_result(result)
        , m_epochUs(epochUs)
    {
        // The tables, not the `messages` view (which decodes every message block for each query): the rows by
        // their unique (id, source), the blocks' messages through a TEMP table of their identities.
        loadBlockIdentities();
        m_findMessage = db.prepare(R"sql(SELECT seq FROM events WHERE id = ?2 AND source = (SELECT id FROM names
            WHERE text = ?1) UNION ALL SELECT seq FROM temp.block_ids WHERE id = ?2 AND source = ?1)sql");
        m_insertMessage = db.prepare(
            R"sql(INSERT INTO messages (seq, command, id, source, type, version, t, topic, partition, "offset", key,
                      tenant, correlation, causation, producer, target, data)
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17))sql");
        m_insertRecord = db.prepare(
            R"sql(INSERT OR IGNORE INTO records (t, kind, message, service, instance, grp, topic, partition,
                      "offset", attempt, outcome, phase, aux, detail, subject, saga, import_key)
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17))sql");
        m_findById = db.prepare(
            "SELECT seq FROM events WHERE id = ?1 UNION ALL SELECT seq FROM temp.block_ids WHERE id = ?1 LIMIT 2");
        m_nextSeq = db.queryInt(R"sql(SELECT max(coalesce((SELECT max(seq) FROM events), -1),
            coalesce((SELECT max(first + n - 1) FROM message_blocks), -1)) + 1)sql");
        loadIdentities();
    }
    bool ready() const
    {
        return m_findMessage.valid() && m_insertMessage.valid() && m_insertRecord.valid() && m_findById.valid()
            && m_loaded && m_blocksLoaded;
    }

    /// One JSON object: ours (has `kind`), a CloudEvent (has `specversion`) or a foreign event. The
    /// text is untrusted: it must be strictly valid JSON (UTF-8, nesting at most 64, numbers in range)
    /// and its fields of the expected types and ranges.
    std::string object(std::string_view text)
    {
        if (text.size() > kMaxLineBytes)
            return "longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB";
        if (const auto start = text.find_first_not_of(" \t\r\n"); start == std::string_view::npos || text[start] != '{')
            return "not a JSON object";
        std::string why;
        m_scratch.clear();
        if (!storedtext::appendJson(m_scratch, text, why))
            return "not valid JSON: " + why;
        const auto members = jsontext::objectMembers(text);
        if (!members)
            return "not a JSON object";
        m_problem.clear();
        if (find(*members, "kind"))
            return ours(*members);
        if (find(*members, "specversion"))
            return cloudEvent(*members);
        return foreign(*members, text);
    }

private:
    struct Message {
        bool command = false;
        std::string id, source, type, topic, key, tenant, correlation, causation, producer, target, data;
        std::int64_t version = 1, partition = -1, offset = -1;
        SimTime t = 0;
    };
    struct Record {
        SimTime t = 0;
        std::string kind, service, group, topic, outcome, phase, detail, subject;
        std::int64_t message = -1, instance = -1, partition = -1, offset = -1, attempt = 0, aux = 0, saga = -1;
    };

    /// A string member ("" when absent or null). `strict`: another type is an error (ours and
    /// CloudEvents); otherwise it is ignored (someone else's log, where "id" may be a number).
    std::string str(const std::vector<Member>& o, std::string_view name, bool strict = true)
    {
        const Member* m = find(o, name);
        if (!m || m->raw == "null")
            return {};
        auto value = jsontext::stringValue(m->raw);
        if (!value) {
            if (strict)
                fieldProblem(name, "must be a string");
            return {};
        }
        if (const char* why = storedtext::textProblem(*value)) {
            fieldProblem(name, why);
            return {};
        }
        return std::move(*value);
    }
    /// An integer member from `min` to `max`, or `fallback` when absent or null.
    std::int64_t num(const std::vector<Member>& o, std::string_view name, std::int64_t fallback,
        std::int64_t min = std::numeric_limits<std::int64_t>::min(),
        std::int64_t max = std::numeric_limits<std::int64_t>::max())
    {
        const Member* m = find(o, name);
        if (!m || m->raw == "null")
            return fallback;
        const auto value = jsontext::intValue(m->raw);
        if (!value)
            fieldProblem(name, "must be an integer of at most 64 bits");
        else if (*value < min)
            fieldProblem(name, "must be at least " + std::to_string(min));
        else if (*value > max)
            fieldProblem(name, "must be at most " + std::to_string(max));
        return value && *value >= min && *value <= max ? *value : fallback;
    }
    // The engine's own ranges (TraceRecord), which the window's rows hold: a partition in 32 bits (as
    // Kafka's), an instance, attempt or saga in 16.
    std::int64_t partition(const std::vector<Member>& o)
    {
        return num(o, "partition", -1, 0, std::numeric_limits<std::int32_t>::max());
    }
    static constexpr std::int64_t kMaxIndex = kNoIndex - 1;
    void fieldProblem(std::string_view name, const std::string& why)
    {
        if (!m_problem.empty())
            return;
        m_problem.assign(1, '\'');
        m_problem.append(name).append("' ").append(why);
    }
    /// The simulated time must be one an export can write (RFC 3339 years 0001–9999).
    void checkTime(SimTime t, std::string_view name)
    {
        if (recordformats::rfc3339(m_epochUs / 1000, t).empty())
            fieldProblem(name, "is outside the years 0001-9999");
    }

    /// What makes two records the same record: everything an export shows of it. A message's own
    /// record (published, command) is its kind, time and message (whose envelope and payload are
    /// the message's: deduplicated on (source, id)); any other record is every stored field, with
    /// the message it names as this file's seq. Absent fields count as their stored NULL.
    static std::uint64_t identity(const Record& r)
    {
        std::string key;
        const auto integer = [&](std::int64_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
        const auto text = [&](const std::string& v) {
            integer(static_cast<std::int64_t>(v.size()));
            key += v;
        };
        text(r.kind);
        integer(r.t);
        integer(r.message);
        if (r.kind != "published" && r.kind != "command") {
            for (const std::string* v : { &r.service, &r.group, &r.topic, &r.outcome, &r.phase, &r.detail, &r.subject })
                text(*v);
            for (const std::int64_t v : { r.instance, r.partition, r.offset, r.attempt, r.aux, r.saga })
                integer(v);
        }
        return XXH3_64bits(key.data(), key.size());
    }

    /// The identities of the records already in the file, sorted (a multiset: a run may hold the
    /// same record twice, and then an import may match it twice).
    /// The id, source and seq of every message in a message block (schema 4), in `temp.block_ids`.
    void loadBlockIdentities()
    {
        m_blocksLoaded = m_db.exec(R"sql(DROP TABLE IF EXISTS temp.block_ids;
            CREATE TEMP TABLE block_ids (id TEXT NOT NULL, source TEXT NOT NULL, seq INTEGER NOT NULL);)sql");
        MessageBlockReader blocks;
        std::string why;
        if (!m_blocksLoaded || !blocks.start(m_db, why) || blocks.count() == 0) {
            m_blocksLoaded
                = m_blocksLoaded && why.empty() && m_db.exec("CREATE INDEX temp.block_ids_id ON block_ids(id)");
            return;
        }
        std::unordered_map<std::int64_t, std::string> sources;
        SqliteStatement name = m_db.prepare("SELECT text FROM names WHERE id = ?1");
        SqliteStatement insert = m_db.prepare("INSERT INTO temp.block_ids (id, source, seq) VALUES (?1, ?2, ?3)");
        m_blocksLoaded = name.valid() && insert.valid() && m_db.exec("BEGIN")
            && blocks.forEach([&](const StoredMessage& m) {
                   auto [it, added] = sources.try_emplace(m.source);
                   if (added) {
                       name.reset();
                       name.bind(1, m.source);
                       if (name.step())
                           it->second = name.text(0);
                       name.reset();
                   }
                   insert.bindText(1, m.id);
                   insert.bindText(2, it->second);
                   insert.bind(3, m.seq);
                   return insert.exec();
               })
            && blocks.error().empty() && m_db.exec("COMMIT")
            && m_db.exec("CREATE INDEX temp.block_ids_id ON block_ids(id)");
        if (!m_blocksLoaded)
            m_db.exec("ROLLBACK");
    }

    void loadIdentities()
    {
        SqliteStatement s = m_db.prepare(R"sql(SELECT kind, t, message, service, instance, grp, topic, partition,
            "offset", attempt, outcome, phase, aux, detail, subject, saga FROM records)sql");
        if (!s.valid())
            return;
        const auto integer = [&](int c, std::int64_t absent) { return s.isNull(c) ? absent : s.integer(c); };
        const auto text = [&](int c) { return std::string(s.text(c)); };
        while (s.step()) {
            Record r;
            r.kind = text(0);
            r.t = s.integer(1);
            r.message = integer(2, -1);
            r.service = text(3);
            r.instance = integer(4, -1);
            r.group = text(5);
            r.topic = text(6);
            r.partition = integer(7, -1);
            r.offset = integer(8, -1);
            r.attempt = integer(9, 0);
            r.outcome = text(10);
            r.phase = text(11);
            r.aux = integer(12, 0);
            r.detail = text(13);
            r.subject = text(14);
            r.saga = integer(15, -1);
            m_existing.push_back(identity(r));
        }
        if (!s.error().empty())
            return;
        std::sort(m_existing.begin(), m_existing.end());
        m_loaded = true;
    }

    /// The message's seq: existing (same source and id) or newly inserted.
    std::optional<std::int64_t> message(const Message& m, std::string& error)
    {
        if (!m_problem.empty()) {
            error = m_problem;
            return std::nullopt;
        }
        m_findMessage.reset();
        m_findMessage.bindText(1, m.source);
        m_findMessage.bindText(2, m.id);
        if (m_findMessage.step()) {
            const std::int64_t seq = m_findMessage.integer(0);
            m_findMessage.reset();
            ++m_result.messagesSkipped;
            m_seqById[m.id] = seq;
            return seq;
        }
        m_findMessage.reset();
        SqliteStatement& s = m_insertMessage;
        const std::int64_t seq = m_nextSeq++;
        const auto opt = [&](int i, std::int64_t v) { v >= 0 ? s.bind(i, v) : s.bindNull(i); };
        s.bind(1, seq);
        s.bind(2, m.command ? 1 : 0);
        s.bindText(3, m.id);
        s.bindText(4, m.source);
        s.bindText(5, m.type);
        s.bind(6, m.version);
        s.bind(7, m.t);
        s.bindTextOrNull(8, m.topic);
        opt(9, m.partition);
        opt(10, m.offset);
        s.bindTextOrNull(11, m.key);
        s.bindTextOrNull(12, m.tenant);
        s.bindTextOrNull(13, m.correlation);
        s.bindTextOrNull(14, m.causation);
        s.bindTextOrNull(15, m.producer);
        s.bindTextOrNull(16, m.target);
        s.bindText(17, m.data.empty() ? std::string_view("null") : std::string_view(m.data));
        if (!s.exec()) {
            error = "storing a message: " + s.error();
            return std::nullopt;
        }
        ++m_result.messagesAdded;
        m_seqById[m.id] = seq;
        return seq;
    }

    std::string record(const Record& r)
    {
        if (!m_problem.empty())
            return m_problem;
        // The n-th record of an identity in this import is already there when the file held n or more.
        const std::uint64_t h = identity(r);
        const std::uint64_t n = m_seen[h]++;
        const auto [from, to] = std::equal_range(m_existing.begin(), m_existing.end(), h);
        if (n < static_cast<std::uint64_t>(to - from)) {
            ++m_result.recordsSkipped;
            return {};
        }
        SqliteStatement& s = m_insertRecord;
        const auto opt = [&](int i, bool present, std::int64_t v) { present ? s.bind(i, v) : s.bindNull(i); };
        s.bind(1, r.t);
        s.bindText(2, r.kind);
        opt(3, r.message >= 0, r.message);
        s.bindTextOrNull(4, r.service);
        opt(5, r.instance >= 0, r.instance);
        s.bindTextOrNull(6, r.group);
        s.bindTextOrNull(7, r.topic);
        opt(8, r.partition >= 0, r.partition);
        opt(9, r.offset >= 0, r.offset);
        opt(10, r.attempt != 0, r.attempt);
        s.bindTextOrNull(11, r.outcome);
        s.bindTextOrNull(12, r.phase);
        opt(13, r.aux != 0, r.aux);
        s.bindTextOrNull(14, r.detail);
        s.bindTextOrNull(15, r.subject);
        opt(16, r.saga >= 0, r.saga);
        s.bind(17, static_cast<std::int64_t>(XXH3_64bits_withSeed(&n, sizeof n, h) & 0x7FFFFFFFFFFFFFFFull));
        // Through the records view of a schema 2 file the row is written by a trigger: count every change
        // (a record skipped as already there adds no row and no new name).
        const std::int64_t before = m_db.totalChanges();
        if (!s.exec())
            return "storing a record: " + s.error();
        if (m_db.totalChanges() > before)
            ++m_result.recordsAdded;
        else
            ++m_result.recordsSkipped;
        return {};
    }

    /// A value of the (already validated) line, re-serialised: payloads are stored as exports write them.
    std::string reserialised(std::string_view raw)
    {
        std::string out, why;
        if (!storedtext::appendJson(out, raw, why))
            fieldProblem("data", "is not valid JSON: " + why);
        return out;
    }

    /// The seq of the message an event id names: one of this import, or the one message of the file
    /// with that id (-1 when there is none, or more than one).
    std::int64_t messageById(const std::string& id)
    {
        if (const auto it = m_seqById.find(id); it != m_seqById.end())
            return it->second;
        m_findById.reset();
        m_findById.bindText(1, id);
        std::int64_t seq = -1;
        if (m_findById.step()) {
            seq = m_findById.integer(0);
            if (m_findById.step())
                seq = -1;
        }
        m_findById.reset();
        return seq;
    }

    std::string ours(const std::vector<Member>& o)
    {
        Record r;
        r.kind = str(o, "kind");
        if (r.kind.empty())
            return m_problem.empty() ? "'kind' must be a non-empty string" : m_problem;
        r.t = num(o, "t", 0);
        checkTime(r.t, "t");
        if (r.kind == "published" || r.kind == "command") {
            Message m;
            m.command = r.kind == "command";
            m.id = str(o, "id");
            if (m.id.empty())
                return m_problem.empty() ? "a " + r.kind + " record needs an 'id'" : m_problem;
            m.type = str(o, "type");
            m.version = num(o, "version", 1);
            m.t = r.t;
            m.topic = str(o, "topic");
            m.partition = partition(o);
            m.offset = num(o, "offset", -1, 0);
            m.key = str(o, "key");
            m.tenant = str(o, "tenant");
            m.correlation = str(o, "correlationId");
            m.causation = str(o, "causationId");
            m.producer = str(o, "producer");
            m.target = str(o, "target");
            m.source = str(o, "source");
            if (m.source.empty())
                m.source = "/eventloom/imported/" + m.producer;
            const Member* data = find(o, "data");
            m.data = data ? reserialised(data->raw) : std::string("{}");
            std::string error;
            const auto seq = message(m, error);
            if (!seq)
                return error;
            r.message = *seq;
            r.topic = m.topic;
            r.partition = m.partition;
            r.offset = m.offset;
            return record(r);
        }
        const bool saga = r.kind == "saga";
        if (const std::string id = str(o, "eventId"); !id.empty()) {
            r.message = messageById(id);
        }
        std::string consumer = str(o, "consumer");
        if (const auto hash = consumer.rfind('#'); !consumer.empty() && hash != std::string::npos) {
            r.service = consumer.substr(0, hash);
            const auto instance = jsontext::intValue(std::string_view(consumer).substr(hash + 1));
            r.instance = instance && *instance >= 0 && *instance <= kMaxIndex ? *instance : -1;
            if (r.instance < 0)
                fieldProblem("consumer", "must be SERVICE#INSTANCE, INSTANCE from 0 to " + std::to_string(kMaxIndex));
        } else {
            r.service = consumer.empty() ? str(o, "service") : consumer;
        }
        r.group = str(o, "group");
        r.topic = str(o, "topic");
        r.partition = partition(o);
        r.offset = num(o, "offset", -1, 0);
        r.attempt = num(o, "attempt", 0, 0, std::numeric_limits<std::uint16_t>::max());
        r.outcome = str(o, "outcome");
        r.phase = str(o, saga ? "event" : "phase");
        r.subject = str(o, saga ? "sagaId" : "subject");
        r.saga = num(o, "saga", -1, 0, kMaxIndex);
        r.aux = num(o, saga ? "step" : "aux", saga ? -1 : 0);
        r.detail = str(o, saga ? "reason" : "detail");
        return record(r);
    }

    std::string cloudEvent(const std::vector<Member>& o)
    {
        if (str(o, "specversion") != "1.0")
            return "only CloudEvents 1.0 is read (specversion \"1.0\")";
        Message m;
        m.id = str(o, "id");
        m.source = str(o, "source");
        m.type = str(o, "type");
        if (m.id.empty() || m.source.empty() || m.type.empty())
            return "a CloudEvent needs 'id', 'source' and 'type'";
        if (const std::string time = str(o, "time"); !time.empty()) {
            const auto us = recordformats::parseRfc3339(time);
            if (!us)
                return "'time' is not an RFC 3339 timestamp: " + time;
            m.t = *us - m_epochUs;
            checkTime(m.t, "time");
        }
        m.key = str(o, "partitionkey");
        if (m.key.empty())
            m.key = str(o, "subject");
        m.correlation = str(o, "correlationid");
        m.causation = str(o, "causationid");
        m.tenant = str(o, "tenantid");
        m.topic = str(o, "topic");
        m.partition = partition(o);
        if (const std::string sequence = str(o, "sequence"); !sequence.empty()) {
            const auto offset = jsontext::intValue(sequence);
            m.offset = offset && *offset >= 0 ? *offset : -1;
            if (m.offset < 0)
                fieldProblem("sequence", "must be a non-negative integer");
        }
        m.version = num(o, "eventversion", 1);
        m.producer = str(o, "producer");
        if (m.producer.empty())
            m.producer = m.source.substr(m.source.rfind('/') + 1);
        static const std::vector<std::string_view> kKnown = { "specversion", "id", "source", "type", "time", "subject",
            "data", "data_base64", "partitionkey", "sequence", "correlationid", "causationid", "tenantid", "topic",
            "partition", "eventversion", "producer" };
        std::string extensions;
        for (const Member& member : o) {
            if (std::find(kKnown.begin(), kKnown.end(), member.key) != kKnown.end())
                continue;
            if (member.key == "datacontenttype" && str(o, "datacontenttype") == "application/json")
                continue;
            extensions += extensions.empty() ? "{" : ",";
            jsontext::appendString(extensions, member.key);
            extensions += ':';
            extensions += reserialised(member.raw);
        }
        if (const Member* data = find(o, "data"))
            m.data = reserialised(data->raw);
        else if (const Member* base64 = find(o, "data_base64"))
            m.data = reserialised(base64->raw);
        else
            m.data = "null";
        if (!extensions.empty()) {
            extensions += '}';
            const bool object = !m.data.empty() && m.data.front() == '{';
            if (object && m.data.size() > 2)
                m.data = m.data.substr(0, m.data.size() - 1) + ",\"extensions\":" + extensions + "}";
            else if (object)
                m.data = "{\"extensions\":" + extensions + "}";
            else
                m.data = "{\"data\":" + m.data + ",\"extensions\":" + extensions + "}";
        }
        std::string error;
        const auto seq = message(m, error);
        if (!seq)
            return error;
        Record r;
        r.kind = "published";
        r.t = m.t;
        r.message = *seq;
        r.topic = m.topic;
        r.partition = m.partition;
        r.offset = m.offset;
        return record(r);
    }

    std::string foreign(const std::vector<Member>& o, std::string_view text)
    {
        // Someone else's event log, one object per line: take the usual names for id, type and time,
        // keep the whole object as the payload.
        Message m;
        for (const char* name : { "id", "eventId", "event_id", "uuid" })
            if (m.id.empty())
                m.id = str(o, name, false);
        if (m.id.empty())
            m.id = std::to_string(XXH3_64bits(text.data(), text.size()));
        for (const char* name : { "type", "eventType", "event_type", "event", "name" })
            if (m.type.empty())
                m.type = str(o, name, false);
        if (m.type.empty())
            m.type = "event";
        for (const char* name : { "time", "timestamp", "ts" }) {
            if (const auto us = recordformats::parseRfc3339(str(o, name, false))) {
                m.t = *us - m_epochUs;
                checkTime(m.t, name);
                break;
            }
        }
        m.source = str(o, "source", false);
        if (m.source.empty())
            m.source = "/imported";
        m.producer = m.source.substr(m.source.rfind('/') + 1);
        m.correlation = str(o, "correlationId", false);
        m.key = str(o, "key", false);
        m.data = reserialised(text);
        std::string error;
        const auto seq = message(m, error);
        if (!seq)
            return error;
        Record r;
        r.kind = "published";
        r.t = m.t;
        r.message = *seq;
        return record(r);
    }

    SqliteDb& m_db;
    RunImporter::Result& m_result;
    qint64 m_epochUs;
    SqliteStatement m_findMessage, m_insertMessage, m_insertRecord, m_findById;
    std::int64_t m_nextSeq = 0;
    bool m_blocksLoaded = false;
    std::unordered_map<std::string, std::int64_t> m_seqById;
    std::vector<std::uint64_t> m_existing; ///< identities of the records the file held, sorted
    bool m_loaded = false;
    std::unordered_map<std::uint64_t, std::uint64_t> m_seen; ///< identity → how often in this import
    std::string m_problem; ///< the current object's first bad field
    std::string m_scratch;
};

bool storeImportedMeta(SqliteDb& db)
{
    const std::string epoch = RunInfo::defaultEpoch().toString(Qt::ISODate).toStdString();
    SqliteStatement s = db.prepare("INSERT OR REPLACE INTO run (key, value) VALUES (?1, ?2)");
    const std::pair<const char*, std::string> meta[] = { { "format", "eventloom-run" }, { "origin", "imported" },
        { "scenarioId", "imported" }, { "epoch", epoch }, { "finished", "1" } };
    for (const auto& [key, value] : meta) {
        s.bindText(1, key);
        s.bindText(2, value);
        if (!s.exec())
            return false;
    }
    return true;
}
}

RunImporter::Result RunImporter::importFile(const QString& input, const QString& runPath)
{
    Result result;
    QFile file(input);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = input + QStringLiteral(": cannot read: ") + file.errorString();
        return result;
    }
    const QByteArray bytes = file.readAll();
    const std::string_view text(bytes.constData(), static_cast<std::size_t>(bytes.size()));

    SqliteDb db;
    std::string why;
    const bool existed = QFileInfo::exists(runPath);
    const std::string path = runPath.toStdString();
    if (existed ? !RunFileSchema::openForWriting(path, db, why)
                : !(RunFileSchema::create(path, db, why) && RunFileSchema::createIndexes(db, why)
                    && storeImportedMeta(db))) {
        result.error = QString::fromStdString(why.empty() ? path + ": " + db.error() : why);
        if (!existed && db.isOpen()) {
            db.close();
            QFile::remove(runPath);
        }
        return result;
    }
    qint64 epochUs = RunInfo::defaultEpoch().toMSecsSinceEpoch() * 1000;
    if (const QDateTime epoch = QDateTime::fromString(
            QString::fromStdString(db.queryText("SELECT value FROM run WHERE key = 'epoch'")), Qt::ISODate);
        epoch.isValid())
        epochUs = epoch.toMSecsSinceEpoch() * 1000;

    // All or nothing: one transaction, rolled back at the first bad line.
    Import import(db, result, epochUs);
    if (!import.ready() || !db.exec("BEGIN")) {
        result.error = runPath + QStringLiteral(": ") + QString::fromStdString(db.error());
        return result;
    }
    std::string error;
    std::size_t line = 0;
    std::size_t start = 0;
    while (start < text.size()
        && (text[start] == ' ' || text[start] == '\n' || text[start] == '\r' || text[start] == '\t'))
        ++start;
    if (start < text.size() && text[start] == '[') {
        // A CloudEvents batch (application/cloudevents-batch+json).
        const auto elements = jsontext::arrayElements(text);
        if (!elements)
            error = input.toStdString() + ": not a valid JSON array (a CloudEvents batch)";
        for (std::size_t i = 0; elements && i < elements->size() && error.empty(); ++i) {
            const std::string problem = import.object((*elements)[i]);
            if (!problem.empty())
                error = input.toStdString() + ": event " + std::to_string(i + 1) + ": " + problem;
        }
    } else {
        for (std::size_t pos = 0; pos < text.size() && error.empty();) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string_view::npos)
                end = text.size();
            ++line;
            std::string_view one = text.substr(pos, end - pos);
            if (!one.empty() && one.back() == '\r')
                one.remove_suffix(1);
            pos = end + 1;
            if (one.find_first_not_of(" \t") == std::string_view::npos)
                continue;
            const std::string problem = import.object(one);
            if (!problem.empty())
                error = input.toStdString() + ":" + std::to_string(line) + ": " + problem;
        }
    }
    if (!error.empty() || !db.exec("COMMIT")) {
        db.exec("ROLLBACK");
        result = Result {};
        result.error = QString::fromStdString(error.empty() ? path + ": " + db.error() : error);
        if (!existed) {
            db.close();
            QFile::remove(runPath);
        }
        return result;
    }
    db.exec("PRAGMA journal_mode=DELETE");
    result.ok = true;
    return result;
}

} // namespace eventloom
