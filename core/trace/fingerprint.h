#pragma once

#include "tracerecord.h"

#include <cstdint>
#include <memory>
#include <string>

struct XXH3_state_s;

namespace eventloom {

class EventLog;

/// A 64-bit XXH3 digest folded over every trace record in order. It folds text hashes of atoms and
/// the records' integer fields, never pointers, wall-clock time or container iteration order.
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
    XXH3_state_s* m_state;
};

} // namespace eventloom
