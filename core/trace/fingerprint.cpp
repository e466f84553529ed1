#include "fingerprint.h"

#include "../bus/eventlog.h"

#include <cstdio>
#include <cstring>
#include <xxhash.h>

namespace eventloom {

void Fingerprint::putValue(const Value& v, const EventLog& log)
{
    put(static_cast<std::uint64_t>(v.type));
    switch (v.type) {
    case Value::Type::Null:
        put(std::uint64_t { 0 });
        break;
    case Value::Type::Bool:
        put(std::uint64_t { v.b ? 1u : 0u });
        break;
    case Value::Type::Int:
        put(static_cast<std::uint64_t>(v.i));
        break;
    case Value::Type::Double:
        put(v.d);
        break;
    case Value::Type::String:
        put(log.atoms().hash(v.s));
        break;
    case Value::Type::List:
    case Value::Type::Map:
        put(static_cast<std::uint64_t>(v.range.count));
        for (std::uint32_t i = 0; i < v.range.count; ++i) {
            const Field& f = log.arena()[v.range.begin + i];
            put(log.atoms().hash(f.key));
            putValue(f.value, log);
        }
        break;
    }
}

Fingerprint::Fingerprint() : m_state(XXH3_createState()) { XXH3_64bits_reset(m_state); }

Fingerprint::~Fingerprint() { XXH3_freeState(m_state); }

namespace {
    // Fixed layouts with no padding, so every byte folded is a defined value.
    struct PackedRecord {
        std::int64_t t;
        std::int64_t offset;
        std::int64_t aux;
        std::uint64_t detail;
        std::uint32_t message;
        std::int32_t partition;
        std::uint16_t attempt, service, instance, group, topic;
        std::uint8_t kind, outcome;
        std::uint8_t zero[4];
    };
    static_assert(std::has_unique_object_representations_v<PackedRecord>);

    struct PackedEnvelope {
        std::uint64_t idHi, idLo, type, key, tenant, correlation, producer;
        std::uint32_t causation;
        std::uint16_t version, target;
    };
    static_assert(std::has_unique_object_representations_v<PackedEnvelope>);
}

void Fingerprint::add(const TraceRecord& r, const EventLog& log)
{
    const AtomTable& atoms = log.atoms();
    put(PackedRecord { r.t, r.offset, r.aux, atoms.hash(r.detail), r.message, r.partition, r.attempt, r.service,
        r.instance, r.group, r.topic, static_cast<std::uint8_t>(r.kind), static_cast<std::uint8_t>(r.outcome),
        { 0, 0, 0, 0 } });
    if (r.kind == TraceKind::Published || r.kind == TraceKind::CommandSent) {
        const Event& e = log.at(r.message);
        put(PackedEnvelope { e.idHi, e.idLo, atoms.hash(e.type), atoms.hash(e.key), atoms.hash(e.tenant),
            atoms.hash(e.correlation), atoms.hash(e.producer), e.causation, e.version, e.target });
        putValue(Value::map({ e.payloadBegin, e.payloadCount }), log);
    }
}

void Fingerprint::flush() const
{
    XXH3_64bits_update(m_state, m_buffer, m_used);
    m_used = 0;
}

std::uint64_t Fingerprint::value() const
{
    flush();
    return XXH3_64bits_digest(m_state);
}

std::string Fingerprint::format(std::uint64_t value)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

} // namespace eventloom
