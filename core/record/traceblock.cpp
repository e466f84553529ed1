#include "traceblock.h"

#include "blocktext.h"

#include <algorithm>
#include <charconv>

namespace eventloom {

namespace {
/// How a column is coded in a block: `Shifted` stores value + 1 (0 for none), `Name` an id (0 for none),
/// `Plain` the value (0 for none), `Time` and `Message` relative to the block's bases.
enum class Coding { Time, Name, Message, Shifted, Plain, Required };

constexpr std::array<Coding, 16> kCoding = { Coding::Time, Coding::Required, Coding::Message, Coding::Name,
    Coding::Shifted, Coding::Name, Coding::Shifted, Coding::Shifted, Coding::Name, Coding::Plain, Coding::Name,
    Coding::Name, Coding::Plain, Coding::Name, Coding::Name, Coding::Shifted };
/// The records view's column names, in the block's order.
constexpr std::array<const char*, 16> kNames = { "t", "kind", "message", "service", "instance", "topic", "partition",
    "offset", "grp", "attempt", "outcome", "phase", "aux", "detail", "subject", "saga" };

}

void TraceBlock::Encoder::add(const Values& values)
{
    m_records.push_back(values);
    const std::int64_t message = values[2];
    if (message >= 0 && (m_m0 < 0 || message < m_m0))
        m_m0 = message;
}

const std::string& TraceBlock::Encoder::finish(std::int64_t& t0, std::int64_t& m0)
{
    // Times are mostly equal or close to the record's before: relative to it, they take a digit or two.
    // Each record is formatted into a local buffer and appended once: appending value by value was a
    // tenth of a recorded run.
    t0 = m_records.empty() ? 0 : m_records.front()[0];
    m0 = std::max<std::int64_t>(m_m0, 0);
    std::int64_t last = t0;
    std::array<std::int64_t, kOrder.size()> coded {};
    char line[kOrder.size() * 21 + 4];
    m_text.clear();
    m_text.reserve(m_records.size() * 32 + 2);
    m_text += '[';
    for (std::size_t i = 0; i < m_records.size(); ++i) {
        const Values& r = m_records[i];
        std::size_t used = 2;
        for (std::size_t c = 0; c < kOrder.size(); ++c) {
            std::int64_t x = r[c];
            switch (kCoding[c]) {
            case Coding::Time:
                x = r[c] - last;
                last = r[c]; // the next record's time is relative to this one's
                break;
            case Coding::Message:
                x = r[c] < 0 ? 0 : r[c] - m0 + 1;
                break;
            case Coding::Shifted:
                x = r[c] < 0 ? 0 : r[c] + 1;
                break;
            case Coding::Name:
            case Coding::Required:
            case Coding::Plain:
                break;
            }
            coded[c] = x;
            if (x != 0)
                used = std::max(used, c + 1);
        }
        char* p = line;
        if (i > 0)
            *p++ = ',';
        *p++ = '[';
        for (std::size_t c = 0; c < used; ++c) {
            if (c > 0)
                *p++ = ',';
            const std::int64_t x = coded[c];
            if (static_cast<std::uint64_t>(x) < 10)
                *p++ = static_cast<char>('0' + x);
            else
                p = std::to_chars(p, line + sizeof line, x).ptr;
        }
        *p++ = ']';
        m_text.append(line, p);
    }
    m_text += ']';
    m_records.clear();
    m_m0 = -1;
    return m_text;
}

bool TraceBlock::parse(std::string_view data, std::int64_t first, std::int64_t n, std::int64_t t0, std::int64_t m0,
    std::vector<StoredRecord>& out, std::string& error)
{
    out.clear();
    if (n >= 1 && n <= kMaxRecords)
        out.reserve(static_cast<std::size_t>(n));
    static constexpr blocktext::Items kItems { "record", "first record id", 1, kMaxRecords,
        "is not an array of integers" };
    return blocktext::parse(
        data, first, n, kItems,
        [&](blocktext::Reader& in, std::int64_t, std::int64_t id, std::string& why) {
            StoredRecord& r = out.emplace_back();
            r[StoredRecord::Id].set(id, true);
            std::size_t c = 0;
            if (!in.take(']')) {
                for (;; ++c) {
                    if (c == kOrder.size()) {
                        why = "has more than " + std::to_string(kOrder.size()) + " values";
                        return false;
                    }
                    std::int64_t x = 0;
                    if (!in.integer(x, why)) {
                        why = std::string(kNames[c]) + ' ' + why;
                        return false;
                    }
                    StoredRecord::Value& v = r[kOrder[c]];
                    bool bad = false;
                    switch (kCoding[c]) {
                    case Coding::Time:
                        bad = __builtin_add_overflow(t0, x, &t0);
                        v.set(t0, true);
                        break;
                    case Coding::Message: {
                        std::int64_t seq = 0;
                        bad = x < 0 || (x > 0 && __builtin_add_overflow(m0, x - 1, &seq));
                        v.set(seq, x > 0);
                        break;
                    }
                    case Coding::Shifted:
                        bad = x < 0;
                        v.set(x - 1, x > 0);
                        break;
                    case Coding::Name:
                    case Coding::Required:
                        bad = x < 0;
                        v.set(x, x > 0);
                        break;
                    case Coding::Plain:
                        bad = kNames[c] == std::string_view("attempt") && x < 0;
                        v.set(x, x != 0);
                        break;
                    }
                    if (bad) {
                        why = std::string(kNames[c]) + " is out of range";
                        return false;
                    }
                    if (in.take(']'))
                        break;
                    if (!in.take(',')) {
                        why = "is not an array of integers";
                        return false;
                    }
                }
                ++c;
            }
            if (c < 2 || r[StoredRecord::Kind].null) {
                why = c < 2 ? "has no time or kind" : "kind is not a name id";
                return false;
            }
            return true;
        },
        error);
}

} // namespace eventloom
