#pragma once

#include <QByteArray>
#include <QString>
#include <map>

namespace eventloom {

/// Finds where each value of a JSON text starts, by JSON path ("services[2].latency"), so errors
/// about well-formed but invalid content can still name a line and column. Only meant for text that
/// QJsonDocument already accepted; it never throws and gives up quietly on anything odd.
class JsonLocator {
public:
    explicit JsonLocator(const QByteArray& text);
    struct Position {
        int line = 1;
        int column = 1;
    };
    /// The position of `path`'s value, or of its nearest located ancestor.
    Position find(const QString& path) const;
    /// The position of the key that names `path` (for errors about the key itself), else find(path).
    Position findKey(const QString& path) const;

private:
    void parseValue(const QString& path, int depth);
    void skipSpace();
    void skipString();
    Position here() const;

    QByteArray m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    std::map<QString, Position> m_positions;
    std::map<QString, Position> m_keyPositions;
};

} // namespace eventloom
