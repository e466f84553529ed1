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

void TraceBlock::bases(const std::vector<StoredRecord>& records, std::int64_t& t0, std::int64_t& m0)
{
    t0 = records.empty() ? 0 : records.front()[StoredRecord::T].value;
    m0 = 0;
    bool any = false;
    for (const StoredRecord& r : records)
        if (!r[StoredRecord::Message].null && (!any || r[StoredRecord::Message].value < m0)) {
            m0 = r[StoredRecord::Message].value;
            any = true;
        }
}

void TraceBlock::encode(const std::vector<StoredRecord>& records, std::int64_t t0, std::int64_t m0, std::string& out)
{
    // Times are mostly equal or close to the record's before: relative to it, they take a digit or two.
    // Each record is formatted into a local buffer and appended once: appending value by value was a
    // tenth of a recorded run.
    std::array<std::int64_t, kOrder.size()> coded {};
    char line[kOrder.size() * 21 + 4];
    out.reserve(out.size() + records.size() * 32 + 2);
    out += '[';
    for (std::size_t i = 0; i < records.size(); ++i) {
        const StoredRecord& r = records[i];
        std::size_t used = 2;
        for (std::size_t c = 0; c < kOrder.size(); ++c) {
            const StoredRecord::Value& v = r[kOrder[c]];
            std::int64_t x = v.null ? 0 : v.value;
            if (c == 0) {
                x = v.value - t0;
                t0 = v.value; // the next record's time is relative to this one's
            } else if (kCoding[c] == Coding::Message) {
                x = v.null ? 0 : v.value - m0 + 1;
            } else if (kCoding[c] == Coding::Shifted) {
                x = v.null ? 0 : v.value + 1;
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
        out.append(line, p);
    }
    out += ']';
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
