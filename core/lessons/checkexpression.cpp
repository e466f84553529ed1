#include "checkexpression.h"
#include "checkexpressionnode.h"
#include "checkreads.h"

#include "../scenario/scenarioreader.h"

#include <QJsonArray>
#include <cmath>

namespace eventloom {

namespace {
using Node = CheckExpression::Node;
using NodePtr = std::shared_ptr<const Node>;

constexpr int kMaxDepth = 64; ///< nesting of parentheses, calls and operators
constexpr qsizetype kMaxLength = 2000;

struct Token {
    enum class Kind { End, Number, String, Name, Op };
    Kind kind = Kind::End;
    QString text;
    double number = 0;
    int column = 1;
};

/// Turns the text into tokens; reports the first character it does not understand.
bool tokenize(const QString& text, std::vector<Token>& tokens, CheckExpression::Error& error)
{
    static const QStringList twoChar { QStringLiteral("=="), QStringLiteral("!="), QStringLiteral("<="),
        QStringLiteral(">="), QStringLiteral("&&"), QStringLiteral("||") };
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        const int column = static_cast<int>(i) + 1;
        if (c.isSpace()) {
            ++i;
        } else if (c.isDigit() || (c == u'.' && i + 1 < text.size() && text[i + 1].isDigit())) {
            qsizetype j = i;
            while (j < text.size() && (text[j].isDigit() || text[j] == u'.'))
                ++j;
            if (j < text.size() && (text[j] == u'e' || text[j] == u'E')
                && (j + 1 < text.size() && (text[j + 1].isDigit() || text[j + 1] == u'-' || text[j + 1] == u'+'))) {
                j += 2;
                while (j < text.size() && text[j].isDigit())
                    ++j;
            }
            bool ok = false;
            double value = text.mid(i, j - i).toDouble(&ok);
            if (!ok || !std::isfinite(value)) {
                error = { column, QStringLiteral("'%1' is not a number").arg(text.mid(i, j - i)) };
                return false;
            }
            qsizetype k = j;
            while (k < text.size() && text[k].isLetter())
                ++k;
            const QString unit = text.mid(j, k - j);
            if (!unit.isEmpty()) {
                static const std::vector<std::pair<QString, double>> units { { QStringLiteral("us"), 1.0 },
                    { QStringLiteral("ms"), 1e3 }, { QStringLiteral("s"), 1e6 }, { QStringLiteral("min"), 60e6 } };
                const auto u = std::find_if(units.begin(), units.end(), [&](const auto& x) { return x.first == unit; });
                if (u == units.end()) {
                    error = { static_cast<int>(j) + 1, QStringLiteral("unknown unit '%1' (us, ms, s, min)").arg(unit) };
                    return false;
                }
                value *= u->second;
            }
            tokens.push_back({ Token::Kind::Number, text.mid(i, k - i), value, column });
            i = k;
        } else if (c == u'\'' || c == u'"') {
            QString value;
            qsizetype j = i + 1;
            while (j < text.size() && text[j] != c) {
                if (text[j] == u'\\' && j + 1 < text.size())
                    ++j;
                value += text[j++];
            }
            if (j >= text.size()) {
                error = { column, QStringLiteral("unterminated string") };
                return false;
            }
            tokens.push_back({ Token::Kind::String, value, 0, column });
            i = j + 1;
        } else if (c.isLetter() || c == u'_') {
            qsizetype j = i;
            while (j < text.size() && (text[j].isLetterOrNumber() || text[j] == u'_'))
                ++j;
            tokens.push_back({ Token::Kind::Name, text.mid(i, j - i), 0, column });
            i = j;
        } else if (i + 1 < text.size() && twoChar.contains(text.mid(i, 2))) {
            tokens.push_back({ Token::Kind::Op, text.mid(i, 2), 0, column });
            i += 2;
        } else if (QStringLiteral("<>+-*/%!()[].,").contains(c)) {
            tokens.push_back({ Token::Kind::Op, QString(c), 0, column });
            ++i;
        } else if (c == u'=') {
            error = { column, QStringLiteral("'=' is not an operator: compare with '=='") };
            return false;
        } else {
            error = { column, QStringLiteral("unexpected character '%1'").arg(c) };
            return false;
        }
    }
    tokens.push_back({ Token::Kind::End, QString(), 0, static_cast<int>(text.size()) + 1 });
    return true;
}

/// Recursive descent over the tokens, one function per precedence level.
class Parser {
public:
    Parser(const std::vector<Token>& tokens, CheckExpression::Error& error)
        : m_tokens(tokens)
        , m_error(error)
    {
    }

