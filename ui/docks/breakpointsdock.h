#pragma once

#include <QDockWidget>

namespace eventloom {

struct DockContext;
class BreakpointsView;

/// The Breakpoints dock: services whose deliveries stop the run, and the deliveries held there to decide
/// on. Each choice is an injection (break, unbreak, resolve): traced, recorded, replayed. Disabled while a
/// recorded run is reviewed.
class BreakpointsDock final : public QDockWidget {
    Q_OBJECT
public:
    BreakpointsDock(const DockContext& context, QWidget* parent);

    BreakpointsView* view() const { return m_view; }

private:
    BreakpointsView* m_view = nullptr;
};

} // namespace eventloom
