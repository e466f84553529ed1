// CheckExpression::passesOnNumbers: an `always` check's sample told from the integers it reads, without
// the state object CheckExpression::evaluate needs (docs/benchmarks.md, "B2 with the scenario's checks").
#include "checkexpression.h"
#include "checkexpressionnode.h"

#include <QVarLengthArray>
#include <algorithm>
#include <cmath>

namespace eventloom {

namespace {
using Node = CheckExpression::Node;
using NodePtr = std::shared_ptr<const Node>;

/// A value of NumberEvaluator: a number or a boolean, as QJsonValue holds them.
struct Plain {
    bool isBool = false;
    double value = 0;
};

/// Evaluator's semantics over Plain values and integers read by path: nullopt wherever Evaluator would
/// see anything else (a string, an object, an array) or throw, so what it gives is what Evaluator gives.
class NumberEvaluator {
public:
    explicit NumberEvaluator(const CheckExpression::NumberReader& read)
        : m_read(read)
    {
    }

    std::optional<Plain> eval(const Node& n) const
    {
        switch (n.kind) {
        case Node::Kind::Literal:
            if (n.literal.isBool())
                return Plain { true, n.literal.toBool() ? 1.0 : 0.0 };
            if (n.literal.isDouble())
                return Plain { false, n.literal.toDouble() };
            return std::nullopt;
        case Node::Kind::Name:
        case Node::Kind::Member:
        case Node::Kind::Index:
            return read(n, false);
        case Node::Kind::Unary: {
            const std::optional<Plain> v = eval(*n.children[0]);
            if (!v || (n.name == QLatin1String("-") && v->isBool))
                return std::nullopt;
            return n.name == QLatin1String("-") ? Plain { false, -v->value } : Plain { true, truth(*v) ? 0.0 : 1.0 };
        }
        case Node::Kind::Binary:
            return binary(n);
        case Node::Kind::Call:
            return call(n);
        }
        return std::nullopt;
    }

    static bool truth(const Plain& v) { return v.value != 0; }

private:
    /// The integer a chain of names and literal keys reads; nullopt for any other node.
    std::optional<Plain> read(const Node& n, bool counted) const
    {
        QVarLengthArray<QString, 8> path;
        if (!chain(n, path))
            return std::nullopt;
        const std::optional<qint64> v = m_read(std::span<const QString>(path.constData(), path.size()), counted);
        constexpr qint64 kExact = qint64(1) << 53; // QJsonValue compares integers beyond it exactly, doubles not
        if (!v || *v > kExact || *v < -kExact)
            return std::nullopt;
        return Plain { false, static_cast<double>(*v) };
    }

    static bool chain(const Node& n, QVarLengthArray<QString, 8>& path)
    {
        if (n.kind == Node::Kind::Name) {
            path.append(n.name);
            return true;
        }
        const bool literalIndex = n.kind == Node::Kind::Index && n.children[1]->kind == Node::Kind::Literal
            && n.children[1]->literal.isString();
        if ((n.kind != Node::Kind::Member && !literalIndex) || !chain(*n.children[0], path))
            return false;
        path.append(n.kind == Node::Kind::Member ? n.name : n.children[1]->literal.toString());
        return true;
    }

    std::optional<Plain> binary(const Node& n) const
    {
        const QString& op = n.name;
        const std::optional<Plain> a = eval(*n.children[0]);
        if (!a)
            return std::nullopt;
        if (op == QLatin1String("&&") || op == QLatin1String("||")) {
            if (truth(*a) == (op == QLatin1String("||")))
                return Plain { true, truth(*a) ? 1.0 : 0.0 }; // decided by its left side, as Evaluator does
            const std::optional<Plain> b = eval(*n.children[1]);
            return b ? std::optional<Plain>(Plain { true, truth(*b) ? 1.0 : 0.0 }) : std::nullopt;
        }
        const std::optional<Plain> b = eval(*n.children[1]);
        if (!b)
            return std::nullopt;
        if (op == QLatin1String("==") || op == QLatin1String("!=")) {
            const bool equal = a->isBool == b->isBool && a->value == b->value; // QJsonValue: other types differ
            return Plain { true, equal == (op == QLatin1String("==")) ? 1.0 : 0.0 };
        }
        if (a->isBool || b->isBool)
            return std::nullopt; // Evaluator refuses them: not a number
        const double x = a->value;
        const double y = b->value;
        if (op == QLatin1String("<"))
            return Plain { true, x < y ? 1.0 : 0.0 };
        if (op == QLatin1String("<="))
            return Plain { true, !(x > y) ? 1.0 : 0.0 };
        if (op == QLatin1String(">"))
            return Plain { true, x > y ? 1.0 : 0.0 };
        if (op == QLatin1String(">="))
            return Plain { true, !(x < y) ? 1.0 : 0.0 };
        if (op == QLatin1String("+"))
            return Plain { false, x + y };
        if (op == QLatin1String("-"))
            return Plain { false, x - y };
        if (op == QLatin1String("*"))
            return Plain { false, x * y };
        if (y == 0 || (op != QLatin1String("/") && op != QLatin1String("%")))
            return std::nullopt;
        return Plain { false, op == QLatin1String("/") ? x / y : std::fmod(x, y) };
    }

    std::optional<Plain> call(const Node& n) const
    {
        if (n.name == QLatin1String("len"))
            return read(*n.children[0], true);
        // abs of one number; sum, min and max over several arguments (over one: a collection, not read here).
        const bool abs = n.name == QLatin1String("abs");
        if ((abs && n.children.size() != 1) || (!abs && n.children.size() < 2))
            return std::nullopt;
        std::vector<double> values;
        for (const NodePtr& c : n.children) {
            const std::optional<Plain> v = eval(*c);
            if (!v || v->isBool)
                return std::nullopt;
            values.push_back(v->value);
        }
        if (abs)
            return Plain { false, std::abs(values.front()) };
        if (n.name == QLatin1String("sum")) {
            double total = 0;
            for (double v : values)
                total += v;
            return Plain { false, total };
        }
        if (n.name == QLatin1String("min"))
            return Plain { false, *std::min_element(values.begin(), values.end()) };
        if (n.name == QLatin1String("max"))
            return Plain { false, *std::max_element(values.begin(), values.end()) };
        return std::nullopt;
    }

    const CheckExpression::NumberReader& m_read;
};
}

std::optional<bool> CheckExpression::passesOnNumbers(const NumberReader& read) const
{
    const std::optional<Plain> value = NumberEvaluator(read).eval(*m_root);
    if (!value)
        return std::nullopt;
    return NumberEvaluator::truth(*value);
}

} // namespace eventloom