    NodePtr parseAll()
    {
        NodePtr root = orExpr(0);
        if (root && peek().kind != Token::Kind::End)
            return fail(peek().column, QStringLiteral("unexpected '%1'").arg(peek().text));
        return root;
    }

private:
    const Token& peek() const { return m_tokens[m_pos]; }
    bool isOp(const char* op) const { return peek().kind == Token::Kind::Op && peek().text == QLatin1String(op); }
    bool isWord(const char* word) const
    {
        return peek().kind == Token::Kind::Name && peek().text == QLatin1String(word);
    }

    NodePtr fail(int column, const QString& message)
    {
        if (!m_failed)
            m_error = { column, message };
        m_failed = true;
        return nullptr;
    }

    static NodePtr make(Node::Kind kind, int column, QString name, std::vector<NodePtr> children = {})
    {
        auto node = std::make_shared<Node>();
        node->kind = kind;
        node->column = column;
        node->name = std::move(name);
        node->children = std::move(children);
        return node;
    }

    /// One binary level: operands from `next`, operators from `ops` (and their word spellings).
    template <typename Next>
    NodePtr binary(int depth, std::initializer_list<std::pair<const char*, const char*>> ops, Next next)
    {
        NodePtr left = next(depth);
        while (left) {
            const Token& t = peek();
            QString op;
            for (const auto& [symbol, word] : ops)
                if (isOp(symbol) || (word && isWord(word)))
                    op = QLatin1String(symbol);
            if (op.isEmpty())
                return left;
            ++m_pos;
            NodePtr right = next(depth);
            if (!right)
                return nullptr;
            left = make(Node::Kind::Binary, t.column, op, { left, right });
        }
        return left;
    }

