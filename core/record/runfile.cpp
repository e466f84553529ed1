#include "runfile.h"

#include "runfileschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace eventloom {

namespace {
constexpr std::string_view kMessageColumns
    = R"(m.seq, m.command, m.id, m.source, m.type, m.version, m.t, m.topic, m.partition, m."offset", m.key,
             m.tenant, m.correlation, m.causation, m.producer, m.target, m.data)";

std::int64_t orMinusOne(const SqliteStatement& s, int column)
{
    return s.isNull(column) ? -1 : s.integer(column);
}

MessageView readMessage(const SqliteStatement& s, int c)
{
    MessageView m;
    m.seq = s.integer(c);
    m.command = s.integer(c + 1) != 0;
    m.id = s.text(c + 2);
    m.source = s.text(c + 3);
    m.type = s.text(c + 4);
    m.version = s.integer(c + 5);
    m.t = s.integer(c + 6);
    m.topic = s.text(c + 7);
    m.partition = orMinusOne(s, c + 8);
    m.offset = orMinusOne(s, c + 9);
    m.key = s.text(c + 10);
    m.tenant = s.text(c + 11);
    m.correlation = s.text(c + 12);
    m.causation = s.text(c + 13);
    m.producer = s.text(c + 14);
    m.target = s.text(c + 15);
    m.data = s.text(c + 16);
    return m;
}
}

bool RunFile::open(const QString& path, QString& error)
{
    std::string why;
    if (!RunFileSchema::openForReading(path.toStdString(), m_db, why)) {
        error = QString::fromStdString(why);
        return false;
    }
    m_path = path;
    const std::int64_t version = m_db.queryInt("PRAGMA user_version", 1);
    m_compact = version >= 2;
    m_blocks = version >= 3;
    m_messageBlocks = version >= 4;
    m_namesLoaded = false;
    // What a replay reads as numbers must be numbers: a text seed would otherwise replay as seed 0.
    const QString origin = text("origin");
    if (origin != QLatin1String("recorded") && origin != QLatin1String("imported")) {
        error = path + QStringLiteral(": not a run file EventLoom can read: unknown origin '") + origin
            + QStringLiteral("'");
        m_db.close();
        return false;
    }
    if (origin == QLatin1String("recorded")) {
        for (const char* key : { "seed", "until", "finished" }) {
            SqliteStatement s = m_db.prepare("SELECT typeof(value) FROM run WHERE key = ?1");
            if (s.valid())
                s.bindText(1, key);
            if (!s.valid() || !s.step() || s.text(0) != "integer") {
                error = path + QStringLiteral(": damaged run file: its stored ") + QLatin1String(key)
                    + QStringLiteral(" is missing or not a whole number");
                m_db.close();
                return false;
            }
        }
    }
    return true;
}

bool RunFile::checkIntact(QString& error) const
{
    std::string why;
    if (RunFileSchema::checkIntact(m_db, m_path.toStdString(), why))
        return true;
    error = QString::fromStdString(why);
    return false;
}

QString RunFile::storedScenarioProblem(const QString& runPath, const Diagnostic& problem)
{
    QString where = runPath + QStringLiteral(": stored scenario: ");
    if (problem.line > 0)
        where += QString::number(problem.line) + u':' + QString::number(problem.column) + QStringLiteral(": ");
    return where + problem.message;
}

