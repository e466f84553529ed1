#pragma once

#include "../base/fnv1a.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <vector>

namespace eventloom {

/// Finds where each value of a JSON text starts, by JSON path ("services[2].latency"), so errors
/// about well-formed but invalid content can still name a line and column. Only meant for text that
/// QJsonDocument already accepted; it never throws and gives up quietly on anything odd.
///
/// Linear in the text: one pass, columns counted on from the previous value (never again from the
/// start of the line), and each value kept as a 64-bit hash of its path (FNV-1a, continued from its
/// parent's) in a sorted array, not as the path itself, so memory stays 16 bytes per value however long
/// and deep the paths are. A hash collision could only misplace a diagnostic, never lose one.
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
    /// How many values were located: the work done is proportional to it and to the text's size.
    std::size_t valueCount() const { return m_positions.size(); }
    /// How many bytes the column counting stepped over: at most the text's size (tests check it is linear).
    qsizetype columnSteps() const { return m_columnSteps; }

private:
    /// FNV-1a over UTF-8 bytes; a path's hash is its parent's continued over ".key" or "[i]".
    static constexpr std::uint64_t kFnvOffset = kFnv1aOffset;
    static std::uint64_t hash(std::uint64_t h, QByteArrayView bytes);
    static std::uint64_t hashPath(const QString& path);

    void parseValue(std::uint64_t path, bool root, int depth);
    void skipSpace();
    void skipString();
    Position here();

    QByteArray m_text;
    const char* m_data; ///< m_text's bytes (never detached, unlike its operator[])
    qsizetype m_size;
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    qsizetype m_columnPos = 0; ///< where the column was last counted to, on the current line
    int m_column = 1;
    qsizetype m_columnSteps = 0;
    struct Located {
        std::uint64_t path; ///< hash of the path
        Position position;
        bool operator<(const Located& other) const { return path < other.path; }
    };
    /// Sorted by path hash once the pass is over; lookups are binary searches.
    std::vector<Located> m_positions;
    std::vector<Located> m_keyPositions;
    static const Position* lookup(const std::vector<Located>& located, std::uint64_t path);
};

} // namespace eventloom