    NodePtr orExpr(int depth)
    {
        if (depth > kMaxDepth)
            return fail(peek().column, QStringLiteral("nested too deeply"));
        return binary(depth, { { "||", "or" } }, [this](int d) { return andExpr(d); });
    }
    NodePtr andExpr(int depth)
    {
        return binary(depth, { { "&&", "and" } }, [this](int d) { return equality(d); });
    }
    NodePtr equality(int depth)
    {
        return binary(depth, { { "==", nullptr }, { "!=", nullptr } }, [this](int d) { return comparison(d); });
    }
    NodePtr comparison(int depth)
    {
        return binary(depth, { { "<", nullptr }, { "<=", nullptr }, { ">", nullptr }, { ">=", nullptr } },
            [this](int d) { return additive(d); });
    }
    NodePtr additive(int depth)
    {
        return binary(depth, { { "+", nullptr }, { "-", nullptr } }, [this](int d) { return multiplicative(d); });
    }
    NodePtr multiplicative(int depth)
    {
        return binary(
            depth, { { "*", nullptr }, { "/", nullptr }, { "%", nullptr } }, [this](int d) { return unary(d); });
    }
    NodePtr unary(int depth)
    {
        if (depth > kMaxDepth)
            return fail(peek().column, QStringLiteral("nested too deeply"));
        if (isOp("!") || isOp("-") || isWord("not")) {
            const Token t = peek();
            ++m_pos;
            NodePtr operand = unary(depth + 1);
            if (!operand)
                return nullptr;
            return make(Node::Kind::Unary, t.column,
                t.text == QLatin1String("-") ? QStringLiteral("-") : QStringLiteral("!"), { operand });
        }
        return postfix(depth);
    }
    NodePtr postfix(int depth)
    {
        NodePtr node = primary(depth);
        while (node) {
            if (isOp(".")) {
                ++m_pos;
                if (peek().kind != Token::Kind::Name)
                    return fail(peek().column, QStringLiteral("expected a name after '.'"));
                node = make(Node::Kind::Member, peek().column, peek().text, { node });
                ++m_pos;
            } else if (isOp("[")) {
                const int column = peek().column;
                ++m_pos;
                NodePtr index = orExpr(depth + 1);
                if (!index)
                    return nullptr;
                if (!isOp("]"))
                    return fail(peek().column, QStringLiteral("expected ']'"));
                ++m_pos;
                node = make(Node::Kind::Index, column, QString(), { node, index });
            } else {
                return node;
            }
        }
        return node;
    }
    NodePtr primary(int depth)
    {
        const Token t = peek();
        switch (t.kind) {
        case Token::Kind::Number: {
            ++m_pos;
            auto node = std::make_shared<Node>();
            node->column = t.column;
            node->literal = t.number;
            return node;
        }
        case Token::Kind::String: {
            ++m_pos;
            auto node = std::make_shared<Node>();
            node->column = t.column;
            node->literal = t.text;
            return node;
        }
        case Token::Kind::Name: {
            ++m_pos;
            if (t.text == QLatin1String("true") || t.text == QLatin1String("false")
                || t.text == QLatin1String("null")) {
                auto node = std::make_shared<Node>();
                node->column = t.column;
                node->literal
                    = t.text == QLatin1String("null") ? QJsonValue() : QJsonValue(t.text == QLatin1String("true"));
                return node;
            }
            if (!isOp("("))
                return make(Node::Kind::Name, t.column, t.text);
            static const QStringList functions { QStringLiteral("len"), QStringLiteral("sum"), QStringLiteral("min"),
                QStringLiteral("max"), QStringLiteral("abs") };
            if (!functions.contains(t.text)) {
                const QString near = ScenarioReader::closest(t.text, functions);
                return fail(t.column,
                    QStringLiteral("unknown function '%1'").arg(t.text)
                        + (near.isEmpty() ? QStringLiteral(" (len, sum, min, max, abs)")
                                          : QStringLiteral(" (did you mean '%1'?)").arg(near)));
            }
            ++m_pos;
            std::vector<NodePtr> args;
            while (!isOp(")")) {
                NodePtr arg = orExpr(depth + 1);
                if (!arg)
                    return nullptr;
                args.push_back(arg);
                if (isOp(","))
                    ++m_pos;
                else if (!isOp(")"))
                    return fail(peek().column, QStringLiteral("expected ',' or ')'"));
            }
            ++m_pos;
            const bool oneArgument = t.text == QLatin1String("len") || t.text == QLatin1String("abs");
            if (args.empty() || (oneArgument && args.size() != 1))
                return fail(t.column,
                    QStringLiteral("%1() takes %2")
                        .arg(t.text,
                            oneArgument ? QStringLiteral("one argument") : QStringLiteral("one or more arguments")));
            return make(Node::Kind::Call, t.column, t.text, std::move(args));
        }
        case Token::Kind::Op:
            if (t.text == QLatin1String("(")) {
                ++m_pos;
                NodePtr inner = orExpr(depth + 1);
                if (!inner)
                    return nullptr;
                if (!isOp(")"))
                    return fail(peek().column, QStringLiteral("expected ')'"));
                ++m_pos;
                return inner;
            }
            return fail(t.column, QStringLiteral("unexpected '%1'").arg(t.text));
        case Token::Kind::End:
            break;
        }
        return fail(t.column, QStringLiteral("expression ends too early"));
    }

