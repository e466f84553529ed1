#pragma once

#include <QDockWidget>

class QMainWindow;

namespace eventloom {

struct DockContext;
struct Scenario;
class EventStoreView;

/// The Event Store dock: the streams of every store that keeps one, a stream's events, and its aggregate
/// folded at a version; the order followed opens the streams that carry it.
class EventStoreDock final : public QDockWidget {
    Q_OBJECT
public:
    /// `window` is where the dock lives: it takes room there the first time it is shown.
    EventStoreDock(const DockContext& context, QMainWindow* window);

    /// Only where a service keeps one: the order service, or a saga coordinator.
    static bool wanted(const Scenario* scenario);
    EventStoreView* view() const { return m_view; }

private:
    EventStoreView* m_view = nullptr;
    bool m_sized = false; ///< room taken once; then the dock keeps what the user gives it
};

} // namespace eventloom
