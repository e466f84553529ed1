#include "compactrun.h"

#include "../record/messageblockreader.h"
#include "storedrows.h"

#include <algorithm>

namespace eventloom {

namespace {
std::int64_t orMinusOne(const SqliteStatement& s, int column)
{
    return s.isNull(column) ? -1 : s.integer(column);
}

/// How far `to` lies after `from`, or SIZE_MAX when before it: in unsigned arithmetic, since ids come from
/// the file (and kNone is INT64_MIN), where a signed difference could overflow.
std::size_t distance(std::int64_t from, std::int64_t to)
{
    return to < from ? SIZE_MAX
                     : static_cast<std::size_t>(static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from));
}

QString corrupt(const std::string& path, const std::string& why)
{
    return QString::fromStdString(path + ": corrupt run file: " + why);
}
}

bool CompactRun::TextTable::load(SqliteDb& db, const char* sql, std::string& error)
{
    std::vector<std::size_t> ends;
    SqliteStatement s = db.prepare(sql);
    while (s.valid() && s.step()) {
        m_ids.push_back(s.integer(0));
        m_isText.push_back(s.isText(1));
        m_text += s.text(1);
        ends.push_back(m_text.size());
    }
    if (!s.valid() || !s.error().empty()) {
        error = s.valid() ? s.error() : db.error();
        return false;
    }
    m_views.reserve(ends.size());
    for (std::size_t i = 0, begin = 0; i < ends.size(); begin = ends[i++])
        m_views.push_back(std::string_view(m_text).substr(begin, ends[i] - begin));
    return true;
}

std::size_t CompactRun::TextTable::index(std::int64_t id) const
{
    if (m_ids.empty())
        return 0;
    const std::size_t direct = distance(m_ids.front(), id);
    if (direct < m_ids.size() && m_ids[direct] == id)
        return direct;
    const auto it = std::lower_bound(m_ids.begin(), m_ids.end(), id);
    return it != m_ids.end() && *it == id ? static_cast<std::size_t>(it - m_ids.begin()) : m_ids.size();
}

const std::string_view* CompactRun::TextTable::find(std::int64_t id) const
{
    const std::size_t i = index(id);
    return i < m_views.size() ? &m_views[i] : nullptr;
}

bool CompactRun::TextTable::isText(std::int64_t id) const
{
    const std::size_t i = index(id);
    return i < m_isText.size() && m_isText[i];
}

std::string_view CompactRun::name(std::int64_t id) const
{
    const std::string_view* text = m_names.find(id);
    return text ? *text : std::string_view();
}

bool CompactRun::load(SqliteDb& db, const QString& path, QString& error)
{
    m_path = path.toStdString();
    const std::int64_t version = db.queryInt("PRAGMA user_version", 2);
    m_blocks = version >= 3;
    m_messageBlocks = version >= 4;
    std::string why;
    if (!m_names.load(db, "SELECT id, text FROM names ORDER BY id", why)
        || !m_payloads.load(db, "SELECT id, data FROM payloads ORDER BY id", why)) {
        error = corrupt(m_path, why);
        return false;
    }
    SqliteStatement s = db.prepare(R"(SELECT seq, command, id, source, type, version, t, topic, partition, "offset",
        key, tenant, correlation, cause, causation, producer, target, payload FROM events ORDER BY seq)");
    // A name the views would show as NULL (an id that is not an integer) is absent.
    const auto id = [&](int c) { return s.isInteger(c) ? s.integer(c) : kNone; };
    const auto text = [&](int c, std::size_t& begin, std::uint32_t& size) {
        const std::string_view value = s.text(c);
        begin = m_eventText.size();
        size = static_cast<std::uint32_t>(value.size());
        m_eventText += value;
    };
    while (s.valid() && s.step()) {
        Event e;
        e.seq = s.integer(0);
        e.command = s.integer(1) != 0;
        text(2, e.idBegin, e.idSize);
        e.source = id(3);
        e.type = id(4);
        e.version = s.integer(5);
        e.t = s.integer(6);
        e.topic = id(7);
        e.partition = orMinusOne(s, 8);
        e.offset = orMinusOne(s, 9);
        e.key = id(10);
        e.tenant = id(11);
        e.correlation = id(12);
        e.cause = id(13);
        text(14, e.causationBegin, e.causationSize);
        e.producer = id(15);
        e.target = id(16);
        e.payload = id(17);
        m_events.push_back(e);
        if (!m_messageProblem.empty())
            continue;
        // The columns StoredRows checks, in its order.
        const auto nonEmptyName = [&](std::int64_t n) {
            return m_names.isText(n) && !name(n).empty() ? nullptr : "is not a non-empty text";
        };
        const std::pair<const char*, const char*> checks[] = {
            { "command", s.isInteger(1) && (s.integer(1) == 0 || s.integer(1) == 1) ? nullptr : "is not 0 or 1" },
            { "id", s.isText(2) && e.idSize > 0 ? nullptr : "is not a non-empty text" },
            { "source", nonEmptyName(e.source) },
            { "type", nonEmptyName(e.type) },
            { "version", StoredRows::wrong(s, 5, StoredRows::Kind::Integer) },
            { "t", StoredRows::wrong(s, 6, StoredRows::Kind::Integer) },
            { "partition", StoredRows::wrong(s, 8, StoredRows::Kind::OptionalCount) },
            { "offset", StoredRows::wrong(s, 9, StoredRows::Kind::OptionalCount) },
        };
        for (const auto& [column, problem] : checks)
            if (problem) {
                m_messageProblem = "message " + std::to_string(e.seq) + ": " + column + ' ' + problem;
                break;
            }
    }
    if (!s.valid() || !s.error().empty()) {
        error = corrupt(m_path, s.valid() ? s.error() : db.error());
        return false;
    }
    if (m_messageBlocks && !loadBlocks(db, why)) {
        error = corrupt(m_path, why);
        return false;
    }
    return true;
}

