#include "runwriter.h"

#include "../base/mix64.h"
#include "../bus/eventlog.h"
#include "jsontext.h"

#include <algorithm>
#include <bit>

namespace eventloom {

RunWriter::RunWriter(SqliteDb& db, std::string scenarioId)
    : m_db(db)
    , m_scenarioId(std::move(scenarioId))
{
    // Schema 4 (RunFileSchema): a batch's records in one trace block and its messages in one message block.
    m_insertMessages = m_db.prepare("INSERT INTO message_blocks (first, n, t0, data) VALUES (?1, ?2, ?3, ?4)");
    m_insertBlock = m_db.prepare("INSERT INTO trace_blocks (first, n, t0, m0, data) VALUES (?1, ?2, ?3, ?4, ?5)");
    m_insertName = m_db.prepare("INSERT INTO names (id, text) VALUES (?1, ?2)");
    m_nextName = m_db.queryInt("SELECT coalesce(max(id), 0) + 1 FROM names", 1);
    m_insertInjection = m_db.prepare("INSERT INTO injections (ordinal, spec, at) VALUES (?1, ?2, ?3)");
    m_setEffective = m_db.prepare("UPDATE injections SET effective = ?2 WHERE ordinal = ?1");
    if (!m_insertMessages.valid() || !m_insertBlock.valid() || !m_insertInjection.valid() || !m_setEffective.valid()
        || !m_insertName.valid())
        m_error = "preparing the run file's statements: " + m_db.error();
}

std::int64_t RunWriter::nameId(std::string_view text)
{
    if (text.empty())
        return 0;
    const auto [it, added] = m_nameIds.try_emplace(std::string(text), m_nextName);
    if (added) {
        m_insertName.bind(1, m_nextName);
        m_insertName.bindText(2, text);
        if (!m_insertName.exec()) {
            m_nameIds.erase(it);
            fail("writing a name: " + m_insertName.error());
            return 0;
        }
        ++m_nextName;
    }
    return it->second;
}

std::span<const Field> RunWriter::fields(const Value& v) const
{
    // A range the engine appended by one call is contiguous (SharedPrefixVector::span); one past what the
    // writer has (never, from the engine) reads as shorter.
    if (v.range.begin >= m_fields.size())
        return {};
    return m_fields.span(v.range.begin, std::min<std::size_t>(v.range.count, m_fields.size() - v.range.begin));
}

std::uint64_t RunWriter::payloadHash(const Value& v) const
{
    std::uint64_t h = mix64(static_cast<std::uint64_t>(v.type) + 1);
    switch (v.type) {
    case Value::Type::Null:
        return h;
    case Value::Type::Bool:
        return mix64(h ^ (v.b ? 1u : 0u));
    case Value::Type::Int:
        return mix64(h ^ static_cast<std::uint64_t>(v.i));
    case Value::Type::Double:
        return mix64(h ^ std::bit_cast<std::uint64_t>(v.d));
    case Value::Type::String:
        return mix64(h ^ v.s);
    case Value::Type::List:
    case Value::Type::Map:
        for (const Field& f : fields(v))
            h = mix64(h ^ f.key) + payloadHash(f.value);
        return mix64(h ^ v.range.count);
    }
    return h;
}

bool RunWriter::samePayload(const Value& a, const Value& b) const
{
    // Equal structure, equal atoms and equal bits: the JSON texts are equal too (an atom is one text).
    if (a.type != b.type)
        return false;
    switch (a.type) {
    case Value::Type::Null:
        return true;
    case Value::Type::Bool:
        return a.b == b.b;
    case Value::Type::Int:
        return a.i == b.i;
    case Value::Type::Double:
        return std::bit_cast<std::uint64_t>(a.d) == std::bit_cast<std::uint64_t>(b.d);
    case Value::Type::String:
        return a.s == b.s;
    case Value::Type::List:
    case Value::Type::Map: {
        if (a.range.count != b.range.count || a.range.begin + a.range.count > m_fields.size()
            || b.range.begin + b.range.count > m_fields.size())
            return false;
        const std::span<const Field> x = fields(a), y = fields(b);
        for (std::size_t i = 0; i < x.size(); ++i)
            if (x[i].key != y[i].key || !samePayload(x[i].value, y[i].value))
                return false;
        return true;
    }
    }
    return false;
}

std::int64_t RunWriter::payloadBack(const Value& payload)
{
    // A payload passed on (an event that repeats its command's) is stored once per block: the later
    // message says how many places back the first is. Compared by structure in the arena, so the JSON is
    // formatted only for a payload stored in full.
    const std::uint64_t hash = payloadHash(payload);
    const std::int64_t index = m_messages.count(), block = m_messages.first();
    StoredPayload& slot = m_payloads[hash % kPayloadSlots];
    if (slot.block == block && slot.hash == hash && samePayload(slot.value, payload))
        return index - slot.index;
    slot = { hash, index, block, payload };
    m_scratch.clear();
    appendValue(m_scratch, payload);
    return 0;
}

std::int64_t RunWriter::atomId(Atom atom)
{
    if (atom == 0 || atom >= m_atoms.size())
        return 0;
    if (m_atomIds.size() <= atom)
        m_atomIds.resize(m_atoms.size(), 0);
    std::int64_t& id = m_atomIds[atom];
    if (id == 0)
        id = nameId(m_atoms[atom]);
    return id;
}

void RunWriter::bindName(SqliteStatement& s, int index, std::int64_t id)
{
    if (id != 0)
        s.bind(index, id);
    else
        s.bindNull(index);
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
    std::int64_t t0 = 0, m0 = 0;
    m_block.finish(t0, m0); // drops the records
    m_messages.start(0, 0);
    m_db.exec("ROLLBACK");
}

void RunWriter::absorb(const RecordBatch& batch)
{
    m_atoms.follow(batch.atoms);
    m_fields.follow(batch.fields);
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
    return writeBlock() && writeMessages();
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
        bool first = true;
        for (const Field& f : fields(v)) {
            if (!first)
                out += ',';
            first = false;
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
    // A block holds consecutive seqs; a gap (never, from the engine) starts the next block.
    if (!m_messages.empty() && m_messages.first() + m_messages.count() != e.seq && !writeMessages())
        return false;
    if (m_messages.empty())
        m_messages.start(e.seq, record.t);
    if (m_written.size() <= e.seq)
        m_written.resize(e.seq + 1, false);
    m_written[e.seq] = true;
    m_id = EventLog::formatId(e);
    if (m_sourceIds.size() <= e.producer)
        m_sourceIds.resize(std::size_t(e.producer) + 1, 0);
    std::int64_t& source = m_sourceIds[e.producer];
    if (source == 0) {
        m_source.assign("/eventloom/").append(m_scenarioId).append("/").append(text(e.producer));
        source = nameId(m_source);
    }
    StoredMessage m;
    m.seq = e.seq;
    m.command = e.kind == Event::Kind::Command;
    m.id = m_id;
    m.source = source;
    m.type = atomId(e.type);
    m.version = e.version;
    m.t = record.t;
    m.topic = e.topic < m_topics.size() ? atomId(m_topics[e.topic]) : 0;
    m.partition = e.partition >= 0 ? e.partition : -1;
    m.offset = e.offset >= 0 ? e.offset : -1;
    m.key = e.key != 0 ? text(e.key) : std::string_view();
    m.tenant = e.tenant != 0 ? text(e.tenant) : std::string_view();
    m.correlation = e.correlation != 0 ? text(e.correlation) : std::string_view();
    m.cause = e.causation != kNoMessage && e.causation < m_written.size() && m_written[e.causation]
        ? static_cast<std::int64_t>(e.causation)
        : -1;
    m.producer = atomId(e.producer);
    m.target = e.kind == Event::Kind::Command && e.target < m_services.size() ? atomId(m_services[e.target]) : 0;
    const std::int64_t back = payloadBack(Value::map({ e.payloadBegin, e.payloadCount }));
    m.payload = m_scratch;
    m_messages.add(m, back);
    return m_error.empty();
}

bool RunWriter::writeMessages()
{
    if (m_messages.empty())
        return true;
    SqliteStatement& s = m_insertMessages;
    s.bind(1, m_messages.first());
    s.bind(2, m_messages.count());
    s.bind(3, m_messages.t0());
    s.bindText(4, m_messages.finish());
    const bool ok = m_error.empty() && s.exec();
    m_messages.start(0, 0);
    return ok || fail("writing a message block: " + s.error());
}

std::int64_t RunWriter::enumId(std::vector<std::int64_t>& ids, std::size_t value, std::string_view text)
{
    if (ids.size() <= value)
        ids.resize(value + 1, 0);
    if (ids[value] == 0)
        ids[value] = nameId(text);
    return ids[value];
}

bool RunWriter::writeRecord(const TraceRecord& r)
{
    const auto named = [&](const std::vector<Atom>& names, std::uint16_t index) -> std::int64_t {
        return index < names.size() ? atomId(names[index]) : 0;
    };
    const auto index = [](std::uint16_t i) -> std::int64_t { return i != kNoIndex ? i : -1; };
    if (m_block.empty())
        m_blockFirst = m_nextRecord;
    m_block.add({ r.t, enumId(m_kindIds, static_cast<std::size_t>(r.kind), traceKindName(r.kind)),
        r.message != kNoMessage ? static_cast<std::int64_t>(r.message) : -1, named(m_services, r.service),
        index(r.instance), named(m_topics, r.topic), r.partition >= 0 ? r.partition : -1, r.offset >= 0 ? r.offset : -1,
        named(m_groups, r.group), r.attempt,
        enumId(m_outcomeIds, static_cast<std::size_t>(r.outcome), outcomeName(r.outcome)),
        enumId(m_phaseIds, static_cast<std::size_t>(r.phase), sagaPhaseName(r.phase)), r.aux, atomId(r.detail),
        atomId(r.subject), index(r.saga) });
    ++m_nextRecord;
    return m_error.empty() && (m_block.count() < TraceBlock::kMaxRecords || writeBlock());
}

bool RunWriter::writeBlock()
{
    if (m_block.empty())
        return true;
    // One row for the whole batch: a row per record cost more than the simulation itself (B3).
    SqliteStatement& s = m_insertBlock;
    const std::int64_t n = m_block.count();
    std::int64_t t0 = 0, m0 = 0;
    const std::string& text = m_block.finish(t0, m0);
    s.bind(1, m_blockFirst);
    s.bind(2, n);
    s.bind(3, t0);
    s.bind(4, m0);
    s.bindText(5, text);
    if (!m_error.empty() || !s.exec())
        return fail("writing a trace block: " + s.error());
    return true;
}

} // namespace eventloom
