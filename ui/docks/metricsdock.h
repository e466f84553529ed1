#pragma once

#include <QDockWidget>

namespace eventloom {

struct DockContext;
class MetricsPanel;

/// The Metrics dock: throughput, latency and lag charts of the run, up to the moment shown.
class MetricsDock final : public QDockWidget {
    Q_OBJECT
public:
    MetricsDock(const DockContext& context, QWidget* parent);

    MetricsPanel* panel() const { return m_panel; }

private:
    MetricsPanel* m_panel = nullptr;
};

} // namespace eventloom
