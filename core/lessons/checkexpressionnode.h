#pragma once

#include "checkexpression.h"

#include <QJsonValue>
#include <QString>
#include <memory>
#include <vector>

namespace eventloom {

/// A parsed expression's node (private to the check expression's sources).
struct CheckExpression::Node {
    enum class Kind { Literal, Name, Member, Index, Unary, Binary, Call };
    Kind kind = Kind::Literal;
    int column = 1;
    QJsonValue literal; ///< Literal
    QString name; ///< Name, Member (the key), Call (the function), Unary and Binary (the operator)
    std::vector<std::shared_ptr<const Node>> children;
};

} // namespace eventloom
