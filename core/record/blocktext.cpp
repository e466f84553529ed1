#include "blocktext.h"

#include <charconv>

namespace eventloom::blocktext {

namespace {
constexpr int kMaxDepth = 64;

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
}

void Reader::skipSpace()
{
    while (p != end && isSpace(*p))
        ++p;
}

bool Reader::take(char c)
{
    skipSpace();
    if (p == end || *p != c)
        return false;
    ++p;
    return true;
}

bool Reader::peek(char c)
{
    skipSpace();
    return p != end && *p == c;
}

bool Reader::integer(std::int64_t& value, std::string& why)
{
    skipSpace();
    const char* begin = p;
    const char* digits = p != end && *p == '-' ? p + 1 : p;
    const char* q = digits;
    while (q != end && *q >= '0' && *q <= '9')
        ++q;
    if (q == digits || (*digits == '0' && q - digits > 1) || (q != end && (*q == '.' || *q == 'e' || *q == 'E'))) {
        why = "is not an integer";
        return false;
    }
    const auto [last, failure] = std::from_chars(begin, q, value);
    if (failure != std::errc() || last != q) {
        why = "is out of range";
        return false;
    }
    p = q;
    return true;
}

bool Reader::string(std::string_view& raw, bool& escaped)
{
    skipSpace();
    if (p == end || *p != '"')
        return false;
    const char* begin = p++;
    escaped = false;
    while (p != end && *p != '"') {
        if (static_cast<unsigned char>(*p) < 0x20)
            return false;
        if (*p == '\\') {
            escaped = true;
            if (++p == end)
                return false;
        }
        ++p;
    }
    if (p == end)
        return false;
    ++p;
    raw = std::string_view(begin, static_cast<std::size_t>(p - begin));
    return true;
}

bool Reader::value(int depth)
{
    skipSpace();
    if (p == end || depth > kMaxDepth)
        return false;
    const char c = *p;
    if (c == '"') {
        std::string_view raw;
        bool escaped = false;
        return string(raw, escaped);
    }
    if (c == '{' || c == '[') {
        const char close = c == '{' ? '}' : ']';
        ++p;
        if (take(close))
            return true;
        do {
            if (c == '{') {
                std::string_view raw;
                bool escaped = false;
                if (!string(raw, escaped) || !take(':'))
                    return false;
            }
            if (!value(depth + 1))
                return false;
        } while (take(','));
        return take(close);
    }
    for (const std::string_view word : { "true", "false", "null" })
        if (std::string_view(p, static_cast<std::size_t>(end - p)).substr(0, word.size()) == word) {
            p += word.size();
            return true;
        }
    // A number: -?digits(.digits)?([eE][+-]?digits)?
    const char* q = p;
    if (q != end && *q == '-')
        ++q;
    const auto digits = [&] {
        const char* from = q;
        while (q != end && *q >= '0' && *q <= '9')
            ++q;
        return q != from;
    };
    if (!digits())
        return false;
    if (q != end && *q == '.' && (++q, !digits()))
        return false;
    if (q != end && (*q == 'e' || *q == 'E')) {
        ++q;
        if (q != end && (*q == '+' || *q == '-'))
            ++q;
        if (!digits())
            return false;
    }
    p = q;
    return true;
}

} // namespace eventloom::blocktext
