#pragma once

#include <QDockWidget>
#include <functional>

namespace eventloom {

struct DockContext;
class ArchitectureView;

/// The Architecture dock: the services, topics and groups as a diagram, messages moving along it, and
/// its context menus' injections.
class ArchitectureDock final : public QDockWidget {
    Q_OBJECT
public:
    /// `speed` gives the playback speed the dots move at.
    ArchitectureDock(const DockContext& context, std::function<double()> speed, QWidget* parent);

    ArchitectureView* view() const { return m_view; }

Q_SIGNALS:
    /// A service was double-clicked: its own state is asked for.
    void serviceActivated(const QString& service);

private:
    ArchitectureView* m_view = nullptr;
};

} // namespace eventloom
