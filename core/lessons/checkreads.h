#pragma once

#include "../base/statepaths.h"

#include <QJsonObject>
#include <QLatin1String>

namespace eventloom {

class CheckExpression;

/// What check expressions read of the state, so that a sample builds only that (CheckState::of with a
/// StatePaths) instead of everything a simulation can show.
///
/// A state built for a sample carries two entries for the evaluator under keys no expression can name
/// (a name is an identifier; brackets index values below the top): the counts of the collections that
/// are only counted (`len(x)`), and whether a passing result may go without its detail.
class CheckReads {
public:
    /// Adds what `expression` reads to `tree`: the names and literal keys it goes through, and how it
    /// uses what it finds there (whole, or only counted).
    static void add(const CheckExpression& expression, StatePaths& tree);
    /// `state`, built for `tree`, with its `counts`; `explainPasses` false: a passing result has no
    /// detail (a sample keeps only the failures).
    static void annotate(QJsonObject& state, const StatePaths::Counts& counts, bool explainPasses);

    static QLatin1String countsKey()
    {
        return QLatin1String("\x01"
                             "counts");
    }
    static QLatin1String failuresOnlyKey()
    {
        return QLatin1String("\x01"
                             "failuresOnly");
    }
};

} // namespace eventloom
