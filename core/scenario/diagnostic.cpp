#include "diagnostic.h"

namespace eventloom {

QString Diagnostic::toString() const
{
    if (line > 0)
        return file + u':' + QString::number(line) + u':' + QString::number(column) + u": error: " + message;
    return file + u": error: " + message;
}

} // namespace eventloom
