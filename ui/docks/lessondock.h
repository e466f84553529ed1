#pragma once

#include <QDockWidget>

namespace eventloom {

struct DockContext;
struct Scenario;
class LessonPanel;

/// The Lesson dock: the lesson's text, steps and questions, and the scenario's checks judged on the run
/// at the moment shown; it reports the steps shown and the answers given to the learner's progress.
class LessonDock final : public QDockWidget {
    Q_OBJECT
public:
    LessonDock(const DockContext& context, QWidget* parent);

    /// Only scenarios with a lesson or checks show it.
    static bool wanted(const Scenario* scenario);
    LessonPanel* panel() const { return m_panel; }

private:
    /// Tells the learner's progress (DockContext::progress) the steps shown and the answers given.
    void reportProgress(const DockContext& context);

    LessonPanel* m_panel = nullptr;
};

} // namespace eventloom
