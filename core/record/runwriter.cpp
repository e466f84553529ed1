#include "runwriter.h"

#include "../bus/eventlog.h"
#include "jsontext.h"

namespace eventloom {

RunWriter::RunWriter(SqliteDb& db, std::string scenarioId)
    : m_db(db)
    , m_scenarioId(std::move(scenarioId))
{
    m_insertMessage = m_db.prepare(
        R"sql(INSERT INTO messages (seq, command, id, source, type, version, t, topic, partition, "offset", key,
              tenant, correlation, causation, producer, target, data)
              VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17))sql");
    m_insertRecord = m_db.prepare(
        R"sql(INSERT INTO records (id, t, kind, message, service, instance, grp, topic, partition, "offset",
              attempt, outcome, phase, aux, detail, subject, saga)
              VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17))sql");
    m_insertInjection = m_db.prepare("INSERT INTO injections (ordinal, spec, at) VALUES (?1, ?2, ?3)");
    m_setEffective = m_db.prepare("UPDATE injections SET effective = ?2 WHERE ordinal = ?1");
    if (!m_insertMessage.valid() || !m_insertRecord.valid() || !m_insertInjection.valid() || !m_setEffective.valid())
        m_error = "preparing the run file's statements: " + m_db.error();
}

bool RunWriter::fail(const std::string& what)
{
    if (m_error.empty())
        m_error = what;
    return false;
}

bool RunWriter::begin()
{
    return m_db.exec("BEGIN") || fail("starting a transaction: " + m_db.error());
}

bool RunWriter::commit()
{
    return m_db.exec("COMMIT") || fail("committing a batch: " + m_db.error());
}

void RunWriter::rollback()
{
    m_db.exec("ROLLBACK");
}

void RunWriter::absorb(const RecordBatch& batch)
{
    if (m_atoms.size() < batch.firstAtom + batch.atoms.size()) {
        m_atoms.resize(batch.firstAtom);
        m_atoms.insert(m_atoms.end(), batch.atoms.begin(), batch.atoms.end());
    }
    if (m_fields.size() < batch.firstField + batch.fields.size()) {
        m_fields.resize(batch.firstField);
        m_fields.insert(m_fields.end(), batch.fields.begin(), batch.fields.end());
    }
    const auto grow = [](std::vector<Atom>& names, std::uint16_t first, const std::vector<Atom>& more) {
        if (names.size() < first + more.size()) {
            names.resize(first);
            names.insert(names.end(), more.begin(), more.end());
        }
    };
    grow(m_services, batch.firstService, batch.services);
    grow(m_topics, batch.firstTopic, batch.topics);
    grow(m_groups, batch.firstGroup, batch.groups);
}

bool RunWriter::declareInjection(const std::string& spec, SimTime at)
{
    m_insertInjection.bind(1, m_nextInjection);
    m_insertInjection.bindText(2, spec);
    m_insertInjection.bind(3, at);
    if (!m_insertInjection.exec())
        return fail("storing an injection: " + m_insertInjection.error());
    m_pendingInjections.emplace_back(m_nextInjection++, spec);
    return true;
}

bool RunWriter::write(const RecordBatch& batch)
{
    if (!m_error.empty())
        return false;
    absorb(batch);
    for (const auto& [spec, at] : batch.injections)
        if (!declareInjection(spec, at))
            return false;
    std::size_t nextMessage = 0;
    for (const TraceRecord& r : batch.records) {
        if ((r.kind == TraceKind::Published || r.kind == TraceKind::CommandSent) && nextMessage < batch.messages.size())
            if (!writeMessage(r, batch.messages[nextMessage++]))
                return false;
        if (!writeRecord(r))
            return false;
        if (r.kind == TraceKind::Injection && !m_pendingInjections.empty()) {
            const std::string_view spec = text(r.detail);
            for (auto it = m_pendingInjections.begin(); it != m_pendingInjections.end(); ++it) {
                if (it->second != spec)
                    continue;
                m_setEffective.bind(1, it->first);
                m_setEffective.bind(2, r.t);
                if (!m_setEffective.exec())
                    return fail("storing an injection's time: " + m_setEffective.error());
                m_pendingInjections.erase(it);
                break;
            }
        }
    }
    return true;
}

