#include "jsontext.h"

#include "../base/utf8.h"

#include <charconv>
#include <cmath>

namespace eventloom::jsontext {

namespace {
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void skipSpace(std::string_view text, std::size_t& pos)
{
    while (pos < text.size() && isSpace(text[pos]))
        ++pos;
}

/// Moves `pos` past a string starting at text[pos] == '"'.
bool skipString(std::string_view text, std::size_t& pos)
{
    for (++pos; pos < text.size(); ++pos) {
        if (text[pos] == '\\')
            ++pos;
        else if (text[pos] == '"') {
            ++pos;
            return true;
        }
    }
    return false;
}

/// Moves `pos` past one value (strings, nesting and scalars), checking only the structure.
bool skipValue(std::string_view text, std::size_t& pos)
{
    skipSpace(text, pos);
    if (pos >= text.size())
        return false;
    const char c = text[pos];
    if (c == '"')
        return skipString(text, pos);
    if (c == '{' || c == '[') {
        int depth = 0;
        while (pos < text.size()) {
            const char d = text[pos];
            if (d == '"') {
                if (!skipString(text, pos))
                    return false;
                continue;
            }
            if (d == '{' || d == '[')
                ++depth;
            else if (d == '}' || d == ']') {
                if (--depth == 0) {
                    ++pos;
                    return true;
                }
            }
            ++pos;
        }
        return false;
    }
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] != ',' && text[pos] != '}' && text[pos] != ']' && !isSpace(text[pos]))
        ++pos;
    return pos > start;
}

bool unescape(std::string_view raw, std::string& out)
{
    // raw includes the quotes
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i + 1 > raw.size() - 1)
            return false;
        switch (raw[i]) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'u': {
            if (i + 4 >= raw.size())
                return false;
            unsigned cp = 0;
            std::from_chars(raw.data() + i + 1, raw.data() + i + 5, cp, 16);
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u') {
                unsigned low = 0;
                std::from_chars(raw.data() + i + 3, raw.data() + i + 7, low, 16);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            out += raw[i];
            break;
        }
    }
    return true;
}
}

void appendString(std::string& out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    // Runs of plain characters go in one append; exports spend much of their time here.
    std::size_t plain = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20)
            continue;
        out.append(text.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += kHex[(c >> 4) & 0xF];
            out += kHex[c & 0xF];
        }
    }
    out.append(text.data() + plain, text.size() - plain);
    out += '"';
}

void appendNumber(std::string& out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

std::optional<std::vector<Member>> objectMembers(std::string_view text)
{
    std::vector<Member> members;
    std::size_t pos = 0;
    skipSpace(text, pos);
    if (pos >= text.size() || text[pos] != '{')
        return std::nullopt;
    ++pos;
    skipSpace(text, pos);
    if (pos < text.size() && text[pos] == '}') {
        ++pos;
    } else {
        while (true) {
            skipSpace(text, pos);
            if (pos >= text.size() || text[pos] != '"')
                return std::nullopt;
            const std::size_t keyStart = pos;
            if (!skipString(text, pos))
                return std::nullopt;
            Member m;
            if (!unescape(text.substr(keyStart, pos - keyStart), m.key))
                return std::nullopt;
            skipSpace(text, pos);
            if (pos >= text.size() || text[pos] != ':')
                return std::nullopt;
            ++pos;
            skipSpace(text, pos);
            const std::size_t valueStart = pos;
            if (!skipValue(text, pos))
                return std::nullopt;
            m.raw = text.substr(valueStart, pos - valueStart);
            members.push_back(std::move(m));
            skipSpace(text, pos);
            if (pos < text.size() && text[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < text.size() && text[pos] == '}') {
                ++pos;
                break;
            }
            return std::nullopt;
        }
    }
    skipSpace(text, pos);
    if (pos != text.size())
        return std::nullopt;
    return members;
}

std::optional<std::vector<std::string_view>> arrayElements(std::string_view text)
{
    std::vector<std::string_view> elements;
    std::size_t pos = 0;
    skipSpace(text, pos);
    if (pos >= text.size() || text[pos] != '[')
        return std::nullopt;
    ++pos;
    skipSpace(text, pos);
    if (pos < text.size() && text[pos] == ']') {
        ++pos;
    } else {
        while (true) {
            skipSpace(text, pos);
            const std::size_t start = pos;
            if (!skipValue(text, pos))
                return std::nullopt;
            elements.push_back(text.substr(start, pos - start));
            skipSpace(text, pos);
            if (pos < text.size() && text[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < text.size() && text[pos] == ']') {
                ++pos;
                break;
            }
            return std::nullopt;
        }
    }
    skipSpace(text, pos);
    if (pos != text.size())
        return std::nullopt;
    return elements;
}

std::optional<std::string> stringValue(std::string_view raw)
{
    if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"')
        return std::nullopt;
    std::string out;
    if (!unescape(raw, out))
        return std::nullopt;
    return out;
}

std::optional<std::int64_t> intValue(std::string_view raw)
{
    std::int64_t value = 0;
    const auto r = std::from_chars(raw.data(), raw.data() + raw.size(), value);
    if (r.ec != std::errc() || r.ptr != raw.data() + raw.size())
        return std::nullopt;
    return value;
}

std::string minify(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        if (text[pos] == '"') {
            const std::size_t start = pos;
            skipString(text, pos);
            out.append(text.substr(start, pos - start));
        } else {
            if (!isSpace(text[pos]))
                out += text[pos];
            ++pos;
        }
    }
    return out;
}

} // namespace eventloom::jsontext
