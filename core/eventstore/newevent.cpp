#include "newevent.h"

#include "../base/mix64.h"

namespace eventloom {

NewEvent NewEvent::causedBy(const Event& cause, std::uint32_t index, Atom type, std::span<const Field> payload)
{
    NewEvent e;
    const std::uint64_t hi = mix64(cause.idHi ^ mix64(cause.idLo + 0x9E3779B97F4A7C15ull * (index + 1ull)));
    const std::uint64_t lo = mix64(hi ^ cause.idLo ^ 0xD1B54A32D192ED03ull);
    // Shaped as an RFC 9562 version-8 UUID: derived, not random, and never 0:0 (which would mean "mint one").
    e.idHi = (hi & ~0xF000ull) | 0x8000ull;
    e.idLo = (lo & ~(3ull << 62)) | (2ull << 62);
    e.type = type;
    e.payload = payload;
    e.causation = cause.seq;
    return e;
}

} // namespace eventloom
