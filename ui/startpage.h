#pragma once

#include <QWidget>

class QLabel;
class QListView;
class QModelIndex;
class QPushButton;
class QToolButton;

namespace eventloom {

class CourseModel;
class CourseProgress;

/// What the app shows with no scenario open: the shipped lessons as a course — in order, each with what it
/// teaches, how long it takes and how far the learner got (CourseModel) — "continue where you left off",
/// a way to reset the progress, and a way to open a file.
class StartPage final : public QWidget {
    Q_OBJECT
public:
    explicit StartPage(CourseProgress* progress, QWidget* parent = nullptr);

    CourseModel* model() const { return m_model; }
    /// Selects lesson `id` in the list (false if the course has none).
    bool select(const QString& id);

Q_SIGNALS:
    /// The user picked a lesson: open `path` at step `step` (from 0).
    void lessonChosen(const QString& path, int step);
    void openFileRequested();

protected:
    /// Coming back to the page selects the lesson the learner was in last, scrolled into view.
    void showEvent(QShowEvent* event) override;

private:
    void showLesson(const QModelIndex& index);
    void showCourse();
    void showContinue();
    void openCurrent();
    void askReset(bool wholeCourse);
    int currentRow() const;

    CourseProgress* m_progress = nullptr;
    CourseModel* m_model = nullptr;
    QWidget* m_continueBox = nullptr;
    QLabel* m_continueText = nullptr;
    QPushButton* m_continue = nullptr;
    QLabel* m_courseHeader = nullptr;
    QToolButton* m_resetAll = nullptr;
    QListView* m_lessons = nullptr;
    QLabel* m_detailTitle = nullptr;
    QLabel* m_detailFacts = nullptr;
    QLabel* m_detailText = nullptr;
    QLabel* m_detailProgress = nullptr;
    QPushButton* m_resetLesson = nullptr;
    QPushButton* m_openLesson = nullptr;
};

} // namespace eventloom
