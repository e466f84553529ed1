#pragma once

#include <QDockWidget>

namespace eventloom {

struct DockContext;
struct Scenario;
class ReadModelsView;

/// The Read Models dock: each read model's rows at the moment shown (stale ones marked), narrowed to the
/// order followed, and a rebuild from the log compared with the live table.
class ReadModelsDock final : public QDockWidget {
    Q_OBJECT
public:
    ReadModelsDock(const DockContext& context, QWidget* parent);

    /// Only where the scenario has read models.
    static bool wanted(const Scenario* scenario);
    ReadModelsView* view() const { return m_view; }

private:
    ReadModelsView* m_view = nullptr;
};

} // namespace eventloom