QString RunFile::text(const char* key) const
{
    SqliteStatement s = m_db.prepare("SELECT value FROM run WHERE key = ?1");
    if (!s.valid())
        return {};
    s.bindText(1, key);
    if (!s.step())
        return {};
    const std::string_view v = s.text(0);
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

std::int64_t RunFile::integer(const char* key, std::int64_t fallback) const
{
    SqliteStatement s = m_db.prepare("SELECT value FROM run WHERE key = ?1");
    if (!s.valid())
        return fallback;
    s.bindText(1, key);
    if (!s.step() || s.isNull(0))
        return fallback;
    return s.integer(0);
}

RunInfo RunFile::info() const
{
    RunInfo info;
    info.scenarioId = text("scenarioId");
    info.scenarioFile = text("scenarioFile");
    info.scenarioJson = text("scenario").toUtf8();
    // Absent in files recorded before overrides were kept (and in imports): none.
    for (const QJsonValue& v : QJsonDocument::fromJson(text("overrides").toUtf8()).array())
        if (v.isString())
            info.overrides << v.toString();
    info.seed = static_cast<std::uint64_t>(integer("seed", 0));
    info.until = integer("until", 0);
    info.producer = text("producer");
    const QDateTime epoch = QDateTime::fromString(text("epoch"), Qt::ISODate);
    if (epoch.isValid())
        info.epoch = epoch.toUTC();
    return info;
}

QJsonObject RunFile::summary() const
{
    return QJsonDocument::fromJson(text("summary").toUtf8()).object();
}

std::vector<RecordedInjection> RunFile::injections() const
{
    std::vector<RecordedInjection> result;
    SqliteStatement s = m_db.prepare("SELECT spec, at, effective FROM injections ORDER BY ordinal");
    while (s.valid() && s.step()) {
        const std::string_view spec = s.text(0);
        result.push_back(
            { QString::fromUtf8(spec.data(), static_cast<qsizetype>(spec.size())), s.integer(1), orMinusOne(s, 2) });
    }
    return result;
}

std::int64_t RunFile::recordCount() const
{
    return m_compact ? StoredTrace::count(m_db, m_blocks) : m_db.queryInt("SELECT count(*) FROM records");
}

std::int64_t RunFile::messageCount() const
{
    return m_db.queryInt(m_messageBlocks
            ? "SELECT (SELECT count(*) FROM events) + (SELECT coalesce(sum(n), 0) FROM message_blocks)"
            : "SELECT count(*) FROM messages");
}

bool RunFile::loadNames(QString& error) const
{
    if (m_namesLoaded)
        return true;
    m_names.clear();
    m_nameText.clear();
    SqliteStatement s = m_db.prepare("SELECT id, text FROM names ORDER BY id");
    while (s.valid() && s.step()) {
        m_nameText += s.text(1);
        m_names.emplace_back(s.integer(0), m_nameText.size());
    }
    if (!s.valid() || !s.error().empty()) {
        error = m_path + QStringLiteral(": corrupt run file: ")
            + QString::fromStdString(s.valid() ? s.error() : m_db.error());
        return false;
    }
    m_namesLoaded = true;
    return true;
}

std::string_view RunFile::name(std::int64_t id) const
{
    // Ids are 1, 2, 3... as the writer hands them out; a file edited by hand may have gaps.
    std::size_t i = static_cast<std::size_t>(id - 1);
    if (id < 1 || i >= m_names.size() || m_names[i].first != id) {
        const auto it = std::lower_bound(m_names.begin(), m_names.end(), std::make_pair(id, std::size_t(0)));
        if (it == m_names.end() || it->first != id)
            return {};
        i = static_cast<std::size_t>(it - m_names.begin());
    }
    const std::size_t begin = i == 0 ? 0 : m_names[i - 1].second;
    return std::string_view(m_nameText).substr(begin, m_names[i].second - begin);
}

MessageView RunFile::readCompactMessage(const SqliteStatement& s, int c) const
{
    const auto named = [&](int column) { return s.isNull(column) ? std::string_view() : name(s.integer(column)); };
    MessageView m;
    m.seq = s.integer(c);
    m.command = s.integer(c + 1) != 0;
    m.id = s.text(c + 2);
    m.source = named(c + 3);
    m.type = named(c + 4);
    m.version = s.integer(c + 5);
    m.t = s.integer(c + 6);
    m.topic = named(c + 7);
    m.partition = orMinusOne(s, c + 8);
    m.offset = orMinusOne(s, c + 9);
    m.key = named(c + 10);
    m.tenant = named(c + 11);
    m.correlation = named(c + 12);
    m.causation = s.text(c + 13);
    m.producer = named(c + 14);
    m.target = named(c + 15);
    m.data = s.text(c + 16);
    return m;
}

bool RunFile::message(std::int64_t seq, const std::function<void(const MessageView&)>& visit) const
{
    if (m_messageBlocks) {
        std::string why;
        if (!m_lookupStarted && !m_lookup.start(m_db, why))
            return false;
        m_lookupStarted = true;
        if (m_lookup.covers(seq)) {
            const StoredMessage* m = m_lookup.find(seq);
            if (m)
                visit(blockMessage(*m, m_lookup, true));
            return m != nullptr;
        }
    }
    QString error;
    if (m_compact && !loadNames(error))
        return false;
    SqliteStatement s = m_db.prepare(m_compact
            ? R"(SELECT e.seq, e.command, e.id, e.source, e.type, e.version, e.t, e.topic, e.partition, e."offset",
                 e.key, e.tenant, e.correlation, coalesce(c.id, e.causation), e.producer, e.target, p.data, e.cause
                 FROM events e LEFT JOIN events c ON c.seq = e.cause LEFT JOIN payloads p ON p.id = e.payload
                 WHERE e.seq = ?1)"
            : "SELECT " + std::string(kMessageColumns) + " FROM messages m WHERE m.seq = ?1");
    if (!s.valid())
        return false;
    s.bind(1, seq);
    if (!s.step())
        return false;
    MessageView m = m_compact ? readCompactMessage(s, 0) : readMessage(s, 0);
    if (m_compact && s.isInteger(17))
        m.causeSeq = s.integer(17);
    visit(m);
    return true;
}

