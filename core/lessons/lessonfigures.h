#pragma once

#include "../sim/runsummary.h"
#include "lesson.h"

#include <QJsonObject>
#include <QString>
#include <vector>

namespace eventloom {

class Simulation;

/// A lesson's figures (LessonFigure): `{{name}}` placeholders found in its text, evaluated on a run and
/// formatted for people. The loader, the CLI, the window and the lesson tests share these rules.
class LessonFigures {
public:
    /// One `{{name}}` in a text: where it starts (0-based, at the first brace) and how long it is.
    struct Placeholder {
        QString name; ///< between the braces, spaces trimmed; empty for an unterminated `{{`
        qsizetype offset = 0;
        qsizetype length = 0;
        bool closed = true; ///< false for a `{{` with no `}}` after it (then it runs to the end)
    };

    /// What the window shows for a figure the run has not given yet.
    static QString missing() { return QStringLiteral("…"); }

    /// A figure's name: a letter, then letters and digits (Markdown leaves it alone).
    static bool isName(const QString& name);
    /// Every `{{…}}` in `text`, in order.
    static std::vector<Placeholder> placeholders(const QString& text);

    /// name → value of each figure on the run as it is now; a figure that cannot be evaluated (a name
    /// the run does not have yet, a division by zero) is left out.
    static QJsonObject evaluate(const std::vector<LessonFigure>& figures, const Simulation& sim);
    static QJsonObject evaluate(const std::vector<LessonFigure>& figures, const QJsonObject& state);
    /// Each figure with its value on `sim` and its text, for a run's summary (printed by the CLI, kept
    /// in a run file); a figure with no value is left out.
    static std::vector<RunSummary::Figure> ofRun(const std::vector<LessonFigure>& figures, const Simulation& sim);
    /// `value` for people, in `format` ("1,161,000", "13.1 ms", "24.3 s").
    static QString format(const QJsonValue& value, LessonFigure::Format format);
    /// name → formatted text of the values `evaluate` gave.
    static QJsonObject texts(const std::vector<LessonFigure>& figures, const QJsonObject& values);
    /// `text` with each placeholder replaced by its figure's text in `texts`, or `missing` when it has none.
    static QString fill(const QString& text, const QJsonObject& texts, const QString& missing);
};

} // namespace eventloom
