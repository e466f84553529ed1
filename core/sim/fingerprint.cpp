#include "fingerprint.h"

#include "../bus/eventlog.h"

#include <cstdio>
#include <cstring>

namespace eventloom {

namespace {
constexpr std::uint64_t kSecret0 = 0xa0761d6478bd642full;
constexpr std::uint64_t kSecret1 = 0xe7037ed1a0b428dbull;
constexpr std::uint64_t kSecret2 = 0x8ebc6af09c88c6e3ull;

std::uint64_t mum(std::uint64_t a, std::uint64_t b)
{
    const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
    return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

std::uint64_t packed(std::uint64_t low16, std::uint64_t b16, std::uint64_t c16, std::uint64_t d16)
{
    return (low16 & 0xFFFF) | ((b16 & 0xFFFF) << 16) | ((c16 & 0xFFFF) << 32) | ((d16 & 0xFFFF) << 48);
}
}

inline void Fingerprint::fold(std::uint64_t a, std::uint64_t b)
{
    m_state = mum(a ^ m_state ^ kSecret0, b ^ ((m_state << 32) | (m_state >> 32)) ^ kSecret1);
    ++m_words;
}

void Fingerprint::foldValue(std::uint64_t key, const Value& v, const EventLog& log)
{
    const std::uint64_t type = static_cast<std::uint64_t>(v.type) * kSecret2;
    switch (v.type) {
    case Value::Type::Null:
        fold(key, type);
        break;
    case Value::Type::Bool:
        fold(key, type ^ (v.b ? 1u : 0u));
        break;
    case Value::Type::Int:
        fold(key ^ type, static_cast<std::uint64_t>(v.i));
        break;
    case Value::Type::Double: {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v.d, sizeof bits);
        fold(key ^ type, bits);
        break;
    }
    case Value::Type::String:
        fold(key ^ type, log.atoms().hash(v.s));
        break;
    case Value::Type::List:
    case Value::Type::Map:
        fold(key ^ type, v.range.count);
        for (std::uint32_t i = 0; i < v.range.count; ++i) {
            const Field& f = log.arena()[v.range.begin + i];
            foldValue(log.atoms().hash(f.key), f.value, log);
        }
        break;
    }
}

void Fingerprint::add(const TraceRecord& r, const EventLog& log)
{
    const AtomTable& atoms = log.atoms();
    fold(static_cast<std::uint64_t>(r.t), static_cast<std::uint64_t>(r.offset));
    fold(static_cast<std::uint64_t>(r.aux), atoms.hash(r.detail));
    fold(r.message | (static_cast<std::uint64_t>(static_cast<std::uint32_t>(r.partition)) << 32),
        packed(r.attempt, r.service, r.instance, r.group));
    fold(packed(r.topic, static_cast<std::uint64_t>(r.kind), static_cast<std::uint64_t>(r.outcome),
             static_cast<std::uint64_t>(r.phase)),
        r.kind == TraceKind::Saga ? atoms.hash(r.subject) ^ r.saga : 0);
    if (r.kind == TraceKind::Published || r.kind == TraceKind::CommandSent) {
        const Event& e = log.at(r.message);
        fold(e.idHi, e.idLo);
        fold(atoms.hash(e.type), atoms.hash(e.key));
        fold(atoms.hash(e.tenant), atoms.hash(e.correlation));
        fold(atoms.hash(e.producer),
            e.causation | (static_cast<std::uint64_t>(e.version) << 32) | (static_cast<std::uint64_t>(e.target) << 48));
        fold(e.replyTo, static_cast<std::uint64_t>(e.kind));
        foldValue(0, Value::map({ e.payloadBegin, e.payloadCount }), log);
    }
}

std::uint64_t Fingerprint::value() const
{
    // A final avalanche, so runs that differ only in their last record still differ everywhere.
    return mum(m_state ^ kSecret2, m_words ^ kSecret0);
}

std::string Fingerprint::format(std::uint64_t value)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

} // namespace eventloom
