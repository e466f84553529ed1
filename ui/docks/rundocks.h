#pragma once

#include <QList>
#include <QObject>
#include <functional>

class QAction;
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
/// shared objects, places them in the default layout, shows those a scenario wants, and lists their
/// View menu toggles. A new dock is created and placed here (and its toggle listed); what it shows and
/// asks for is its own class's business.
class RunDocks final : public QObject {
    Q_OBJECT
public:
    /// `speed` is the playback speed (the Architecture's dots move at it).
    RunDocks(const DockContext& context, std::function<double()> speed, QMainWindow* window);

    /// Shows (`visible`) the docks `scenario` wants, or hides them all. The docks are sized to the window
    /// the first time they show (and the Dead Letters the first time they do), then keep what the user
    /// gives them.
    void setShown(bool visible, const Scenario* scenario);
    /// Whether the docks have their sizes (false: the next setShown sizes them to the window, as the
    /// default layout wants; true: a restored layout keeps its own).
    void setSized(bool sized)
    {
        m_sized = sized;
        m_deadLettersSized = sized;
    }
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
    /// The docks' default sizes, in proportion to the window.
    void sizeToWindow();

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
    bool m_sized = false;
    bool m_deadLettersSized = false;
};

} // namespace eventloom
