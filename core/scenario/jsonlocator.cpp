#include "jsonlocator.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <charconv>

namespace eventloom {

namespace {
constexpr int kMaxDepth = 64;
}

std::uint64_t JsonLocator::hash(std::uint64_t h, QByteArrayView bytes)
{
    return fnv1a(bytes, h);
}

std::uint64_t JsonLocator::hashPath(const QString& path)
{
    return hash(kFnvOffset, path.toUtf8());
}

JsonLocator::JsonLocator(const QByteArray& text)
    : m_text(text)
    , m_data(m_text.constData())
    , m_size(m_text.size())
{
    if (m_text.startsWith("\xEF\xBB\xBF"))
        m_pos = m_lineStart = 3; // a UTF-8 byte order mark, which QJsonDocument skips too
    skipSpace();
    parseValue(kFnvOffset, true, 0);
    // A path located twice (only a hash collision: the guard refuses duplicate keys) keeps its first position.
    std::stable_sort(m_positions.begin(), m_positions.end());
    std::stable_sort(m_keyPositions.begin(), m_keyPositions.end());
}

const JsonLocator::Position* JsonLocator::lookup(const std::vector<Located>& located, std::uint64_t path)
{
    const auto it = std::lower_bound(located.begin(), located.end(), Located { path, {} });
    return it != located.end() && it->path == path ? &it->position : nullptr;
}

JsonLocator::Position JsonLocator::here()
{
    // Columns count UTF-8 code points, as editors do; counted on from where the last value was, so a
    // file on one line costs one pass, not one pass per value.
    if (m_columnPos < m_lineStart) {
        m_columnPos = m_lineStart;
        m_column = 1;
    }
    for (; m_columnPos < m_pos; ++m_columnPos) {
        ++m_columnSteps;
        if ((static_cast<unsigned char>(m_data[m_columnPos]) & 0xC0) != 0x80)
            ++m_column;
    }
    return { m_line, m_column };
}

void JsonLocator::skipSpace()
{
    while (m_pos < m_size) {
        const char c = m_data[m_pos];
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
    while (m_pos < m_size && m_data[m_pos] != '"') {
        if (m_data[m_pos] == '\\')
            ++m_pos;
        ++m_pos;
    }
    ++m_pos;
}

void JsonLocator::parseValue(std::uint64_t path, bool root, int depth)
{
    if (m_pos >= m_size || depth > kMaxDepth)
        return;
    m_positions.push_back({ path, here() });
    const char c = m_data[m_pos];
    if (c == '{') {
        ++m_pos;
        skipSpace();
        while (m_pos < m_size && m_data[m_pos] != '}') {
            if (m_data[m_pos] != '"')
                return;
            const qsizetype start = m_pos + 1;
            const Position keyPosition = here();
            skipString();
            const QByteArrayView raw(m_data + start, std::clamp<qsizetype>(m_pos - start - 1, 0, m_size - start));
            QByteArray unescaped; // as QJsonObject has the key, which is what paths are made of
            if (raw.contains('\\'))
                unescaped = QJsonDocument::fromJson(QByteArray("[\"") + raw.toByteArray() + QByteArray("\"]"))
                                .array()
                                .at(0)
                                .toString()
                                .toUtf8();
            const std::uint64_t childPath
                = hash(root ? path : hash(path, "."), raw.contains('\\') ? QByteArrayView(unescaped) : raw);
            m_keyPositions.push_back({ childPath, keyPosition });
            skipSpace();
            if (m_pos < m_size && m_data[m_pos] == ':')
                ++m_pos;
            skipSpace();
            parseValue(childPath, false, depth + 1);
            skipSpace();
            if (m_pos < m_size && m_data[m_pos] == ',') {
                ++m_pos;
                skipSpace();
            }
        }
        ++m_pos;
    } else if (c == '[') {
        ++m_pos;
        skipSpace();
        int index = 0;
        while (m_pos < m_size && m_data[m_pos] != ']') {
            char digits[16];
            const auto end = std::to_chars(digits, digits + sizeof digits, index++).ptr;
            parseValue(hash(hash(hash(path, "["), QByteArrayView(digits, end - digits)), "]"), false, depth + 1);
            skipSpace();
            if (m_pos < m_size && m_data[m_pos] == ',') {
                ++m_pos;
                skipSpace();
            }
        }
        ++m_pos;
    } else if (c == '"') {
        skipString();
    } else {
        while (m_pos < m_size && !QByteArrayView(",]} \t\r\n").contains(m_data[m_pos]))
            ++m_pos;
    }
}

JsonLocator::Position JsonLocator::find(const QString& path) const
{
    QString p = path;
    for (;;) {
        if (const Position* position = lookup(m_positions, hashPath(p)))
            return *position;
        if (p.isEmpty())
            return {};
        const qsizetype cut = std::max(p.lastIndexOf(u'.'), p.lastIndexOf(u'['));
        p = cut < 0 ? QString() : p.left(cut);
    }
}

JsonLocator::Position JsonLocator::findKey(const QString& path) const
{
    const Position* position = lookup(m_keyPositions, hashPath(path));
    return position ? *position : find(path);
}

} // namespace eventloom
