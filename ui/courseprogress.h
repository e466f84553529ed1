#pragma once

#include <QObject>
#include <QString>
#include <map>
#include <set>

namespace eventloom {

/// What a learner has done in one lesson.
struct LessonProgress {
    std::set<int> seen; ///< the steps shown, counted from 0
    int current = 0; ///< the step shown last: where "continue" goes back to
    std::map<int, bool> answers; ///< step → whether the learner's prediction there was right
    std::set<int> pending; ///< steps whose estimate waits for the end of a run to be judged

    bool started() const { return !seen.empty(); }
    /// Predictions made: answered, judged or not.
    int predictions() const { return static_cast<int>(answers.size() + pending.size()); }
    int right() const;
    int wrong() const { return static_cast<int>(answers.size()) - right(); }
    bool operator==(const LessonProgress&) const = default;
};

/// The learner's progress through the lessons, kept between sessions in the settings (QSettings, group
/// `course`), keyed by the scenario's id: the steps each lesson has shown, the step shown last, each
/// prediction and whether it was right, and the lesson shown last. The Lesson dock reports to it, the
/// start page reads it.
///
/// A prediction counts once: the first answer to a question is the one kept (a lesson opened again asks its
/// questions again, and answering them again does not change what was recorded) until the progress is reset.
/// An estimate is made when submitted and judged when a run has ended (LessonPanel::answered).
class CourseProgress final : public QObject {
    Q_OBJECT
public:
    explicit CourseProgress(QObject* parent = nullptr);

    /// Lesson `id`'s progress; nothing done if the learner has not opened it (or reset it).
    LessonProgress lesson(const QString& id) const;
    /// The lesson shown last, its id, and the file it was opened from (empty if it has none on disk or in
    /// the resources); both empty if none, or after resetAll.
    QString lastLesson() const;
    QString lastFile() const;

    /// Lesson `id` (from `file`) shows step `step`: seen, and the one to continue from.
    void stepShown(const QString& id, const QString& file, int step);
    /// The learner answered step `step`'s question; kept unless that question has a verdict already.
    void answered(const QString& id, int step, bool right);
    /// The learner submitted an estimate on step `step`; judged later, with answered().
    void estimated(const QString& id, int step);
    /// Forgets lesson `id`'s progress (and that it was shown last).
    void reset(const QString& id);
    /// Forgets everything.
    void resetAll();

Q_SIGNALS:
    /// Lesson `id`'s progress (or the lesson shown last) changed; an empty id: every lesson's.
    void changed(const QString& id);

private:
    void store(const QString& id, const LessonProgress& progress);
};

} // namespace eventloom
