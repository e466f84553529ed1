#pragma once

#include "../trace/tracerecord.h"

#include <cstdint>
#include <string>

namespace eventloom {

class EventLog;
struct Value;

/// A 64-bit digest folded over every trace record in order, for regression and replay checks.
/// It folds integer fields and the XXH3 text hashes of atoms, never pointers, wall-clock time or
/// container iteration order. The fold is a chained 64×64→128-bit multiply-mix (as in wyhash),
/// two words at a time: a few instructions per record, where a general-purpose hash over the
/// serialised record cost more than the rest of a delivery.
class Fingerprint {
public:
    void add(const TraceRecord& record, const EventLog& log);
    std::uint64_t value() const;
    /// 16 lowercase hex digits.
    static std::string format(std::uint64_t value);

private:
    [[gnu::always_inline]] void fold(std::uint64_t a, std::uint64_t b);
    void foldValue(std::uint64_t key, const Value& v, const EventLog& log);

    std::uint64_t m_state = 0x243F6A8885A308D3ull; // digits of pi: any fixed non-zero start
    std::uint64_t m_words = 0; ///< pairs folded
};

} // namespace eventloom
