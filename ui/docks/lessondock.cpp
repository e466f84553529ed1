#include "lessondock.h"

#include "dockcontext.h"
#include "scenario/scenario.h"
#include "simulation/simulationcontroller.h"
#include "views/lessonpanel.h"

namespace eventloom {

LessonDock::LessonDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Lesson"), parent)
    , m_panel(new LessonPanel)
{
    setObjectName(QStringLiteral("lessonDock"));
    setWidget(m_panel);
    SimulationController* controller = context.controller;
    connect(m_panel, &LessonPanel::injectRequested, this,
        [inject = context.inject](const InjectionSpec& spec) { inject(spec); });
    connect(m_panel, &LessonPanel::judgeRequested, controller, &SimulationController::judgeChecks);
    connect(controller, &SimulationController::judged, m_panel, [this](const CheckVerdicts& verdicts) {
        m_panel->setVerdicts(verdicts.verdicts);
        m_panel->setFigures(verdicts.figures);
        m_panel->setEndFigures(verdicts.endFigures);
    });
    connect(controller, &SimulationController::batchArrived, m_panel, &LessonPanel::runAdvanced);
    // At another moment the checks are judged again.
    connect(controller, &SimulationController::timeTravelled, m_panel, &LessonPanel::runAdvanced);
    connect(controller, &SimulationController::runStarted, m_panel, &LessonPanel::clearVerdicts);
}

bool LessonDock::wanted(const Scenario* scenario)
{
    return scenario && (scenario->lesson || !scenario->checks.empty());
}

} // namespace eventloom