    const std::vector<Token>& m_tokens;
    CheckExpression::Error& m_error;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

QString format(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::abs(d) < 1e15)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', 6);
    }
    case QJsonValue::String:
        return u'\'' + v.toString() + u'\'';
    case QJsonValue::Array:
        return QStringLiteral("[%1 elements]").arg(v.toArray().size());
    case QJsonValue::Object:
        return QStringLiteral("{%1 fields}").arg(v.toObject().size());
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

/// Binding strength of a binary operator (higher binds tighter), for printing parentheses back.
int precedence(const Node& n)
{
    if (n.kind != Node::Kind::Binary)
        return 10;
    static const QStringList levels[]
        = { { QStringLiteral("||") }, { QStringLiteral("&&") }, { QStringLiteral("=="), QStringLiteral("!=") },
              { QStringLiteral("<"), QStringLiteral("<="), QStringLiteral(">"), QStringLiteral(">=") },
              { QStringLiteral("+"), QStringLiteral("-") },
              { QStringLiteral("*"), QStringLiteral("/"), QStringLiteral("%") } };
    for (int i = 0; i < 6; ++i)
        if (levels[i].contains(n.name))
            return i;
    return 10;
}

QString display(const Node& n);

QString displayOperand(const Node& operand, int parent, bool right)
{
    // Left-associative: a right operand of the same level needs parentheses too (a - (b - c)).
    const int own = precedence(operand);
    return own < parent || (right && own == parent) ? u'(' + display(operand) + u')' : display(operand);
}

/// How the expression names a value, for messages: `inventory.stock['sku-1']`.
QString display(const Node& n)
{
    switch (n.kind) {
    case Node::Kind::Name:
        return n.name;
    case Node::Kind::Member:
        return display(*n.children[0]) + u'.' + n.name;
    case Node::Kind::Index:
        return display(*n.children[0]) + u'[' + display(*n.children[1]) + u']';
    case Node::Kind::Literal:
        return format(n.literal);
    case Node::Kind::Call: {
        QStringList args;
        for (const NodePtr& c : n.children)
            args << display(*c);
        return n.name + u'(' + args.join(QStringLiteral(", ")) + u')';
    }
    case Node::Kind::Unary:
        return n.name + displayOperand(*n.children[0], 9, false);
    case Node::Kind::Binary:
        return displayOperand(*n.children[0], precedence(n), false) + u' ' + n.name + u' '
            + displayOperand(*n.children[1], precedence(n), true);
    }
    return {};
}

/// The path of a chain of names and literal keys (`a.b['c']`) as StatePaths::key builds it; empty for
/// anything else.
QString pathOf(const Node& n)
{
    if (n.kind == Node::Kind::Name)
        return n.name;
    const bool literalIndex = n.kind == Node::Kind::Index && n.children[1]->kind == Node::Kind::Literal
        && n.children[1]->literal.isString();
    if (n.kind != Node::Kind::Member && !literalIndex)
        return {};
    const QString base = pathOf(*n.children[0]);
    if (base.isEmpty())
        return {};
    return StatePaths::key(base, n.kind == Node::Kind::Member ? n.name : n.children[1]->literal.toString());
}

void collectReads(const Node& n, StatePaths& tree);

/// The tree node a chain of names and literal keys reads, or nullptr for anything else (whose parts
/// are collected as read whole).
StatePaths* chainReads(const Node& n, StatePaths& tree)
{
    if (n.kind == Node::Kind::Name)
        return &tree.children[n.name];
    const bool literalIndex = n.kind == Node::Kind::Index && n.children[1]->kind == Node::Kind::Literal
        && n.children[1]->literal.isString();
    if (n.kind == Node::Kind::Member || literalIndex) {
        StatePaths* base = chainReads(*n.children[0], tree);
        if (!base) {
            collectReads(*n.children[0], tree);
            return nullptr;
        }
        return &base->children[n.kind == Node::Kind::Member ? n.name : n.children[1]->literal.toString()];
    }
    return nullptr;
}

void collectReads(const Node& n, StatePaths& tree)
{
    if (n.kind == Node::Kind::Call && n.name == QLatin1String("len")) {
        if (StatePaths* counted = chainReads(*n.children[0], tree)) {
            counted->counted = true;
            return;
        }
    }
    if (StatePaths* read = chainReads(n, tree)) {
        read->whole = true;
        return;
    }
    for (const NodePtr& c : n.children)
        collectReads(*c, tree);
}

struct Failure {
    QString message;
};

/// Evaluates a node; a missing name or a type mismatch throws Failure (caught in evaluate()).
class Evaluator {
public:
    explicit Evaluator(const QJsonObject& state)
        : m_state(state)
        , m_counts(state.value(CheckReads::countsKey()).toObject())
    {
    }

