#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace eventloom {

/// One problem found in an input file: printed as `FILE:LINE:COL: error: MESSAGE`.
struct Diagnostic {
    QString file;
    int line = 0; ///< 1-based; 0 when there is no position (e.g. a --set argument)
    int column = 0;
    QString message;

    QString toString() const;
};

using Diagnostics = std::vector<Diagnostic>;

} // namespace eventloom
