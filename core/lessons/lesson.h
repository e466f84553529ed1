#pragma once

#include "checkexpression.h"

#include <QString>
#include <QStringList>
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

/// Predict, then observe: the learner picks an answer before the run shows it.
struct LessonQuestion {
    QString prompt;
    QStringList choices;
    int answer = 0; ///< index into choices
    QString explanation; ///< shown after the learner has answered
};

struct LessonStep {
    QString title;
    QString text; ///< Markdown
    QString action; ///< what to do now ("Press Run › Fail Next Payment"), if anything
    QString inject; ///< an injection spec the action stands for (the GUI offers it as a button)
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

/// The teaching narrative that comes with a scenario.
struct Lesson {
    QString title;
    QString summary;
    QStringList goals; ///< what the learner will be able to explain afterwards
    std::vector<LessonStep> steps;
    std::vector<LessonFigure> figures; ///< by name
};

} // namespace eventloom
