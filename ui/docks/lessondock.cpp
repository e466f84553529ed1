#include "lessondock.h"

#include "courseprogress.h"
#include "dockcontext.h"
#include "lessons/variantoverrides.h"
#include "scenario/scenario.h"
#include "scenario/scenarioloader.h"
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
    // A step's action is about a run that goes on: on a run that has ended (or gone past the moment the
    // injection names) it starts from the beginning again, and in any case the run plays, so that the
    // learner sees what the injection does without another click.
    connect(
        m_panel, &LessonPanel::injectRequested, this, [controller, inject = context.inject](const InjectionSpec& spec) {
            const RunStatus& status = controller->status();
            if (controller->hasRun() && (status.finished || (spec.timed && spec.at < status.now)))
                controller->reset();
            if (inject(spec) && !controller->isPlaying())
                controller->play();
        });
    // A variant is a new run, exactly as the Scenario Settings dock's Apply makes one (the lesson stays on its
    // step): its injections are part of the scenario from the start, appended to the scenario's own as overrides,
    // so that Reset, the run file and the title keep the whole variant. Then it plays.
    connect(m_panel, &LessonPanel::variantRequested, this, [controller, context](const LessonVariant& variant) {
        const Scenario* open = context.scenario();
        if (!open)
            return;
        const ScenarioLoader::Result shipped = ScenarioLoader::loadFile(open->file);
        const qsizetype injections = shipped.ok() ? static_cast<qsizetype>(shipped.scenario->injections.size()) : 0;
        // The reference is into the scenario the new run replaces: what it says is taken first.
        if (context.applyOverrides(variantOverrides(variant, injections)) && !controller->isPlaying())
            controller->play();
    });
    connect(m_panel, &LessonPanel::judgeRequested, controller, &SimulationController::judgeChecks);
    connect(controller, &SimulationController::judged, m_panel, [this](const CheckVerdicts& verdicts) {
        m_panel->setVerdicts(verdicts.verdicts, verdicts.ended);
        m_panel->setFigures(verdicts.figures);
        m_panel->setEndFigures(verdicts.endFigures);
    });
    connect(controller, &SimulationController::batchArrived, m_panel, &LessonPanel::runAdvanced);
    // At another moment the checks are judged again.
    connect(controller, &SimulationController::timeTravelled, m_panel, &LessonPanel::runAdvanced);
    connect(controller, &SimulationController::runStarted, m_panel, &LessonPanel::clearVerdicts);
    reportProgress(context);
}

void LessonDock::reportProgress(const DockContext& context)
{
    CourseProgress* progress = context.progress;
    if (!progress)
        return;
    // The learner's progress is the lesson's, whatever variant of its scenario runs: keyed by the scenario's id.
    const auto lesson = [scenario = context.scenario]() -> const Scenario* {
        const Scenario* s = scenario();
        return s && s->lesson ? s : nullptr;
    };
    connect(m_panel, &LessonPanel::stepShown, progress, [progress, lesson](int step) {
        if (const Scenario* s = lesson())
            progress->stepShown(s->id, s->file, step);
    });
    connect(m_panel, &LessonPanel::answered, progress, [progress, lesson](int step, bool right) {
        if (const Scenario* s = lesson())
            progress->answered(s->id, step, right);
    });
    connect(m_panel, &LessonPanel::estimated, progress, [progress, lesson](int step) {
        if (const Scenario* s = lesson())
            progress->estimated(s->id, step);
    });
}

bool LessonDock::wanted(const Scenario* scenario)
{
    return scenario && (scenario->lesson || !scenario->checks.empty());
}

} // namespace eventloom
