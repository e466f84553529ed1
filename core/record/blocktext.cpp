#include "blocktext.h"

namespace eventloom::blocktext {

namespace {
constexpr int kMaxDepth = 64;
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
