#pragma once

#include <QJsonValue>
#include <QString>

namespace eventloom {

/// A JSON value as the text of one table cell: a string as it is, a whole number without a decimal
/// point, another number with up to 10 significant digits, a boolean as true or false, an array or an
/// object as compact JSON; `null` as `nullText`, and a missing value as nothing.
QString jsonCellText(const QJsonValue& value, const QString& nullText = QStringLiteral("null"));

} // namespace eventloom
