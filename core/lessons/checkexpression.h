#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace eventloom {

/// A scenario check's expression: a small, side-effect-free language over the run's state
/// (docs/scenario-format.md, "Checks").
///
///     sagas.compensated >= 1 && duplicateEffects == 0
///     inventory.stock['sku-1'].available + inventory.stock['sku-1'].reserved == 100
///     readModels.orderHistory.lagUs < 500ms
///     len(services['dlq-inspector'].seen) > 0
///
/// Values are JSON values: numbers, strings, booleans, null, objects and arrays. Names are looked up
/// in the state object (CheckState); `.name` and `[expr]` go into objects and arrays. Operators, from
/// loosest to tightest: `||` (or), `&&` (and), `== !=`, `< <= > >=`, `+ -`, `* / %`, unary `! -`
/// (not). Numbers may carry a duration unit (`us`, `ms`, `s`, `min`) and then mean microseconds.
/// Functions: `len(x)` (elements of an array or object, characters of a string), `sum(x)`, `min(x)`,
/// `max(x)` (over an array's or object's numbers, or over several arguments), `abs(x)`.
/// Errors carry the 1-based column in the expression text.
class CheckExpression {
public:
    struct Error {
        int column = 1; ///< 1-based, in the expression text
        QString message;
    };
    struct Result {
        bool passed = false;
        QJsonValue value; ///< what the expression evaluated to
        QString detail; ///< the values compared ("7 >= 1") or why it could not be evaluated
        bool evaluated = false; ///< false when a name was missing or an operand had the wrong type
    };

    /// Compiles `text`, or returns the first syntax error.
    static std::optional<CheckExpression> parse(const QString& text, Error& error);

    /// Evaluates against `state` (an object of named values). Passes when the value is `true` (or a
    /// non-zero number); anything that cannot be evaluated fails, with the reason as the detail.
    Result evaluate(const QJsonObject& state) const;

    /// Reads the integer at a path of keys from the top of the state (with `counted`: the number of
    /// entries of the object there), or nullopt when it cannot (CheckState::number).
    using NumberReader = std::function<std::optional<qint64>(std::span<const QString> path, bool counted)>;
    /// Whether the expression passes, told from the integers `read` gives without a state object: what a
    /// sample tries first. It says true only where evaluate() on the state those integers come from passes
    /// too, and false only where it fails; nullopt when it cannot tell (a value `read` does not give, a
    /// string or a computed key, an operand evaluate() would refuse): then evaluate() must tell.
    std::optional<bool> passesOnNumbers(const NumberReader& read) const;

    /// The top-level names the expression reads (`sagas` in `sagas.compensated`), with their columns:
    /// a loader can check them against the names a run has before running anything.
    std::vector<std::pair<QString, int>> rootNames() const;

    const QString& text() const { return m_text; }

    struct Node;

private:
    CheckExpression(QString text, std::shared_ptr<const Node> root);

    QString m_text;
    std::shared_ptr<const Node> m_root; ///< immutable once parsed, so copies share it
};

} // namespace eventloom
