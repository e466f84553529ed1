#pragma once

#include <QJsonObject>

namespace eventloom::bench {

/// What every benchmark's JSON line shares.
class BenchReport {
public:
    /// Compiler, Qt and hardware threads, so figures from different machines are not mixed up.
    static QJsonObject machine();
    /// Prints `json` compact on one line of stdout: scripts take the lines starting with '{'.
    static void printJsonLine(const QJsonObject& json);
};

} // namespace eventloom::bench
