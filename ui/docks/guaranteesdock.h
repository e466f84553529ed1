#pragma once

#include <QDockWidget>

namespace eventloom {

struct DockContext;
class GuaranteesPanel;

/// The Guarantees dock: the engine's delivery checker run live on the run shown (in review, on the
/// recorded run), its findings' first records one click from the log, the timeline and the Inspector.
class GuaranteesDock final : public QDockWidget {
    Q_OBJECT
public:
    GuaranteesDock(const DockContext& context, QWidget* parent);
    GuaranteesPanel* panel() const { return m_panel; }

private:
    GuaranteesPanel* m_panel = nullptr;
};

} // namespace eventloom
