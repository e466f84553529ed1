#include "jsonguard.h"

#include "../base/utf8.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace eventloom {

namespace {
/// Thrown to end the scan: a syntax error, a broken limit or too many errors.
struct Stop { };

struct Position {
    int line = 1;
    int column = 1;
};

/// One open array or object: enough to write the path of the value being read, and the keys
/// an object has had so far (for duplicates).
struct Frame {
    bool object = false;
    qsizetype index = 0; // arrays: the element being read
    std::string key; // objects: the member being read (decoded)
    std::unordered_map<std::string, int> keys; // objects: key → line of its first occurrence
};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

QString hex(int value, int width)
{
    return QString::number(value, 16).toUpper().rightJustified(width, u'0');
}

/// A byte for a message: itself if printable ASCII, else its hex value.
QString describeByte(unsigned char c)
{
    if (c > 0x20 && c < 0x7F)
        return QStringLiteral("'") + QLatin1Char(static_cast<char>(c)) + u'\'';
    return QStringLiteral("byte 0x") + hex(c, 2);
}

class Scanner {
public:
    Scanner(const QByteArray& text, const QString& file, const JsonGuard::Limits& limits, Diagnostics& errors)
        : m_text(text)
        , m_begin(reinterpret_cast<const unsigned char*>(text.constData()))
        , m_size(text.size())
        , m_file(file)
        , m_limits(limits)
        , m_errors(errors)
    {
    }

    void run()
    {
        if (m_size > m_limits.maxBytes) {
            m_errors.push_back({ m_file, 0, 0,
                QStringLiteral("text is %1 bytes; scenarios are limited to %2").arg(m_size).arg(m_limits.maxBytes) });
            return;
        }
        try {
            if (m_size >= 3 && m_begin[0] == 0xEF && m_begin[1] == 0xBB && m_begin[2] == 0xBF)
                m_pos = m_lineStart = 3; // a UTF-8 byte order mark, which QJsonDocument skips too
            skipSpace();
            if (m_pos >= m_size)
                fail(m_size == 0 ? QStringLiteral("the file is empty")
                                 : QStringLiteral("the file holds only white space"));
            value();
            skipSpace();
            if (m_pos < m_size)
                fail(QStringLiteral("unexpected ") + found() + QStringLiteral(" after the end of the JSON value"));
        } catch (const Stop&) {
        }
    }

private:
    // --- positions, paths and errors ---------------------------------------------------------

    Position positionOf(qsizetype pos)
    {
        // Errors come in increasing order of position, so the column count resumes from the last one
        // on the same line instead of rescanning a long (minified) line for each error.
        if (m_colLineStart != m_lineStart || m_colPos > pos) {
            m_colLineStart = m_lineStart;
            m_colPos = m_lineStart;
            m_col = 1;
        }
        for (; m_colPos < pos && m_colPos < m_size; ++m_colPos)
            if ((m_begin[m_colPos] & 0xC0) != 0x80) // columns count code points, as editors do
                ++m_col;
        return { m_line, m_col };
    }

    QString path() const
    {
        QString p;
        for (std::size_t i = 0; i < m_frames.size(); ++i) {
            const Frame& f = m_frames[i];
            if (m_readingKey && i + 1 == m_frames.size())
                break; // a problem with a key belongs to its object
            if (!f.object)
                p += u'[' + QString::number(f.index) + u']';
            else
                p += (p.isEmpty() ? QString() : QStringLiteral(".")) + QString::fromStdString(f.key);
        }
        return p;
    }

    void report(qsizetype pos, const QString& message, bool withPath = true)
    {
        if (static_cast<int>(m_errors.size()) >= m_limits.maxErrors) {
            const Position at = positionOf(pos);
            m_errors.push_back({ m_file, at.line, at.column,
                QStringLiteral("too many errors (more than %1); the rest are not reported").arg(m_limits.maxErrors) });
            throw Stop();
        }
        const Position at = positionOf(pos);
        const QString p = withPath ? path() : QString();
        m_errors.push_back({ m_file, at.line, at.column, p.isEmpty() ? message : p + QStringLiteral(": ") + message });
    }

    /// A problem after which the text cannot be read further.
    [[noreturn]] void stop(const QString& message)
    {
        report(m_pos, message, false);
        throw Stop();
    }

    /// A syntax error.
    [[noreturn]] void fail(const QString& message, qsizetype pos = -1)
    {
        report(pos < 0 ? m_pos : pos, QStringLiteral("invalid JSON: ") + message, false);
        throw Stop();
    }