bool CompactRun::loadBlocks(SqliteDb& db, std::string& error)
{
    const std::size_t rows = m_events.size();
    // The blocks' rows are read and checked as every reader of them does (MessageBlockReader).
    MessageBlockReader blocks;
    if (!blocks.start(db, error))
        return false;
    const auto text = [&](std::string_view value) {
        const Event::Text t { m_eventText.size(), static_cast<std::uint32_t>(value.size()) };
        m_eventText += value;
        return t;
    };
    blocks.forEach([&](const StoredMessage& m) {
        Event e;
        e.seq = m.seq;
        e.command = m.command;
        const Event::Text id = text(m.id);
        e.idBegin = id.begin;
        e.idSize = id.size;
        e.causationBegin = m_eventText.size();
        const auto name = [](std::int64_t n) { return n > 0 ? n : kNone; };
        e.source = name(m.source);
        e.type = name(m.type);
        e.version = m.version;
        e.t = m.t;
        e.topic = name(m.topic);
        e.partition = m.partition;
        e.offset = m.offset;
        e.inlined = true;
        e.keyText = text(m.key);
        e.tenantText = text(m.tenant);
        e.correlationText = text(m.correlation);
        e.payloadText = text(m.payload);
        e.cause = m.cause >= 0 ? m.cause : kNone;
        e.producer = name(m.producer);
        e.target = name(m.target);
        m_events.push_back(e);
        if (m_messageProblem.empty())
            for (const auto& [column, n] : { std::pair { "source", e.source }, std::pair { "type", e.type } })
                if (!m_names.isText(n) || this->name(n).empty()) {
                    m_messageProblem = "message " + std::to_string(e.seq) + ": " + column + " is not a non-empty text";
                    break;
                }
        return true;
    });
    if (!blocks.error().empty()) {
        error = blocks.error();
        return false;
    }
    // The rows (an import's) and the blocks' messages, in seq order; a seq stored twice is damage.
    if (rows > 0 && rows < m_events.size()) {
        std::inplace_merge(m_events.begin(), m_events.begin() + static_cast<std::ptrdiff_t>(rows), m_events.end(),
            [](const Event& a, const Event& b) { return a.seq < b.seq; });
        for (std::size_t i = 1; i < m_events.size(); ++i)
            if (m_events[i].seq == m_events[i - 1].seq) {
                error = "message " + std::to_string(m_events[i].seq)
                    + " is stored twice: in a message block and in the events table";
                return false;
            }
    }
    return true;
}

std::int64_t CompactRun::recordCount(SqliteDb& db) const
{
    return StoredTrace::count(db, m_blocks);
}

const CompactRun::Event* CompactRun::event(std::int64_t seq) const
{
    if (m_events.empty())
        return nullptr;
    // Seqs are 1, 2, 3... as the engine hands them out; an edited or imported file may have gaps.
    const std::size_t direct = distance(m_events.front().seq, seq);
    if (direct < m_events.size() && m_events[direct].seq == seq)
        return &m_events[direct];
    const auto it = std::lower_bound(
        m_events.begin(), m_events.end(), seq, [](const Event& e, std::int64_t s) { return e.seq < s; });
    return it != m_events.end() && it->seq == seq ? &*it : nullptr;
}

