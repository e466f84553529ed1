#pragma once

#include "../faults/injectionspec.h"
#include "checkexpression.h"

#include <QString>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace eventloom {

/// A named expression over the run's state that a scenario promises about its run
/// (docs/scenario-format.md, "Checks"). `end` checks are judged when the run ends; `always` checks
/// must hold at every sample the runner takes (and at the end).
struct ScenarioCheck {
    enum class When { End, Always };
    QString id;
    QString title; ///< what it shows, for people; the id if none
    QString expect; ///< the expression's text
    When when = When::End;
    std::optional<CheckExpression> expression; ///< compiled; set for every check of a loaded scenario
};

/// A question answered with a number: the learner estimates one of the lesson's figures, and is right
/// when the estimate is within the tolerance of the figure's value on the run when it has ended.
/// The right answer is never written in the lesson: it is always the run's.
struct LessonEstimate {
    QString figure; ///< the name of one of the lesson's figures
    double tolerance = 0; ///< absolute, in the figure's own unit (microseconds for a duration)
    double tolerancePercent = 0; ///< relative to the run's value, 0–100
    QString unit; ///< plain text shown beside the field ("orders"); empty for none

    /// How far from `actual` an estimate may be and still be right: the larger of the two bands.
    double band(double actual) const { return std::max(tolerance, std::abs(actual) * tolerancePercent / 100.0); }
    /// Whether `estimate` is within the band around `actual` (a hair of slack for decimals typed in).
    bool accepts(double estimate, double actual) const
    {
        return std::abs(estimate - actual) <= band(actual) * (1 + 1e-12) + 1e-9;
    }
};

/// Predict, then observe: the learner answers before the run shows it, by picking one of `choices`
/// or, for an estimate question, by typing a number.
struct LessonQuestion {
    QString prompt;
    QStringList choices; ///< empty for an estimate question
    int answer = 0; ///< index into choices
    std::optional<LessonEstimate> estimate; ///< set for an estimate question (then there are no choices)
    QString explanation; ///< shown after the learner has answered
};

struct LessonStep {
    QString title;
    QString text; ///< Markdown
    QString action; ///< what to do now ("Press Run › Fail Next Payment"), if anything
    /// The injection the action stands for (the window offers it as a button), parsed and checked against the
    /// scenario when the lesson is read; text() gives it back as the lesson wrote it.
    std::optional<InjectionSpec> inject;
    /// The id of one of the lesson's `variants` the action stands for (the window offers it as a button that
    /// starts a new run of that variant); empty for none. A step has at most one of `inject` and `variant`.
    QString variant;
    std::optional<LessonQuestion> question;
    QStringList checks; ///< ids of the scenario's checks this step is about
};

/// A figure the lesson's text quotes from the run: `{{name}}` in a step's text, its action or a question's
/// explanation stands for the expression's value on the run as it is (docs/scenario-format.md, "Lessons").
struct LessonFigure {
    enum class Format {
        Number, ///< whole numbers as integers, others with one decimal
        Integer, ///< rounded to a whole number
        Decimal, ///< one decimal
        Duration, ///< microseconds, shown in µs, ms or s
    };
    QString name;
    QString value; ///< the expression's text (the same language as a check's `expect`)
    Format format = Format::Number;
    std::optional<CheckExpression> expression; ///< compiled; set for every figure of a loaded scenario
};

/// A way to run the lesson's scenario that the lesson is about: the design it warns against or the one
/// it recommends. It is the scenario with `set` overrides applied (as `--set PATH=VALUE`) and `inject`
/// added to its injections (as `--inject SPEC`); `fails` are exactly the checks it fails, on every seed
/// (tst_lessonseeds proves it). A warned-about variant fails at least one check; a recommended one none.
/// The scenario as shipped is the variant with neither overrides nor injections, if one is declared.
struct LessonVariant {
    enum class Role { Warned, Recommended };
    QString id;
    QString title; ///< what it is, for people ("Payment without an inbox")
    Role role = Role::Warned;
    QStringList set; ///< `--set` assignments
    QStringList inject; ///< `--inject` specs
    QStringList fails; ///< ids of the checks it fails
    bool asShipped() const { return set.isEmpty() && inject.isEmpty(); }
};

/// The teaching narrative that comes with a scenario.
struct Lesson {
    QString title;
    QString summary;
    QStringList goals; ///< what the learner will be able to explain afterwards
    /// The ideas it teaches, a few words each ("consumer groups", "lag"): what the start page lists
    /// beside the lesson, where whole goals would be too long to take in at a glance.
    QStringList concepts;
    std::vector<LessonStep> steps;
    std::vector<LessonFigure> figures; ///< by name
    std::vector<LessonVariant> variants;

    /// The variant with this id, or null.
    const LessonVariant* variant(const QString& id) const
    {
        const auto found
            = std::find_if(variants.begin(), variants.end(), [&id](const LessonVariant& v) { return v.id == id; });
        return found == variants.end() ? nullptr : &*found;
    }
};

} // namespace eventloom
