#include "storedtext.h"

#include "../base/utf8.h"
#include "jsontext.h"

#include <charconv>
#include <cstdint>

namespace eventloom::storedtext {

namespace {
class Parser {
public:
    Parser(std::string_view text, std::string& out, std::string& problem)
        : m_s(text)
        , m_out(out)
        , m_problem(problem)
    {
    }

    bool document()
    {
        space();
        if (!value(0))
            return false;
        space();
        return m_pos == m_s.size() || fail("text after the JSON value");
    }

private:
    bool fail(const char* what)
    {
        m_problem = std::string(what) + " at byte " + std::to_string(m_pos + 1);
        return false;
    }
    void space()
    {
        while (
            m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' || m_s[m_pos] == '\n' || m_s[m_pos] == '\r'))
            ++m_pos;
    }
    bool at(char c) const { return m_pos < m_s.size() && m_s[m_pos] == c; }

    bool value(int depth)
    {
        if (m_pos >= m_s.size())
            return fail("a value expected");
        switch (m_s[m_pos]) {
        case '{':
        case '[':
            return container(depth + 1);
        case '"':
            return string();
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    bool container(int depth)
    {
        if (depth > kMaxDepth)
            return fail("nested deeper than 64 levels");
        const bool object = m_s[m_pos] == '{';
        const char close = object ? '}' : ']';
        m_out += m_s[m_pos++];
        space();
        if (at(close)) {
            m_out += close;
            ++m_pos;
            return true;
        }
        for (bool first = true;; first = false) {
            if (!first)
                m_out += ',';
            space();
            if (object) {
                if (!at('"'))
                    return fail("a member name expected");
                if (!string())
                    return false;
                space();
                if (!at(':'))
                    return fail("':' expected");
                ++m_pos;
                m_out += ':';
                space();
            }
            if (!value(depth))
                return false;
            space();
            if (at(',')) {
                ++m_pos;
                continue;
            }
            if (at(close)) {
                ++m_pos;
                m_out += close;
                return true;
            }
            return fail(object ? "',' or '}' expected" : "',' or ']' expected");
        }
    }

    bool hex4(unsigned& value)
    {
        if (m_pos + 4 > m_s.size())
            return fail("a \\u escape needs four hex digits");
        const auto r = std::from_chars(m_s.data() + m_pos, m_s.data() + m_pos + 4, value, 16);
        if (r.ptr != m_s.data() + m_pos + 4)
            return fail("a \\u escape needs four hex digits");
        m_pos += 4;
        return true;
    }

    bool string()
    {
        ++m_pos; // the opening quote
        m_text.clear();
        while (true) {
            if (m_pos >= m_s.size())
                return fail("unterminated string");
            const auto c = static_cast<unsigned char>(m_s[m_pos]);
            if (c == '"') {
                ++m_pos;
                break;
            }
            if (c < 0x20)
                return fail("a control character in a string");
            if (c != '\\') {
                const std::size_t n = utf8SequenceLength(m_s, m_pos);
                if (n == 0)
                    return fail("invalid UTF-8");
                m_text.append(m_s.data() + m_pos, n);
                m_pos += n;
                continue;
            }
            if (++m_pos >= m_s.size())
                return fail("unterminated string");
            const char e = m_s[m_pos++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                m_text += e;
                break;
            case 'b':
                m_text += '\b';
                break;
            case 'f':
                m_text += '\f';
                break;
            case 'n':
                m_text += '\n';
                break;
            case 'r':
                m_text += '\r';
                break;
            case 't':
                m_text += '\t';
                break;
            case 'u': {
                unsigned cp = 0;
                if (!hex4(cp))
                    return false;
                if (cp >= 0xDC00 && cp < 0xE000)
                    return fail("a lone low surrogate");
                if (cp >= 0xD800 && cp < 0xDC00) {
                    unsigned low = 0;
                    if (m_pos + 2 > m_s.size() || m_s[m_pos] != '\\' || m_s[m_pos + 1] != 'u')
                        return fail("a lone high surrogate");
                    m_pos += 2;
                    if (!hex4(low))
                        return false;
                    if (low < 0xDC00 || low >= 0xE000)
                        return fail("a lone high surrogate");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(m_text, cp);
                break;
            }
            default:
                --m_pos;
                return fail("an unknown escape");
            }
        }
        jsontext::appendString(m_out, m_text);
        return true;
    }

    bool literal(std::string_view word)
    {
        if (m_s.substr(m_pos, word.size()) != word)
            return fail("not valid JSON");
        m_out += word;
        m_pos += word.size();
        return true;
    }

    bool number()
    {
        const std::size_t start = m_pos;
        const auto digit = [&] { return m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9'; };
        const auto digits = [&] {
            const std::size_t from = m_pos;
            while (digit())
                ++m_pos;
            return m_pos > from;
        };
        if (at('-'))
            ++m_pos;
        if (at('0'))
            ++m_pos;
        else if (!digits())
            return fail("not valid JSON");
        bool plain = true;
        if (at('.')) {
            ++m_pos;
            if (!digits())
                return fail("a digit expected after '.'");
        }
        if (at('e') || at('E')) {
            plain = false;
            ++m_pos;
            if (at('+') || at('-'))
                ++m_pos;
            if (!digits())
                return fail("a digit expected in the exponent");
        }
        const std::string_view token = m_s.substr(start, m_pos - start);
        // Without an exponent, 300 digits still fit a double; past that, or with one, ask.
        if (!plain || token.size() > 300) {
            double value = 0;
            const auto r = std::from_chars(token.data(), token.data() + token.size(), value);
            if (r.ec == std::errc::result_out_of_range) {
                m_pos = start;
                return fail("a number out of range");
            }
        }
        m_out += token;
        return true;
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
    std::string& m_out;
    std::string& m_problem;
    std::string m_text;
};
}

const char* textProblem(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0)
            return "contains a NUL byte";
        if (c < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = utf8SequenceLength(text, i);
        if (n == 0)
            return "is not valid UTF-8";
        i += n;
    }
    return nullptr;
}

bool appendJson(std::string& out, std::string_view json, std::string& problem)
{
    Parser parser(json, out, problem);
    return parser.document();
}

} // namespace eventloom::storedtext
