#pragma once

#include "courseprogress.h"

#include <QAbstractListModel>
#include <QStringList>
#include <vector>

namespace eventloom {

/// The course the start page shows: the shipped lessons in order, each with what it teaches (its title,
/// summary, goals and `concepts`), how long it takes (LessonTime) and the learner's progress in it
/// (CourseProgress), updated as the learner works.
///
/// A step is done once it has been shown and its question, if it asks one, answered; a lesson is done when
/// every step is.
class CourseModel final : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles {
        IdRole = Qt::UserRole, ///< "07-saga-orchestration"
        PathRole, ///< the resource path it is opened from
        TitleRole, ///< the lesson's title
        SummaryRole,
        GoalsRole, ///< QStringList
        ConceptsRole, ///< QStringList
        MinutesRole, ///< the estimate, LessonTime::minutes
        StepCountRole,
        QuestionCountRole,
        StepsDoneRole,
        PredictionsRole, ///< questions answered (estimates included, judged or not)
        RightRole,
        WrongRole,
        PendingRole, ///< estimates waiting for the end of a run
        CurrentStepRole, ///< the step shown last, from 0
        StateRole, ///< State, as an int
    };
    enum class State { NotStarted, InProgress, Done };

    /// A lesson as the course lists it: read once from the shipped scenario.
    struct Entry {
        QString id;
        QString path;
        QString title;
        QString summary;
        QStringList goals;
        QStringList concepts;
        int minutes = 0;
        std::vector<bool> asks; ///< per step: whether it asks a question
    };

    explicit CourseModel(CourseProgress* progress, QObject* parent = nullptr);

    /// The shipped lessons, read through the scenario loader once per process (they are compiled in).
    static const std::vector<Entry>& shippedLessons();

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The row of lesson `id`, or -1.
    int rowOf(const QString& id) const;
    const Entry& entry(int row) const { return m_entries[static_cast<std::size_t>(row)]; }
    const LessonProgress& progress(int row) const { return m_progress[static_cast<std::size_t>(row)]; }
    int stepsDone(int row) const;
    State state(int row) const;
    /// The whole course in minutes, and how many lessons are done and in progress.
    int totalMinutes() const;
    int count(State state) const;

    /// "about 40 min", "about 1 h 5 min".
    static QString duration(int minutes);
    /// What a person (or a screen reader) needs of row `row` in one sentence.
    QString sentence(int row) const;

private:
    void reload(const QString& id);

    CourseProgress* m_source = nullptr;
    const std::vector<Entry>& m_entries;
    std::vector<LessonProgress> m_progress;
};

} // namespace eventloom