std::vector<std::int64_t> RunFile::caused(std::int64_t seq, std::size_t limit) const
{
    std::vector<std::int64_t> seqs;
    if (!m_messageBlocks) {
        // By the cause's id, as the views give it.
        std::string id;
        if (!message(seq, [&](const MessageView& m) { id = m.id; }) || id.empty())
            return seqs;
        SqliteStatement s = m_db.prepare("SELECT seq FROM messages WHERE causation = ?1 ORDER BY seq LIMIT ?2");
        s.bindText(1, id);
        s.bind(2, static_cast<std::int64_t>(limit));
        while (s.valid() && s.step())
            seqs.push_back(s.integer(0));
        return seqs;
    }
    if (!m_childrenLoaded) {
        // Once per file: every message's cause, from the blocks and the rows.
        m_childrenLoaded = true;
        MessageBlockReader blocks;
        std::string why;
        if (blocks.start(m_db, why))
            blocks.forEach([&](const StoredMessage& m) {
                if (m.cause >= 0)
                    m_children.emplace_back(m.cause, m.seq);
                return true;
            });
        SqliteStatement rows = m_db.prepare("SELECT cause, seq FROM events WHERE cause IS NOT NULL");
        while (rows.valid() && rows.step())
            m_children.emplace_back(rows.integer(0), rows.integer(1));
        std::sort(m_children.begin(), m_children.end());
    }
    for (auto it = std::lower_bound(m_children.begin(), m_children.end(), std::make_pair(seq, INT64_MIN));
         it != m_children.end() && it->first == seq && seqs.size() < limit; ++it)
        seqs.push_back(it->second);
    return seqs;
}