    QJsonValue eval(const Node& n) const
    {
        switch (n.kind) {
        case Node::Kind::Literal:
            return n.literal;
        case Node::Kind::Name:
            return lookup(m_state, n.name, QString());
        case Node::Kind::Member: {
            const QJsonValue base = eval(*n.children[0]);
            if (!base.isObject())
                throw Failure { QStringLiteral("%1 is %2, which has no field '%3'")
                                    .arg(display(*n.children[0]), format(base), n.name) };
            return lookup(base.toObject(), n.name, display(*n.children[0]));
        }
        case Node::Kind::Index: {
            const QJsonValue base = eval(*n.children[0]);
            const QJsonValue index = eval(*n.children[1]);
            if (base.isObject() && index.isString())
                return lookup(base.toObject(), index.toString(), display(*n.children[0]));
            if (base.isArray() && index.isDouble()) {
                const QJsonArray array = base.toArray();
                const double i = index.toDouble();
                if (i != std::floor(i) || i < 0 || i >= static_cast<double>(array.size()))
                    throw Failure { QStringLiteral("%1 has %2 elements: no element %3")
                                        .arg(display(*n.children[0]))
                                        .arg(array.size())
                                        .arg(format(index)) };
                return array[static_cast<qsizetype>(i)];
            }
            throw Failure {
                QStringLiteral("cannot index %1 (%2) with %3").arg(display(*n.children[0]), format(base), format(index))
            };
        }
        case Node::Kind::Unary: {
            const QJsonValue v = eval(*n.children[0]);
            if (n.name == QLatin1String("-"))
                return -number(v, *n.children[0]);
            return !truth(v, *n.children[0]);
        }
        case Node::Kind::Binary:
            return binary(n);
        case Node::Kind::Call:
            return call(n);
        }
        return {};
    }

    bool truth(const QJsonValue& v, const Node& n) const
    {
        if (v.isBool())
            return v.toBool();
        if (v.isDouble())
            return v.toDouble() != 0;
        throw Failure { QStringLiteral("%1 is %2, not true or false").arg(display(n), format(v)) };
    }

private:
    static QJsonValue lookup(const QJsonObject& object, const QString& key, const QString& parent)
    {
        const auto it = object.constFind(key);
        if (it != object.constEnd())
            return *it;
        QString message = parent.isEmpty() ? QStringLiteral("unknown name '%1'").arg(key)
                                           : QStringLiteral("%1 has no '%2'").arg(parent, key);
        const QString near = ScenarioReader::closest(key, object.keys());
        if (!near.isEmpty())
            message += QStringLiteral(" (did you mean '%1'?)").arg(near);
        else if (!parent.isEmpty() && object.size() <= 12)
            message += QStringLiteral(" (it has: %1)").arg(object.keys().join(QStringLiteral(", ")));
        throw Failure { message };
    }

    static double number(const QJsonValue& v, const Node& n)
    {
        if (!v.isDouble())
            throw Failure { QStringLiteral("%1 is %2, not a number").arg(display(n), format(v)) };
        return v.toDouble();
    }

