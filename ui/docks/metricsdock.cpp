#include "metricsdock.h"

#include "charts/metricspanel.h"
#include "dockcontext.h"
#include "simulation/simulationcontroller.h"
#include "viewstate.h"

namespace eventloom {

MetricsDock::MetricsDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Metrics"), parent)
    , m_panel(new MetricsPanel(context.trace))
{
    setObjectName(QStringLiteral("metricsDock"));
    setWidget(m_panel);
    connect(context.controller, &SimulationController::runStarted, m_panel, &MetricsPanel::clear);
    connect(context.view, &ViewState::viewTimeChanged, m_panel, &MetricsPanel::setViewTime);
    refreshWhenChosen(this, [this] { m_panel->redraw(); });
}

} // namespace eventloom