RunFile::RecordCursor RunFile::records(const QString& correlation) const
{
    RecordCursor cursor;
    cursor.m_path = m_path;
    std::string sql;
    if (m_compact) {
        // The tables directly (StoredTrace), names resolved in name(); each record's message looked up by
        // seq, with the payload and the cause's id only for a message's own record (published, command):
        // the only records whose envelope is read.
        if (!loadNames(cursor.m_error))
            return cursor;
        cursor.m_file = this;
        std::string why;
        cursor.m_statement = m_db.prepare(R"(SELECT e.seq, e.command, e.id, e.source, e.type, e.version, e.t,
            e.topic, e.partition, e."offset", e.key, e.tenant, e.correlation, coalesce(c.id, e.causation),
            e.producer, e.target, p.data FROM events e LEFT JOIN events c ON c.seq = e.cause AND ?2
            LEFT JOIN payloads p ON p.id = e.payload AND ?2 WHERE e.seq = ?1)");
        if (!cursor.m_statement.valid() || !cursor.m_trace.start(m_db, m_blocks, why)
            || (m_messageBlocks && !cursor.m_blockMessages.start(m_db, why))) {
            cursor.m_error = m_path + QStringLiteral(": corrupt run file: ")
                + QString::fromStdString(why.empty() ? m_db.error() : why);
            cursor.m_statement = {};
            return cursor;
        }
        if (!correlation.isEmpty()) {
            cursor.m_filtered = true;
            cursor.m_filter = correlation.toStdString();
            SqliteStatement name = m_db.prepare("SELECT id FROM names WHERE text = ?1");
            SqliteStatement seqs = m_db.prepare(
                "SELECT seq FROM events WHERE correlation = (SELECT id FROM names WHERE text = ?1) ORDER BY seq");
            name.bindText(1, cursor.m_filter);
            seqs.bindText(1, cursor.m_filter);
            cursor.m_subject = name.valid() && name.step() && name.isInteger(0) ? name.integer(0) : 0;
            while (seqs.valid() && seqs.step())
                cursor.m_seqs.push_back(seqs.integer(0));
            if (m_messageBlocks) {
                cursor.m_blockMessages.forEach([&](const StoredMessage& m) {
                    if (m.correlation == cursor.m_filter)
                        cursor.m_seqs.push_back(m.seq);
                    return true;
                });
                std::sort(cursor.m_seqs.begin(), cursor.m_seqs.end());
                if (!cursor.m_blockMessages.error().empty()) {
                    cursor.m_error = m_path + QStringLiteral(": corrupt run file: ")
                        + QString::fromStdString(cursor.m_blockMessages.error());
                    cursor.m_statement = {};
                    return cursor;
                }
            }
            if (!name.valid() || !seqs.valid() || !name.error().empty() || !seqs.error().empty()) {
                cursor.m_error = m_path + QStringLiteral(": corrupt run file: ")
                    + QString::fromStdString(!seqs.error().empty() ? seqs.error() : name.error());
                cursor.m_statement = {};
            }
        }
        return cursor;
    }
    // Only a message's own record (published, command) carries its payload: for the many records that
    // merely name a message (deliveries, handling), SQLite then skips decoding the largest column.
    std::string columns(kMessageColumns);
    columns.replace(columns.rfind("m.data"), 6, "CASE WHEN r.kind IN ('published', 'command') THEN m.data END");
    sql = std::string(R"(SELECT r.id, r.t, r.kind, r.service, r.instance, r.grp, r.topic, r.partition,
    r."offset", r.attempt, r.outcome, r.phase, r.aux, r.detail, r.subject, r.saga, r.message, )")
        + columns + " FROM records r LEFT JOIN messages m ON m.seq = r.message";
    if (!correlation.isEmpty())
        sql += " WHERE r.message IN (SELECT seq FROM messages WHERE correlation = ?1) OR r.subject = ?1";
    sql += " ORDER BY r.id";
    cursor.m_statement = m_db.prepare(sql);
    if (!cursor.m_statement.valid()) {
        cursor.m_error = m_path + QStringLiteral(": ") + QString::fromStdString(m_db.error());
        return cursor;
    }
    cursor.m_filter = correlation.toStdString();
    if (!correlation.isEmpty())
        cursor.m_statement.bindText(1, cursor.m_filter);
    return cursor;
}

void RunFile::RecordCursor::lookUpMessage(std::int64_t seq, bool own)
{
    // Consecutive records often name one message (its delivery, then its handling).
    if (m_view.message && seq == m_messageSeq && own == m_messageOwn)
        return;
    SqliteStatement& s = m_statement;
    s.reset();
    s.bind(1, seq);
    s.bind(2, own ? 1 : 0);
    m_messageSeq = seq;
    m_messageOwn = own;
    if (m_blockMessages.covers(seq)) {
        if (const StoredMessage* m = m_blockMessages.find(seq))
            m_view.message = m_file->blockMessage(*m, m_blockMessages, own);
        else
            m_view.message.reset();
        return;
    }
    if (s.step())
        m_view.message = m_file->readCompactMessage(s, 0);
    else
        m_view.message.reset();
}

