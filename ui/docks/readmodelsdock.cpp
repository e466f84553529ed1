#include "readmodelsdock.h"

#include "dockcontext.h"
#include "scenario/scenario.h"
#include "statepanel.h"
#include "views/readmodelsview.h"
#include "viewstate.h"

#include <algorithm>

namespace eventloom {

ReadModelsDock::ReadModelsDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Read Models"), parent)
    , m_view(new ReadModelsView)
{
    setObjectName(QStringLiteral("readModelsDock"));
    setWidget(m_view);
    SimulationController* controller = context.controller;
    connectStatePanel(m_view, controller, &SimulationController::requestReadModels,
        &SimulationController::readModelsReady, &ReadModelsView::setState);
    // A row's context menu: follow its order in every panel.
    connect(m_view, &ReadModelsView::followRequested, context.view, &ViewState::setFollowed);
    connect(context.view, &ViewState::followedChanged, m_view, &ReadModelsView::setFollowed);
    refreshWhenChosen(this, [this] { m_view->runAdvanced(); });
}

bool ReadModelsDock::wanted(const Scenario* scenario)
{
    return scenario && std::any_of(scenario->services.begin(), scenario->services.end(), [](const ServiceSpec& s) {
        return s.kind == QLatin1String("read-model");
    });
}

} // namespace eventloom
