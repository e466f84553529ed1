#include "messageblock.h"

#include "blocktext.h"
#include "jsontext.h"

#include <array>
#include <charconv>
#include <optional>

namespace eventloom {

namespace {
/// The field names of a message's array, for errors (the `messages` view's columns).
constexpr std::array<const char*, MessageBlock::kFields> kNames = { "t", "command", "id", "source", "type", "version",
    "topic", "partition", "offset", "key", "tenant", "correlation", "cause", "producer", "target", "payload" };

void appendInt(std::string& out, std::int64_t x)
{
    if (static_cast<std::uint64_t>(x) < 10) {
        out += static_cast<char>('0' + x);
        return;
    }
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, x).ptr);
}

}

void MessageBlock::Encoder::start(std::int64_t first, std::int64_t t0)
{
    m_text.clear();
    m_text += '[';
    m_first = first;
    m_n = 0;
    m_t0 = m_last = t0;
}

void MessageBlock::Encoder::add(const StoredMessage& m, std::int64_t payloadBack)
{
    std::string& out = m_text;
    const auto text = [&](std::string_view s) {
        if (s.empty())
            out += '0';
        else
            jsontext::appendString(out, s);
    };
    if (m_n > 0)
        out += ',';
    out += '[';
    appendInt(out, m.t - m_last);
    m_last = m.t;
    out += m.command ? ",1," : ",0,";
    jsontext::appendString(out, m.id);
    for (const std::int64_t x : { m.source, m.type, m.version, m.topic, m.partition + 1, m.offset + 1 }) {
        out += ',';
        appendInt(out, x);
    }
    for (const std::string_view s : { m.key, m.tenant, m.correlation }) {
        out += ',';
        text(s);
    }
    for (const std::int64_t x : { m.cause < 0 ? 0 : m.seq - m.cause, m.producer, m.target }) {
        out += ',';
        appendInt(out, x);
    }
    out += ',';
    if (payloadBack > 0)
        appendInt(out, payloadBack);
    else
        out += m.payload;
    out += ']';
    ++m_n;
}

const std::string& MessageBlock::Encoder::finish()
{
    m_text += ']';
    return m_text;
}

bool MessageBlock::parse(std::string_view data, std::int64_t first, std::int64_t n, std::int64_t t0,
    std::vector<StoredMessage>& out, std::string& error)
{
    out.clear();
    m_unescaped.clear();
    if (n >= 1 && n <= kMaxMessages)
        out.reserve(static_cast<std::size_t>(n));
    static constexpr blocktext::Items kItems { "message", "first seq", 0, kMaxMessages, "is not an array" };
    return blocktext::parse(
        data, first, n, kItems,
        [&](blocktext::Reader& in, std::int64_t i, std::int64_t seq, std::string& why) {
            StoredMessage& m = out.emplace_back();
            m.seq = seq;
            for (int c = 0; c < kFields; ++c) {
                const std::string name = kNames[static_cast<std::size_t>(c)];
                if (c > 0 && !in.take(',')) {
                    why = in.peek(']') ? "has " + std::to_string(c) + " of its " + std::to_string(kFields) + " values"
                                       : std::string("is not an array of values");
                    return false;
                }
                // A string field: id always; key, tenant and correlation unless 0 (none).
                if (c == 2 || ((c == 9 || c == 10 || c == 11) && in.peek('"'))) {
                    std::string_view raw;
                    bool escaped = false;
                    if (!in.string(raw, escaped)) {
                        why = name + " is not a string";
                        return false;
                    }
                    std::string_view text = raw.substr(1, raw.size() - 2);
                    if (escaped) {
                        std::optional<std::string> plain = jsontext::stringValue(raw);
                        if (!plain) {
                            why = name + " is not a valid JSON string";
                            return false;
                        }
                        text = m_unescaped.emplace_back(std::move(*plain));
                    }
                    if (text.empty()) {
                        why = name + " is empty";
                        return false;
                    }
                    (c == 2 ? m.id : c == 9 ? m.key : c == 10 ? m.tenant : m.correlation) = text;
                    continue;
                }
                if (c == 15 && in.peek('{')) {
                    in.skipSpace();
                    const char* begin = in.p;
                    if (!in.value()) {
                        why = "payload is not a JSON object";
                        return false;
                    }
                    m.payload = std::string_view(begin, static_cast<std::size_t>(in.p - begin));
                    continue;
                }
                std::int64_t x = 0;
                if (!in.integer(x, why)) {
                    why = name + (c == 15 ? " is neither an object nor an integer" : ' ' + why);
                    return false;
                }
                bool bad = false;
                switch (c) {
                case 0:
                    bad = __builtin_add_overflow(t0, x, &t0);
                    m.t = t0;
                    break;
                case 1:
                    bad = x != 0 && x != 1;
                    m.command = x == 1;
                    break;
                case 5:
                    bad = x < 0;
                    m.version = x;
                    break;
                case 7:
                case 8:
                    bad = x < 0;
                    (c == 7 ? m.partition : m.offset) = x - 1;
                    break;
                case 9:
                case 10:
                case 11:
                    bad = x != 0; // none
                    break;
                case 12:
                    bad = x < 0 || x > seq;
                    m.cause = x > 0 ? seq - x : -1;
                    break;
                case 15:
                    bad = x < 1 || x > i;
                    if (!bad)
                        m.payload = out[static_cast<std::size_t>(i - x)].payload;
                    break;
                default: // names
                    bad = x < 0;
                    (c == 3 ? m.source : c == 4 ? m.type : c == 6 ? m.topic : c == 13 ? m.producer : m.target) = x;
                    break;
                }
                if (bad) {
                    why = name + " is out of range";
                    return false;
                }
            }
            if (!in.take(']')) {
                why = "has more than " + std::to_string(kFields) + " values";
                return false;
            }
            return true;
        },
        error);
}

} // namespace eventloom
