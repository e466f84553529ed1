#pragma once

#include <QJsonValue>
#include <QString>
#include <map>

namespace eventloom {

/// The parts of a JSON state that a reader (a check expression) reads: a tree of keys from the top. A
/// state built for it holds those parts alone, so a check sampled thousands of times in a run does not
/// rebuild everything a simulation could show (CheckState::of).
struct StatePaths {
    /// How many entries a collection has where only that is read (`len(x)`), by path (`key`).
    using Counts = std::map<QString, qint64>;

    std::map<QString, StatePaths> children; ///< the keys read below this value
    bool whole = false; ///< the value is read as it is (compared, summed, indexed by a computed key)
    bool counted = false; ///< its number of entries is read (len)

    /// Nothing below this value is singled out: it is read whole.
    bool readsWhole() const { return whole || (children.empty() && !counted); }
    /// `full` pruned to this tree; a key read but missing keeps its whole object, so what a reader is
    /// told about a missing key ("did you mean", "it has") is the same as on the full state. Counts of
    /// the counted objects go to `counts` under `at` and the keys below it.
    QJsonValue prune(const QJsonValue& full, const QString& at, Counts& counts) const;
    /// The path of `child` below `at` in Counts.
    static QString key(const QString& at, const QString& child) { return at + QChar(u'\x1f') + child; }
};

} // namespace eventloom
