#pragma once

#include "simulation/messagedetails.h"

#include <QDockWidget>
#include <cstdint>
#include <functional>

namespace eventloom {

struct DockContext;
class EventLogModel;
class InspectorPanel;

/// The Inspector dock: the message selected (envelope, payload, deliveries, causal chain) and a service's
/// own state at the moment shown.
class InspectorDock final : public QDockWidget {
    Q_OBJECT
public:
    InspectorDock(const DockContext& context, QWidget* parent);

    /// Shows service `service`'s own state, and the dock in front.
    void showService(const QString& service);
    InspectorPanel* panel() const { return m_panel; }

private:
    void showDetails(std::uint32_t seq, const MessageDetails& details);

    InspectorPanel* m_panel = nullptr;
    EventLogModel* m_log = nullptr;
};

} // namespace eventloom