    /// What is at the current position, for "expected X, found Y".
    QString found() const { return m_pos >= m_size ? QStringLiteral("end of text") : describeByte(m_begin[m_pos]); }

    // --- the grammar (RFC 8259) --------------------------------------------------------------

    void skipSpace()
    {
        while (m_pos < m_size) {
            const unsigned char c = m_begin[m_pos];
            if (c == '\n') {
                ++m_line;
                m_lineStart = m_pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            ++m_pos;
        }
    }

    void value()
    {
        if (++m_values > m_limits.maxValues)
            stop(QStringLiteral("more than %1 values; scenarios are limited to that many").arg(m_limits.maxValues));
        if (m_pos >= m_size)
            fail(QStringLiteral("expected a value, found end of text (is the file truncated?)"));
        const char c = static_cast<char>(m_begin[m_pos]);
        if (c == '{' || c == '[') {
            if (static_cast<int>(m_frames.size()) >= m_limits.maxDepth)
                stop(QStringLiteral("nested more than %1 levels deep; scenarios are limited to that")
                         .arg(m_limits.maxDepth));
            if (c == '{')
                object();
            else
                array();
        } else if (c == '"') {
            std::string ignored;
            string(m_limits.maxStringBytes, QStringLiteral("string"), ignored);
        } else if (c == '-' || isDigit(c)) {
            number();
        } else if (!literal("true") && !literal("false") && !literal("null")) {
            fail(QStringLiteral("expected a value, found ") + found());
        }
    }

    bool literal(const char* word)
    {
        const qsizetype n = static_cast<qsizetype>(std::char_traits<char>::length(word));
        if (m_size - m_pos < n
            || std::char_traits<char>::compare(m_text.constData() + m_pos, word, static_cast<std::size_t>(n)) != 0)
            return false;
        m_pos += n;
        return true;
    }

    void object()
    {
        m_frames.push_back({ true, 0, {}, {} });
        ++m_pos; // {
        skipSpace();
        if (m_pos < m_size && m_begin[m_pos] == '}') {
            ++m_pos;
            m_frames.pop_back();
            return;
        }
        for (;;) {
            if (m_pos >= m_size || m_begin[m_pos] != '"')
                fail(QStringLiteral("expected a key in double quotes, found ") + found());
            const qsizetype keyPos = m_pos;
            const int keyLine = m_line;
            std::string key;
            m_readingKey = true;
            string(m_limits.maxKeyBytes, QStringLiteral("key"), key);
            m_readingKey = false;
            Frame& frame = m_frames.back();
            frame.key = key;
            if (const auto [it, inserted] = frame.keys.try_emplace(key, keyLine); !inserted)
                report(keyPos,
                    QStringLiteral("duplicate key '") + QString::fromStdString(key)
                        + QStringLiteral("' (first at line ") + QString::number(it->second) + u')');
            skipSpace();
            if (m_pos >= m_size || m_begin[m_pos] != ':')
                fail(QStringLiteral("expected ':' after key '") + QString::fromStdString(key)
                    + QStringLiteral("', found ") + found());
            ++m_pos;
            skipSpace();
            value();
            skipSpace();
            if (m_pos < m_size && m_begin[m_pos] == ',') {
                ++m_pos;
                skipSpace();
                continue;
            }
            if (m_pos < m_size && m_begin[m_pos] == '}') {
                ++m_pos;
                m_frames.pop_back();
                return;
            }
            fail(QStringLiteral("expected ',' or '}' after a member, found ") + found());
        }
    }

    void array()
    {
        m_frames.push_back({ false, 0, {}, {} });
        ++m_pos; // [
        skipSpace();
        if (m_pos < m_size && m_begin[m_pos] == ']') {
            ++m_pos;
            m_frames.pop_back();
            return;
        }
        for (;;) {
            value();
            skipSpace();
            if (m_pos < m_size && m_begin[m_pos] == ',') {
                ++m_pos;
                ++m_frames.back().index;
                skipSpace();
                continue;
            }
            if (m_pos < m_size && m_begin[m_pos] == ']') {
                ++m_pos;
                m_frames.pop_back();
                return;
            }
            fail(QStringLiteral("expected ',' or ']' after an element, found ") + found());
        }
    }

    static int hexValue(unsigned char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    /// Four hex digits after `\u` at m_pos (which is on the 'u'); -1 if malformed.
    int hex4()
    {
        if (m_size - m_pos < 5)
            return -1;
        int v = 0;
        for (int i = 1; i <= 4; ++i) {
            const int d = hexValue(m_begin[m_pos + i]);
            if (d < 0)
                return -1;
            v = v * 16 + d;
        }
        return v;
    }

    /// A string at m_pos (on its opening quote). Keys are decoded into `decoded` (for duplicates);
    /// values are only checked. Problems that leave the string readable are reported and the scan goes on.
    void string(qsizetype maxBytes, const QString& what, std::string& decoded)
    {
        const bool decode = what == QLatin1String("key");
        const qsizetype start = m_pos;
        ++m_pos;
        qsizetype firstBad = -1; // invalid UTF-8: reported once per string, at its first bad byte, with the count
        int badBytes = 0;
        for (;;) {
            if (m_pos >= m_size)
                fail(QStringLiteral("unterminated string (is the file truncated?)"), start);
            const unsigned char c = m_begin[m_pos];
            if (c == '"')
                break;
            if (c < 0x20)
                fail(QStringLiteral("control character U+") + hex(c, 4)
                    + QStringLiteral(" in a string (escape it, e.g. \\n)"));
            if (c == '\\') {
                if (m_pos + 1 >= m_size)
                    fail(QStringLiteral("unterminated string (is the file truncated?)"), start);
                const unsigned char e = m_begin[m_pos + 1];
                if (e == 'u') {
                    ++m_pos;
                    const int unit = hex4();
                    if (unit < 0)
                        fail(QStringLiteral("\\u must be followed by four hex digits"), m_pos - 1);
                    char32_t cp = static_cast<char32_t>(unit);
                    const qsizetype escapeAt = m_pos - 1;
                    m_pos += 5;
                    if (unit >= 0xD800 && unit <= 0xDBFF) {
                        int low = -1;
                        if (m_size - m_pos >= 6 && m_begin[m_pos] == '\\' && m_begin[m_pos + 1] == 'u') {
                            ++m_pos;
                            low = hex4();
                            --m_pos;
                        }
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10)
                                + (static_cast<char32_t>(low) - 0xDC00);
                            m_pos += 6;
                        } else {
                            report(escapeAt,
                                QStringLiteral("\\u") + hex(unit, 4)
                                    + QStringLiteral(" is half of a surrogate pair, alone"));
                            cp = 0xFFFD;
                        }
                    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                        report(escapeAt,
                            QStringLiteral("\\u") + hex(unit, 4)
                                + QStringLiteral(" is half of a surrogate pair, alone"));
                        cp = 0xFFFD;
                    }
                    if (decode)
                        appendUtf8(decoded, cp);
                    continue;
                }
                static constexpr std::string_view simple = "\"\\/bfnrt";
                static constexpr std::string_view meaning = "\"\\/\b\f\n\r\t";
                const std::size_t which = simple.find(static_cast<char>(e));
                if (which == std::string_view::npos)
                    fail(QStringLiteral("invalid escape: backslash followed by ") + describeByte(e)
                        + QStringLiteral(" (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"));
                if (decode)
                    decoded += meaning[which];
                m_pos += 2;
                continue;
            }
            const auto n = static_cast<int>(utf8SequenceLength(
                std::string_view(reinterpret_cast<const char*>(m_begin), static_cast<std::size_t>(m_size)),
                static_cast<std::size_t>(m_pos)));
            if (n == 0) {
                if (firstBad < 0)
                    firstBad = m_pos;
                ++badBytes;
                if (decode)
                    appendUtf8(decoded, 0xFFFD);
                ++m_pos;
                continue;
            }
            if (decode)
                decoded.append(reinterpret_cast<const char*>(m_begin + m_pos), static_cast<std::size_t>(n));
            m_pos += n;
        }
        ++m_pos; // closing quote
        if (firstBad >= 0)
            report(firstBad,
                QStringLiteral("invalid UTF-8 in a ") + what + QStringLiteral(" (byte 0x") + hex(m_begin[firstBad], 2)
                    + (badBytes == 1 ? QStringLiteral(")")
                            : badBytes == 2
                            ? QStringLiteral(" and 1 more byte that is not UTF-8)")
                            : QStringLiteral(" and %1 more bytes that are not UTF-8)").arg(badBytes - 1)));
        if (m_pos - start - 2 > maxBytes)
            report(start,
                QStringLiteral("%1 of %2 bytes is too long (at most %3)")
                    .arg(what)
                    .arg(m_pos - start - 2)
                    .arg(maxBytes));
    }

