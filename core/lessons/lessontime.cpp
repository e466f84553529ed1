#include "lessontime.h"

#include "lesson.h"

#include <algorithm>

namespace eventloom {

namespace {
qsizetype countWords(const QString& text)
{
    qsizetype count = 0;
    bool inWord = false;
    for (const QChar c : text) {
        const bool space = c.isSpace();
        if (!space && !inWord)
            ++count;
        inWord = !space;
    }
    return count;
}

qsizetype countWords(const QStringList& texts)
{
    qsizetype count = 0;
    for (const QString& text : texts)
        count += countWords(text);
    return count;
}
}

qsizetype LessonTime::words(const Lesson& lesson)
{
    qsizetype count = countWords(lesson.summary) + countWords(lesson.goals);
    for (const LessonStep& step : lesson.steps) {
        count += countWords(step.text) + countWords(step.action);
        if (step.question)
            count += countWords(step.question->prompt) + countWords(step.question->choices)
                + countWords(step.question->explanation);
    }
    return count;
}

int LessonTime::minutes(const Lesson& lesson)
{
    // In words a minute, so that the sum rounds once: reading, then a minute's worth of words per minute of
    // looking, doing and predicting.
    qsizetype work = words(lesson);
    for (const LessonStep& step : lesson.steps) {
        int stepMinutes = kMinutesPerStep;
        if (!step.action.isEmpty() || step.inject)
            stepMinutes += kMinutesPerAction;
        if (step.question)
            stepMinutes += kMinutesPerQuestion;
        work += qsizetype(stepMinutes) * kWordsPerMinute;
    }
    const qsizetype perRound = qsizetype(kRoundingMinutes) * kWordsPerMinute;
    const qsizetype rounds = std::max<qsizetype>(1, (work + perRound - 1) / perRound);
    return static_cast<int>(rounds * kRoundingMinutes);
}

} // namespace eventloom