void RunWriter::appendValue(std::string& out, const Value& v) const
{
    switch (v.type) {
    case Value::Type::Null:
        out += "null";
        return;
    case Value::Type::Bool:
        out += v.b ? "true" : "false";
        return;
    case Value::Type::Int:
        out += std::to_string(v.i);
        return;
    case Value::Type::Double:
        jsontext::appendNumber(out, v.d);
        return;
    case Value::Type::String:
        jsontext::appendString(out, text(v.s));
        return;
    case Value::Type::List:
    case Value::Type::Map: {
        const bool map = v.type == Value::Type::Map;
        out += map ? '{' : '[';
        for (std::uint32_t i = 0; i < v.range.count && v.range.begin + i < m_fields.size(); ++i) {
            const Field& f = m_fields[v.range.begin + i];
            if (i > 0)
                out += ',';
            if (map) {
                jsontext::appendString(out, text(f.key));
                out += ':';
            }
            appendValue(out, f.value);
        }
        out += map ? '}' : ']';
        return;
    }
    }
}

bool RunWriter::writeMessage(const TraceRecord& record, const Event& e)
{
    if (m_ids.size() <= e.seq)
        m_ids.resize(e.seq + 1, { 0, 0 });
    m_ids[e.seq] = { e.idHi, e.idLo };
    m_id = EventLog::formatId(e);
    const std::string_view producer = text(e.producer);
    m_source.assign("/eventloom/").append(m_scenarioId).append("/").append(producer);
    m_scratch.clear();
    appendValue(m_scratch, Value::map({ e.payloadBegin, e.payloadCount }));
    m_causation.clear();
    if (e.causation != kNoMessage && e.causation < m_ids.size()) {
        Event cause;
        cause.idHi = m_ids[e.causation].first;
        cause.idLo = m_ids[e.causation].second;
        m_causation = EventLog::formatId(cause);
    }
    SqliteStatement& s = m_insertMessage;
    s.bind(1, e.seq);
    s.bind(2, e.kind == Event::Kind::Command ? 1 : 0);
    s.bindText(3, m_id);
    s.bindText(4, m_source);
    s.bindText(5, text(e.type));
    s.bind(6, e.version);
    s.bind(7, record.t);
    s.bindTextOrNull(8, name(m_topics, e.topic));
    if (e.partition >= 0)
        s.bind(9, e.partition);
    else
        s.bindNull(9);
    if (e.offset >= 0)
        s.bind(10, e.offset);
    else
        s.bindNull(10);
    s.bindTextOrNull(11, text(e.key));
    s.bindTextOrNull(12, text(e.tenant));
    s.bindTextOrNull(13, text(e.correlation));
    s.bindTextOrNull(14, m_causation);
    s.bindTextOrNull(15, producer);
    s.bindTextOrNull(16, e.kind == Event::Kind::Command ? name(m_services, e.target) : std::string_view());
    s.bindText(17, m_scratch);
    return s.exec() || fail("writing a message: " + s.error());
}

bool RunWriter::writeRecord(const TraceRecord& r)
{
    SqliteStatement& s = m_insertRecord;
    const auto optional = [&](int index, bool present, std::int64_t value) {
        if (present)
            s.bind(index, value);
        else
            s.bindNull(index);
    };
    s.bind(1, m_nextRecord);
    s.bind(2, r.t);
    s.bindText(3, traceKindName(r.kind));
    optional(4, r.message != kNoMessage, r.message);
    s.bindTextOrNull(5, name(m_services, r.service));
    optional(6, r.instance != kNoIndex, r.instance);
    s.bindTextOrNull(7, name(m_groups, r.group));
    s.bindTextOrNull(8, name(m_topics, r.topic));
    optional(9, r.partition >= 0, r.partition);
    optional(10, r.offset >= 0, r.offset);
    optional(11, r.attempt != 0, r.attempt);
    s.bindTextOrNull(12, outcomeName(r.outcome));
    s.bindTextOrNull(13, sagaPhaseName(r.phase));
    optional(14, r.aux != 0, r.aux);
    s.bindTextOrNull(15, text(r.detail));
    s.bindTextOrNull(16, text(r.subject));
    optional(17, r.saga != kNoIndex, r.saga);
    if (!s.exec())
        return fail("writing a trace record: " + s.error());
    ++m_nextRecord;
    return true;
}

} // namespace eventloom
