#include "jsonlocator.h"

namespace eventloom {

namespace {
    constexpr int kMaxDepth = 64;
}

JsonLocator::JsonLocator(const QByteArray& text)
    : m_text(text)
{
    if (m_text.startsWith("\xEF\xBB\xBF"))
        m_pos = m_lineStart = 3; // a UTF-8 byte order mark, which QJsonDocument skips too
    skipSpace();
    parseValue(QString(), 0);
}

JsonLocator::Position JsonLocator::here() const
{
    // Columns count UTF-8 code points, as editors do.
    int column = 1;
    for (qsizetype i = m_lineStart; i < m_pos; ++i)
        if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80)
            ++column;
    return { m_line, column };
}

void JsonLocator::skipSpace()
{
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c == '\n') {
            ++m_line;
            m_lineStart = m_pos + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        ++m_pos;
    }
}

void JsonLocator::skipString()
{
    ++m_pos; // opening quote
    while (m_pos < m_text.size() && m_text[m_pos] != '"') {
        if (m_text[m_pos] == '\\')
            ++m_pos;
        ++m_pos;
    }
    ++m_pos;
}

void JsonLocator::parseValue(const QString& path, int depth)
{
    if (m_pos >= m_text.size() || depth > kMaxDepth)
        return;
    m_positions[path] = here();
    const char c = m_text[m_pos];
    if (c == '{') {
        ++m_pos;
        skipSpace();
        while (m_pos < m_text.size() && m_text[m_pos] != '}') {
            if (m_text[m_pos] != '"')
                return;
            const qsizetype start = m_pos + 1;
            const Position keyPosition = here();
            skipString();
            const QString key = QString::fromUtf8(m_text.mid(start, m_pos - start - 1));
            const QString childPath = path.isEmpty() ? key : path + u'.' + key;
            m_keyPositions.try_emplace(childPath, keyPosition);
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ':')
                ++m_pos;
            skipSpace();
            parseValue(childPath, depth + 1);
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                skipSpace();
            }
        }
        ++m_pos;
    } else if (c == '[') {
        ++m_pos;
        skipSpace();
        int index = 0;
        while (m_pos < m_text.size() && m_text[m_pos] != ']') {
            parseValue(path + u'[' + QString::number(index++) + u']', depth + 1);
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                skipSpace();
            }
        }
        ++m_pos;
    } else if (c == '"') {
        skipString();
    } else {
        while (m_pos < m_text.size() && !QByteArrayView(",]} \t\r\n").contains(m_text[m_pos]))
            ++m_pos;
    }
}

JsonLocator::Position JsonLocator::find(const QString& path) const
{
    QString p = path;
    for (;;) {
        if (const auto it = m_positions.find(p); it != m_positions.end())
            return it->second;
        if (p.isEmpty())
            return {};
        const qsizetype cut = std::max(p.lastIndexOf(u'.'), p.lastIndexOf(u'['));
        p = cut < 0 ? QString() : p.left(cut);
    }
}

} // namespace eventloom

namespace eventloom {

JsonLocator::Position JsonLocator::findKey(const QString& path) const
{
    const auto it = m_keyPositions.find(path);
    return it != m_keyPositions.end() ? it->second : find(path);
}

} // namespace eventloom