const RecordView* RunFile::RecordCursor::next()
{
    if (m_file && m_statement.valid()) {
        const auto named
            = [&](const StoredRecord::Value& v) { return v.integer ? m_file->name(v.value) : std::string_view(); };
        while (const StoredRecord* stored = m_trace.next()) {
            const StoredRecord& x = *stored;
            if (m_filtered
                && !(x[StoredRecord::Message].integer
                    && std::binary_search(m_seqs.begin(), m_seqs.end(), x[StoredRecord::Message].value))
                && !(m_subject != 0 && x[StoredRecord::Subject].integer && x[StoredRecord::Subject].value == m_subject))
                continue;
            RecordView& r = m_view;
            r.id = x[StoredRecord::Id].value;
            r.t = x[StoredRecord::T].value;
            r.kind = named(x[StoredRecord::Kind]);
            r.service = named(x[StoredRecord::Service]);
            r.instance = x[StoredRecord::Instance].orMinusOne();
            r.group = named(x[StoredRecord::Group]);
            r.topic = named(x[StoredRecord::Topic]);
            r.partition = x[StoredRecord::Partition].orMinusOne();
            r.offset = x[StoredRecord::Offset].orMinusOne();
            r.attempt = x[StoredRecord::Attempt].value;
            r.outcome = named(x[StoredRecord::Outcome]);
            r.phase = named(x[StoredRecord::Phase]);
            r.aux = x[StoredRecord::Aux].value;
            r.detail = named(x[StoredRecord::Detail]);
            r.subject = named(x[StoredRecord::Subject]);
            r.saga = x[StoredRecord::Saga].orMinusOne();
            if (x[StoredRecord::Message].null)
                r.message.reset();
            else
                lookUpMessage(x[StoredRecord::Message].value, r.kind == "published" || r.kind == "command");
            if (!m_statement.error().empty() || !m_blockMessages.error().empty())
                break;
            return &r;
        }
        const std::string& why = !m_statement.error().empty() ? m_statement.error()
            : !m_blockMessages.error().empty()                ? m_blockMessages.error()
                                                              : m_trace.error();
        if (!why.empty())
            m_error = m_path + QStringLiteral(": corrupt run file: ") + QString::fromStdString(why);
        return nullptr;
    }
    SqliteStatement& s = m_statement;
    if (!s.valid() || !s.step()) {
        if (s.valid() && !s.error().empty())
            m_error = m_path + QStringLiteral(": corrupt run file: ") + QString::fromStdString(s.error());
        return nullptr;
    }
    // Schema 1: the records joined with their messages, as stored.
    const auto text = [&](int column) { return s.text(column); };
    RecordView& r = m_view;
    r.id = s.integer(0);
    r.t = s.integer(1);
    r.kind = text(2);
    r.service = text(3);
    r.instance = orMinusOne(s, 4);
    r.group = text(5);
    r.topic = text(6);
    r.partition = orMinusOne(s, 7);
    r.offset = orMinusOne(s, 8);
    r.attempt = s.isNull(9) ? 0 : s.integer(9);
    r.outcome = text(10);
    r.phase = text(11);
    r.aux = s.isNull(12) ? 0 : s.integer(12);
    r.detail = text(13);
    r.subject = text(14);
    r.saga = orMinusOne(s, 15);
    if (!s.isNull(17))
        r.message = readMessage(s, 17);
    else
        r.message.reset();
    return &r;
}

bool RunFile::forEachRecord(
    const std::function<bool(const RecordView&)>& visit, QString& error, const QString& correlation) const
{
    RecordCursor cursor = records(correlation);
    while (const RecordView* r = cursor.next())
        if (!visit(*r))
            return true;
    error = cursor.error();
    return error.isEmpty();
}