MessageView CompactRun::message(const Event& e, bool own) const
{
    const std::string_view texts(m_eventText);
    MessageView m;
    m.seq = e.seq;
    m.command = e.command;
    m.id = texts.substr(e.idBegin, e.idSize);
    m.source = name(e.source);
    m.type = name(e.type);
    m.version = e.version;
    m.t = e.t;
    m.topic = name(e.topic);
    m.partition = e.partition;
    m.offset = e.offset;
    const auto inlined = [&](const Event::Text& t) { return texts.substr(t.begin, t.size); };
    m.key = e.inlined ? inlined(e.keyText) : name(e.key);
    m.tenant = e.inlined ? inlined(e.tenantText) : name(e.tenant);
    m.correlation = e.inlined ? inlined(e.correlationText) : name(e.correlation);
    m.causation = texts.substr(e.causationBegin, e.causationSize);
    m.producer = name(e.producer);
    m.target = name(e.target);
    if (own) {
        // A message's cause is stored by seq when it is in the file, else as the id it named.
        if (const Event* cause = e.cause == kNone ? nullptr : event(e.cause))
            m.causation = texts.substr(cause->idBegin, cause->idSize);
        if (e.inlined)
            m.data = inlined(e.payloadText);
        else if (const std::string_view* data = e.payload == kNone ? nullptr : m_payloads.find(e.payload))
            m.data = *data;
    }
    return m;
}

void CompactRun::forEachMessage(const std::function<bool(const MessageView&)>& visit, bool eventsOnly) const
{
    for (const Event& e : m_events)
        if ((!eventsOnly || !e.command) && !visit(message(e, true)))
            return;
}

bool CompactRun::forEachRecord(
    const std::function<Next(const RecordView&)>& visit, std::string& problem, QString& error, SqliteDb& db) const
{
    StoredTrace trace;
    std::string failure;
    if (!trace.start(db, m_blocks, failure)) {
        error = corrupt(m_path, failure);
        return false;
    }
    using C = StoredRecord::Column;
    /// StoredRows' Kind::OptionalCount.
    const auto countProblem = [](const StoredRecord::Value& v) {
        return (v.integer && v.value >= 0) || v.null ? nullptr : "is not a non-negative integer";
    };
    bool checking = false;
    RecordView r;
    while (const StoredRecord* stored = trace.next()) {
        const StoredRecord& v = *stored;
        const std::int64_t id = v[C::Id].value;
        const auto named = [&](C c) { return v[c].integer ? name(v[c].value) : std::string_view(); };
        r.kind = named(C::Kind);
        // The columns StoredRows checks, in its order; trace_more's are NULL for a record without a row there.
        const std::pair<const char*, const char*> checks[] = {
            { "t", v[C::T].integer ? nullptr : "is not an integer" },
            { "kind",
                v[C::Kind].integer && m_names.isText(v[C::Kind].value) && !r.kind.empty() ? nullptr
                                                                                          : "is not a non-empty text" },
            { "aux", v[C::Aux].integer || v[C::Aux].null ? nullptr : "is not an integer" },
            { "message", countProblem(v[C::Message]) },
            { "instance", countProblem(v[C::Instance]) },
            { "partition", countProblem(v[C::Partition]) },
            { "offset", countProblem(v[C::Offset]) },
            { "attempt", countProblem(v[C::Attempt]) },
            { "saga", countProblem(v[C::Saga]) },
        };
        std::string why;
        for (const auto& [column, wrong] : checks)
            if (wrong) {
                why = std::string(column) + ' ' + wrong;
                break;
            }
        const Event* e = nullptr;
        if (why.empty() && v[C::Message].null) {
            // A message's own record without it would be exported without its envelope: JSON Lines that
            // import then refuses.
            if (r.kind == "published" || r.kind == "command")
                why = std::string(r.kind) + " record without its message";
        } else if (why.empty() && !(e = event(v[C::Message].value))) {
            why = "names message " + std::to_string(v[C::Message].value) + ", which is not in the file";
        }
        if (!why.empty()) {
            problem = "record " + std::to_string(id);
            if (v[C::Message].integer)
                problem += " (message " + std::to_string(v[C::Message].value) + ")";
            problem += ": " + why;
            return true;
        }
        if (checking)
            continue;
        r.id = id;
        r.t = v[C::T].value;
        r.service = named(C::Service);
        r.instance = v[C::Instance].orMinusOne();
        r.group = named(C::Group);
        r.topic = named(C::Topic);
        r.partition = v[C::Partition].orMinusOne();
        r.offset = v[C::Offset].orMinusOne();
        r.attempt = v[C::Attempt].value;
        r.outcome = named(C::Outcome);
        r.phase = named(C::Phase);
        r.aux = v[C::Aux].value;
        r.detail = named(C::Detail);
        r.subject = named(C::Subject);
        r.saga = v[C::Saga].orMinusOne();
        if (e)
            r.message = message(*e, r.kind == "published" || r.kind == "command");
        else
            r.message.reset();
        const Next next = visit(r);
        if (next == Next::Stop)
            return true;
        checking = next == Next::CheckRest;
    }
    if (!trace.error().empty()) {
        error = corrupt(m_path, trace.error());
        return false;
    }
    return true;
}

} // namespace eventloom