    QJsonValue binary(const Node& n) const
    {
        const Node& l = *n.children[0];
        const Node& r = *n.children[1];
        const QString& op = n.name;
        if (op == QLatin1String("&&"))
            return truth(eval(l), l) && truth(eval(r), r);
        if (op == QLatin1String("||"))
            return truth(eval(l), l) || truth(eval(r), r);
        const QJsonValue a = eval(l);
        const QJsonValue b = eval(r);
        if (op == QLatin1String("=="))
            return a == b;
        if (op == QLatin1String("!="))
            return a != b;
        if (op == QLatin1String("+") && a.isString() && b.isString())
            return QString(a.toString() + b.toString());
        if (op.startsWith(u'<') || op.startsWith(u'>')) {
            int order = 0;
            if (a.isString() && b.isString()) {
                order = QString::compare(a.toString(), b.toString());
            } else {
                const double x = number(a, l);
                const double y = number(b, r);
                order = x < y ? -1 : (x > y ? 1 : 0);
            }
            if (op == QLatin1String("<"))
                return order < 0;
            if (op == QLatin1String("<="))
                return order <= 0;
            if (op == QLatin1String(">"))
                return order > 0;
            return order >= 0;
        }
        const double x = number(a, l);
        const double y = number(b, r);
        if (op == QLatin1String("+"))
            return x + y;
        if (op == QLatin1String("-"))
            return x - y;
        if (op == QLatin1String("*"))
            return x * y;
        if (y == 0)
            throw Failure { QStringLiteral("%1 is 0: cannot divide by it").arg(display(r)) };
        return op == QLatin1String("/") ? x / y : std::fmod(x, y);
    }

    QJsonValue call(const Node& n) const
    {
        if (n.name == QLatin1String("abs"))
            return std::abs(number(eval(*n.children[0]), *n.children[0]));
        if (n.name == QLatin1String("len")) {
            if (!m_counts.isEmpty()) { // a state built for a sample holds the count, not the collection
                const auto counted = m_counts.constFind(pathOf(*n.children[0]));
                if (counted != m_counts.constEnd())
                    return *counted;
            }
            const QJsonValue v = eval(*n.children[0]);
            if (v.isArray())
                return v.toArray().size();
            if (v.isObject())
                return v.toObject().size();
            if (v.isString())
                return v.toString().size();
            throw Failure { QStringLiteral("%1 is %2: len() needs an array, an object or a string")
                                .arg(display(*n.children[0]), format(v)) };
        }
        // sum, min, max: over the numbers of one array or object, or over the arguments.
        std::vector<double> values;
        const auto add = [&](const QJsonValue& v, const Node& from) { values.push_back(number(v, from)); };
        if (n.children.size() == 1) {
            const QJsonValue v = eval(*n.children[0]);
            if (v.isArray()) {
                for (const QJsonValue& x : v.toArray())
                    add(x, *n.children[0]);
            } else if (v.isObject()) {
                for (const QJsonValue& x : v.toObject())
                    add(x, *n.children[0]);
            } else {
                add(v, *n.children[0]);
            }
        } else {
            for (const NodePtr& c : n.children)
                add(eval(*c), *c);
        }
        if (n.name == QLatin1String("sum")) {
            double total = 0;
            for (double v : values)
                total += v;
            return total;
        }
        if (values.empty())
            throw Failure { QStringLiteral("%1() of nothing").arg(n.name) };
        return n.name == QLatin1String("min") ? *std::min_element(values.begin(), values.end())
                                              : *std::max_element(values.begin(), values.end());
    }

