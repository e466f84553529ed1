#pragma once

#include "tracerecord.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

struct XXH3_state_s;

namespace eventloom {

class EventLog;
struct Value;

/// A 64-bit XXH3 digest folded over every trace record in order. It folds text hashes of atoms and
/// the records' integer fields, never pointers, wall-clock time or container iteration order.
/// Records are serialised into a buffer and hashed in bulk: XXH3's streaming digest does not
/// depend on how the input is split, and one large update costs far less than many small ones.
class Fingerprint {
public:
    Fingerprint();
    ~Fingerprint();
    Fingerprint(const Fingerprint&) = delete;
    Fingerprint& operator=(const Fingerprint&) = delete;

    void add(const TraceRecord& record, const EventLog& log);
    std::uint64_t value() const;
    /// 16 lowercase hex digits.
    static std::string format(std::uint64_t value);

private:
    template <typename T> void put(T v)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        if (m_used + sizeof v > sizeof m_buffer)
            flush();
        std::memcpy(m_buffer + m_used, &v, sizeof v);
        m_used += sizeof v;
    }
    void putValue(const Value& v, const EventLog& log);
    void flush() const;

    XXH3_state_s* m_state;
    mutable unsigned char m_buffer[16384];
    mutable std::size_t m_used = 0;
};

} // namespace eventloom