    void number()
    {
        const qsizetype start = m_pos;
        auto digits = [&] {
            const qsizetype from = m_pos;
            while (m_pos < m_size && isDigit(static_cast<char>(m_begin[m_pos])))
                ++m_pos;
            return m_pos - from;
        };
        if (m_begin[m_pos] == '-')
            ++m_pos;
        if (m_pos < m_size && m_begin[m_pos] == '0') {
            ++m_pos;
            if (m_pos < m_size && isDigit(static_cast<char>(m_begin[m_pos])))
                fail(QStringLiteral("a number may not start with 0 (leading zeros are not JSON)"), start);
        } else if (digits() == 0) {
            fail(QStringLiteral("expected a digit, found ") + found());
        }
        if (m_pos < m_size && m_begin[m_pos] == '.') {
            ++m_pos;
            if (digits() == 0)
                fail(QStringLiteral("expected a digit after '.', found ") + found());
        }
        if (m_pos < m_size && (m_begin[m_pos] == 'e' || m_begin[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_size && (m_begin[m_pos] == '+' || m_begin[m_pos] == '-'))
                ++m_pos;
            if (digits() == 0)
                fail(QStringLiteral("expected a digit in the exponent, found ") + found());
        }
        const qsizetype length = m_pos - start;
        const QString token = QString::fromLatin1(m_text.constData() + start, std::min<qsizetype>(length, 24))
            + (length > 24 ? QStringLiteral("…") : QString());
        if (length > m_limits.maxNumberChars) {
            report(start,
                QStringLiteral("number %1 is too long (%2 characters; at most %3)")
                    .arg(token)
                    .arg(length)
                    .arg(m_limits.maxNumberChars));
            return;
        }
        // The conversion QJsonDocument makes: it refuses what becomes infinite, or 0 without being 0.
        bool ok = false;
        static_cast<void>(QByteArrayView(m_text.constData() + start, length).toDouble(&ok));
        if (ok)
            return;
        if (overflows(start, length))
            report(start,
                QStringLiteral("number ") + token + QStringLiteral(" is too large (the largest is about 1.8e308)"));
        else
            report(start,
                QStringLiteral("number ") + token
                    + QStringLiteral(" is too small to represent (the smallest is about 4.9e-324); write 0"));
    }

    /// Whether the number at `start`, which does not convert, is too large (not too small).
    bool overflows(qsizetype start, qsizetype length) const
    {
        const std::string_view s(m_text.constData() + start, static_cast<std::size_t>(length));
        std::size_t i = s[0] == '-' ? 1 : 0;
        // Decimal exponent of the first significant digit: integer digits before the point, minus
        // the zeros after it when the integer part is 0, plus the written exponent.
        long long magnitude = 0;
        bool significant = false;
        for (; i < s.size() && isDigit(s[i]); ++i) {
            significant = significant || s[i] != '0';
            if (significant)
                ++magnitude;
        }
        if (!significant && i < s.size() && s[i] == '.') {
            for (++i; i < s.size() && s[i] == '0'; ++i)
                --magnitude;
        }
        const std::size_t e = s.find_first_of("eE");
        if (e != std::string_view::npos) {
            long long exponent = 0;
            std::size_t j = e + 1;
            const bool negative = j < s.size() && s[j] == '-';
            if (j < s.size() && (s[j] == '+' || s[j] == '-'))
                ++j;
            for (; j < s.size(); ++j)
                exponent = std::min<long long>(exponent * 10 + (s[j] - '0'), 1'000'000'000);
            magnitude += negative ? -exponent : exponent;
        }
        return magnitude > 0;
    }

    const QByteArray& m_text;
    const unsigned char* m_begin;
    qsizetype m_size;
    QString m_file;
    const JsonGuard::Limits& m_limits;
    Diagnostics& m_errors;

    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    qsizetype m_values = 0;
    std::vector<Frame> m_frames;
    bool m_readingKey = false;

    // The last column computed (see positionOf).
    qsizetype m_colLineStart = -1;
    qsizetype m_colPos = 0;
    int m_col = 1;
};
}

Diagnostics JsonGuard::check(const QByteArray& text, const QString& file)
{
    return check(text, file, Limits());
}

Diagnostics JsonGuard::check(const QByteArray& text, const QString& file, const Limits& limits)
{
    Diagnostics errors;
    Scanner(text, file, limits, errors).run();
    return errors;
}

} // namespace eventloom
