#pragma once

#include <QtGlobal>

namespace eventloom {

struct Lesson;

/// How long a lesson takes a learner, estimated from its content alone (docs/scenario-format.md,
/// "How long a lesson takes"), so that no lesson states its own time and none drifts from its text:
///
/// - reading: every word of its summary, goals, steps' text and actions, questions' prompts, choices and
///   explanations, at kWordsPerMinute (a learner reading technical text with the window beside it);
/// - looking: kMinutesPerStep for each step (finding what the step shows in the window);
/// - doing: kMinutesPerAction more for a step that asks for an action (do it, then watch the run);
/// - predicting: kMinutesPerQuestion more for each question (thinking before answering);
///
/// summed and rounded up to the next kRoundingMinutes, so that an estimate does not pretend to a
/// precision it has not.
class LessonTime {
public:
    static constexpr int kWordsPerMinute = 150;
    static constexpr int kMinutesPerStep = 1;
    static constexpr int kMinutesPerAction = 2;
    static constexpr int kMinutesPerQuestion = 1;
    static constexpr int kRoundingMinutes = 5;

    /// The words a learner reads in `lesson` (whitespace-separated, Markdown marks included).
    static qsizetype words(const Lesson& lesson);
    /// The estimate in minutes: a multiple of kRoundingMinutes, at least kRoundingMinutes.
    static int minutes(const Lesson& lesson);
};

} // namespace eventloom
