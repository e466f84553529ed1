#pragma once

#include <QList>
#include <QObject>
#include <functional>

class QAction;
class QDockWidget;
class QMainWindow;

namespace eventloom {

struct DockContext;
struct Scenario;
class ArchitectureDock;
class BreakpointsDock;
class DeadLettersDock;
class EventStoreDock;
class FaultsDock;
class GuaranteesDock;
class InspectorDock;
class LessonDock;
class MetricsDock;
class ReadModelsDock;
class SagaDock;
class SettingsDock;
class TimeTravelBar;
class TopicsDock;

/// The docks around the run page and the Time Travel bar under them: creates each with the window's
/// shared objects, places them in one of two layouts, shows those a scenario wants, and lists their
/// View menu toggles. A new dock is created and placed here (and its toggle listed; an expert dock is
/// also listed in m_expert); what it shows and asks for is its own class's business.
class RunDocks final : public QObject {
    Q_OBJECT
public:
    /// Where the docks are and which of them show (View › Layout).
    enum class Layout {
        /// What a newcomer needs, large: the lesson, the timeline, the Architecture, the Sagas and the
        /// Inspector; the expert docks hidden (their View menu toggles and the Workbench bring them), except
        /// those the open lesson names.
        Lesson,
        /// Every dock a scenario wants, the bus's docks as tabs beside the Sagas.
        Workbench,
    };

    /// `speed` is the playback speed (the Architecture's dots move at it). The docks start in the
    /// Workbench layout.
    RunDocks(const DockContext& context, std::function<double()> speed, QMainWindow* window);

    /// Places every dock where `layout` puts it, to be sized to the window the next time they show.
    void arrange(Layout layout);
    Layout layout() const { return m_layout; }
    /// The docks the Lesson layout hides.
    const QList<QDockWidget*>& expertDocks() const { return m_expert; }

    /// Shows (`visible`) the docks `scenario` wants that the layout shows, or hides them all. The docks
    /// are sized to the window the first time they show (and the Dead Letters the first time they do),
    /// then keep what the user gives them.
    void setShown(bool visible, const Scenario* scenario);
    /// Every step's title, text, action, question and explanation of `scenario`'s lesson, one after another.
    static QString lessonText(const Scenario& scenario);
    /// Whether lesson `text` names a dock `title` (a whole word or words: "the **Event Store** dock").
    static bool names(const QString& text, const QString& title);
    /// Whether the docks have their sizes (false: the next setShown sizes them to the window, as the
    /// default layout wants; true: a restored layout keeps its own).
    void setSized(bool sized)
    {
        m_sized = sized;
        m_deadLettersSized = sized;
    }
    bool sized() const { return m_sized; }
    /// The docks' show/hide actions, in the View menu's order.
    QList<QAction*> toggleActions() const;

    SagaDock* saga() const { return m_saga; }
    ArchitectureDock* architecture() const { return m_architecture; }
    InspectorDock* inspector() const { return m_inspector; }
    FaultsDock* faults() const { return m_faults; }
    BreakpointsDock* breakpoints() const { return m_breakpoints; }
    LessonDock* lesson() const { return m_lesson; }
    TopicsDock* topics() const { return m_topics; }
    DeadLettersDock* deadLetters() const { return m_deadLetters; }
    MetricsDock* metrics() const { return m_metrics; }
    ReadModelsDock* readModels() const { return m_readModels; }
    EventStoreDock* eventStore() const { return m_eventStore; }
    GuaranteesDock* guarantees() const { return m_guarantees; }
    SettingsDock* settings() const { return m_settings; }
    TimeTravelBar* timeTravel() const { return m_timeTravel; }

private:
    void arrangeWorkbench();
    void arrangeLesson();
    /// The docks' default sizes, in proportion to the window.
    void sizeToWindow();
    /// The dock in front at the bottom: the Sagas where the scenario has sagas, else the Architecture
    /// (Workbench) or the first bottom dock showing.
    QDockWidget* bottomDock() const;

    QMainWindow* m_window = nullptr;
    SagaDock* m_saga = nullptr;
    ArchitectureDock* m_architecture = nullptr;
    InspectorDock* m_inspector = nullptr;
    FaultsDock* m_faults = nullptr;
    BreakpointsDock* m_breakpoints = nullptr;
    LessonDock* m_lesson = nullptr;
    TopicsDock* m_topics = nullptr;
    DeadLettersDock* m_deadLetters = nullptr;
    MetricsDock* m_metrics = nullptr;
    ReadModelsDock* m_readModels = nullptr;
    EventStoreDock* m_eventStore = nullptr;
    GuaranteesDock* m_guarantees = nullptr;
    SettingsDock* m_settings = nullptr;
    TimeTravelBar* m_timeTravel = nullptr;
    QList<QDockWidget*> m_all; ///< every dock, in the View menu's order
    QList<QDockWidget*> m_expert;
    Layout m_layout = Layout::Workbench;
    bool m_sized = false;
    bool m_deadLettersSized = false;
};

} // namespace eventloom
