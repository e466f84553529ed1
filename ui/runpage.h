#pragma once

#include <QList>
#include <QSplitter>
#include <cstdint>

class QAction;
class QTableView;

namespace eventloom {

struct DockContext;
struct Scenario;
class EventLogFilter;
class EventLogModel;
class TimelineView;

/// The run page, the window's centre while a run is shown: the sequence chart (TimelineView) above the
/// event log with its filter bar. The log's current row is ViewState's selection; a message chosen in
/// any panel becomes its current row if the log shows it.
class RunPage final : public QSplitter {
    Q_OBJECT
public:
    RunPage(const DockContext& context, QWidget* parent);

    TimelineView* timeline() const { return m_timeline; }
    /// View menu: Zoom In, Zoom Out, Fit Run, Show Topic Lanes (the timeline's).
    QList<QAction*> timelineActions() const { return m_timelineActions; }
    /// View › Follow This Order, also in the log's context menu: the selected row's order.
    QAction* followAction() const { return m_followAction; }
    /// View menu: Export Timeline…, Export Whole Timeline….
    QList<QAction*> exportActions() const { return m_exportActions; }
    /// The selected row's correlation id, else the one followed (File › Export Correlation…).
    QString correlation() const;

private:
    void createLog();
    void createActions(const DockContext& context);
    /// The log's filter changed (the lens or the filter text): its first match in view, or back to the tail.
    void showFilterChanged();
    void selectMessage(std::uint32_t seq);
    void selectRecord(qint64 row);
    /// Makes source row `row` of the log its current row, in view; false if the log does not show it.
    bool setCurrentRow(int row);
    void reset(const Scenario* scenario);

    EventLogModel* m_model = nullptr;
    EventLogFilter* m_filter = nullptr;
    QTableView* m_logView = nullptr;
    TimelineView* m_timeline = nullptr;
    QAction* m_followAction = nullptr;
    QList<QAction*> m_timelineActions;
    QList<QAction*> m_exportActions;
};

} // namespace eventloom
