#include "fingerprint.h"

#include "../bus/eventlog.h"

#include <cstdio>
#include <cstring>
#include <xxhash.h>

namespace eventloom {

namespace {
    struct Buffer {
        unsigned char bytes[512];
        std::size_t used = 0;
        template <typename T> void put(T v)
        {
            static_assert(std::is_trivially_copyable_v<T>);
            if (used + sizeof v > sizeof bytes)
                return; // payloads are folded field by field below; the envelope never gets here
            std::memcpy(bytes + used, &v, sizeof v);
            used += sizeof v;
        }
    };

    void foldValue(XXH3_state_t* state, const Value& v, const EventLog& log)
    {
        std::uint64_t words[2] = { static_cast<std::uint64_t>(v.type), 0 };
        switch (v.type) {
        case Value::Type::Null:
            break;
        case Value::Type::Bool:
            words[1] = v.b ? 1 : 0;
            break;
        case Value::Type::Int:
            words[1] = static_cast<std::uint64_t>(v.i);
            break;
        case Value::Type::Double:
            std::memcpy(&words[1], &v.d, sizeof v.d);
            break;
        case Value::Type::String:
            words[1] = log.atoms().hash(v.s);
            break;
        case Value::Type::List:
        case Value::Type::Map:
            words[1] = v.range.count;
            XXH3_64bits_update(state, words, sizeof words);
            for (std::uint32_t i = 0; i < v.range.count; ++i) {
                const Field& f = log.arena()[v.range.begin + i];
                const std::uint64_t key = log.atoms().hash(f.key);
                XXH3_64bits_update(state, &key, sizeof key);
                foldValue(state, f.value, log);
            }
            return;
        }
        XXH3_64bits_update(state, words, sizeof words);
    }
}

Fingerprint::Fingerprint() : m_state(XXH3_createState()) { XXH3_64bits_reset(m_state); }

Fingerprint::~Fingerprint() { XXH3_freeState(m_state); }

void Fingerprint::add(const TraceRecord& r, const EventLog& log)
{
    Buffer b;
    b.put(static_cast<std::uint8_t>(r.kind));
    b.put(static_cast<std::uint8_t>(r.outcome));
    b.put(r.attempt);
    b.put(r.t);
    b.put(r.message);
    b.put(r.service);
    b.put(r.instance);
    b.put(r.group);
    b.put(r.topic);
    b.put(r.partition);
    b.put(r.offset);
    b.put(r.aux);
    b.put(log.atoms().hash(r.detail));
    const bool carriesEnvelope = r.kind == TraceKind::Published || r.kind == TraceKind::CommandSent;
    if (carriesEnvelope) {
        const Event& e = log.at(r.message);
        b.put(e.idHi);
        b.put(e.idLo);
        b.put(e.causation);
        b.put(e.version);
        b.put(e.target);
        b.put(log.atoms().hash(e.type));
        b.put(log.atoms().hash(e.key));
        b.put(log.atoms().hash(e.tenant));
        b.put(log.atoms().hash(e.correlation));
        b.put(log.atoms().hash(e.producer));
    }
    XXH3_64bits_update(m_state, b.bytes, b.used);
    if (carriesEnvelope) {
        const Event& e = log.at(r.message);
        foldValue(m_state, Value::map({ e.payloadBegin, e.payloadCount }), log);
    }
}

std::uint64_t Fingerprint::value() const { return XXH3_64bits_digest(m_state); }

std::string Fingerprint::format(std::uint64_t value)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

} // namespace eventloom