    const QJsonObject& m_state;
    const QJsonObject m_counts; ///< CheckReads::annotate's counts, by path
};

bool isComparison(const QString& op)
{
    return op == QLatin1String("==") || op == QLatin1String("!=") || op.startsWith(u'<') || op.startsWith(u'>');
}

/// What a reader needs to see why a check passed or failed: the compared values.
QString explain(const Node& n, const Evaluator& e)
{
    if (n.kind == Node::Kind::Binary && isComparison(n.name)) {
        const auto side = [&](const Node& x) {
            return x.kind == Node::Kind::Literal ? format(x.literal)
                                                 : display(x) + QStringLiteral(" = ") + format(e.eval(x));
        };
        return side(*n.children[0]) + QStringLiteral(", ") + side(*n.children[1]);
    }
    if (n.kind == Node::Kind::Binary && (n.name == QLatin1String("&&") || n.name == QLatin1String("||"))) {
        // For `a && b` the part that failed; for `a || b` the part that held (or both when neither did).
        const bool wantTrue = n.name == QLatin1String("||");
        QStringList parts;
        for (const NodePtr& c : n.children) {
            const bool value = e.truth(e.eval(*c), *c);
            if (value == wantTrue)
                return explain(*c, e);
            parts << explain(*c, e);
        }
        return parts.join(QStringLiteral("; "));
    }
    if (n.kind == Node::Kind::Unary && n.name == QLatin1String("!"))
        return explain(*n.children[0], e);
    if (n.kind == Node::Kind::Literal)
        return format(n.literal);
    return display(n) + QStringLiteral(" = ") + format(e.eval(n));
}

void collectRoots(const Node& n, std::vector<std::pair<QString, int>>& out)
{
    if (n.kind == Node::Kind::Name) {
        out.emplace_back(n.name, n.column);
        return;
    }
    for (const NodePtr& c : n.children)
        collectRoots(*c, out);
}
}

CheckExpression::CheckExpression(QString text, std::shared_ptr<const Node> root)
    : m_text(std::move(text))
    , m_root(std::move(root))
{
}

std::optional<CheckExpression> CheckExpression::parse(const QString& text, Error& error)
{
    if (text.size() > kMaxLength) {
        error = { 1,
            QStringLiteral("expression is %1 characters long; the limit is %2").arg(text.size()).arg(kMaxLength) };
        return std::nullopt;
    }
    if (text.trimmed().isEmpty()) {
        error = { 1, QStringLiteral("empty expression") };
        return std::nullopt;
    }
    std::vector<Token> tokens;
    if (!tokenize(text, tokens, error))
        return std::nullopt;
    NodePtr root = Parser(tokens, error).parseAll();
    if (!root)
        return std::nullopt;
    return CheckExpression(text, std::move(root));
}

CheckExpression::Result CheckExpression::evaluate(const QJsonObject& state) const
{
    Result result;
    const Evaluator evaluator(state);
    try {
        result.value = evaluator.eval(*m_root);
        result.passed = evaluator.truth(result.value, *m_root);
        if (!result.passed || !state.contains(CheckReads::failuresOnlyKey()))
            result.detail = explain(*m_root, evaluator);
        result.evaluated = true;
    } catch (const Failure& failure) {
        result.passed = false;
        result.detail = QStringLiteral("cannot evaluate: ") + failure.message;
    }
    return result;
}

void CheckReads::add(const CheckExpression& expression, StatePaths& tree)
{
    // Parsed again from its text (it parsed once, so it does again): the tree is private to the expression.
    std::vector<Token> tokens;
    CheckExpression::Error error;
    if (!tokenize(expression.text(), tokens, error))
        return;
    if (const NodePtr root = Parser(tokens, error).parseAll())
        collectReads(*root, tree);
}

void CheckReads::annotate(QJsonObject& state, const StatePaths::Counts& counts, bool explainPasses)
{
    if (!counts.empty()) {
        QJsonObject object;
        for (const auto& [path, count] : counts)
            object.insert(path, count);
        state.insert(countsKey(), object);
    }
    if (!explainPasses)
        state.insert(failuresOnlyKey(), true);
}

std::vector<std::pair<QString, int>> CheckExpression::rootNames() const
{
    std::vector<std::pair<QString, int>> names;
    collectRoots(*m_root, names);
    return names;
}

} // namespace eventloom
