#include "sagadock.h"

#include "dockcontext.h"
#include "models/sagamodel.h"
#include "scenario/scenario.h"
#include "simulation/simulationcontroller.h"
#include "views/sagapanel.h"
#include "viewstate.h"

namespace eventloom {

SagaDock::SagaDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Sagas"), parent)
    , m_model(new SagaModel(context.trace, this))
    , m_panel(new SagaPanel(m_model))
{
    setObjectName(QStringLiteral("sagaDock"));
    setWidget(m_panel);
    connect(context.controller, &SimulationController::runStarted, m_model, &SagaModel::clear);
    // Double-click: follow this saga — every panel shows its order only.
    connect(m_panel, &SagaPanel::followRequested, context.view, &ViewState::setFollowed);
    connect(context.view, &ViewState::followedChanged, m_panel, &SagaPanel::setFollowed);
    connect(context.view, &ViewState::viewTimeChanged, m_model, &SagaModel::setViewTime);
}

void SagaDock::setScenario(const Scenario& scenario)
{
    m_model->setDefinitions(scenario.sagas);
}

bool SagaDock::wanted(const Scenario* scenario)
{
    return scenario && !scenario->sagas.empty();
}

} // namespace eventloom