bool RunFile::forEachMessage(const std::function<bool(const MessageView&)>& visit, QString& error,
    const QString& correlation, bool eventsOnly) const
{
    std::string sql;
    if (m_compact) {
        if (!loadNames(error))
            return false;
        sql = R"(SELECT e.seq, e.command, e.id, e.source, e.type, e.version, e.t, e.topic, e.partition, e."offset",
            e.key, e.tenant, e.correlation, coalesce(c.id, e.causation), e.producer, e.target, p.data
            FROM events e LEFT JOIN events c ON c.seq = e.cause LEFT JOIN payloads p ON p.id = e.payload WHERE 1)";
        if (!correlation.isEmpty())
            sql += " AND e.correlation = (SELECT id FROM names WHERE text = ?1)";
        if (eventsOnly)
            sql += " AND e.command = 0";
        sql += " ORDER BY e.seq";
    } else {
        sql = "SELECT " + std::string(kMessageColumns) + " FROM messages m WHERE 1";
        if (!correlation.isEmpty())
            sql += " AND m.correlation = ?1";
        if (eventsOnly)
            sql += " AND m.command = 0";
        sql += " ORDER BY m.seq";
    }
    SqliteStatement s = m_db.prepare(sql);
    if (!s.valid()) {
        error = m_path + QStringLiteral(": ") + QString::fromStdString(m_db.error());
        return false;
    }
    const std::string filter = correlation.toStdString();
    if (!correlation.isEmpty())
        s.bindText(1, filter);
    if (m_messageBlocks)
        return forEachBlockMessage(visit, s, filter, eventsOnly, error);
    while (s.step())
        if (!visit(m_compact ? readCompactMessage(s, 0) : readMessage(s, 0)))
            return true;
    if (!s.error().empty()) {
        error = m_path + QStringLiteral(": corrupt run file: ") + QString::fromStdString(s.error());
        return false;
    }
    return true;
}

MessageView RunFile::blockMessage(const StoredMessage& m, MessageBlockReader& blocks, bool own) const
{
    const auto named = [&](std::int64_t id) { return id > 0 ? name(id) : std::string_view(); };
    MessageView v;
    v.seq = m.seq;
    v.command = m.command;
    v.id = m.id;
    v.source = named(m.source);
    v.type = named(m.type);
    v.version = m.version;
    v.t = m.t;
    v.topic = named(m.topic);
    v.partition = m.partition;
    v.offset = m.offset;
    v.key = m.key;
    v.tenant = m.tenant;
    v.correlation = m.correlation;
    v.producer = named(m.producer);
    v.target = named(m.target);
    v.causeSeq = m.cause;
    if (own) {
        v.data = m.payload;
        if (const StoredMessage* cause = m.cause >= 0 ? blocks.find(m.cause) : nullptr)
            v.causation = cause->id;
    }
    return v;
}

bool RunFile::forEachBlockMessage(const std::function<bool(const MessageView&)>& visit, SqliteStatement& rows,
    const std::string& correlation, bool eventsOnly, QString& error) const
{
    // The rows (an import's) and the blocks' messages, merged by seq.
    // One reader: a block is parsed whole before its messages are visited, so looking a cause up (which may
    // parse another block into the reader's cache) leaves the scan's block alone.
    MessageBlockReader blocks;
    std::string why;
    if (!blocks.start(m_db, why)) {
        error = m_path + QStringLiteral(": corrupt run file: ") + QString::fromStdString(why);
        return false;
    }
    bool haveRow = rows.step(), stopped = false;
    const auto drainRowsBefore = [&](std::int64_t seq) {
        while (haveRow && !stopped && rows.integer(0) < seq) {
            stopped = !visit(readCompactMessage(rows, 0));
            haveRow = !stopped && rows.step();
        }
        return !stopped;
    };
    std::string twice;
    const bool scanned = blocks.forEach([&](const StoredMessage& m) {
        if (!drainRowsBefore(m.seq))
            return false;
        if (haveRow && rows.integer(0) == m.seq) {
            twice = "message " + std::to_string(m.seq) + " is stored twice: in a message block and in the events table";
            return false;
        }
        if ((eventsOnly && m.command) || (!correlation.empty() && m.correlation != correlation))
            return true;
        stopped = !visit(blockMessage(m, blocks, true));
        return !stopped;
    });
    if (scanned && !stopped && twice.empty())
        drainRowsBefore(INT64_MAX);
    why = !twice.empty() ? twice : !rows.error().empty() ? rows.error() : blocks.error();
    if (!why.empty()) {
        error = m_path + QStringLiteral(": corrupt run file: ") + QString::fromStdString(why);
        return false;
    }
    return true;
}

} // namespace eventloom
