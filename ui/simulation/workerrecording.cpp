#include "workerrecording.h"

#include "lessons/checkjudge.h"
#include "lessons/lessonfigures.h"
#include "record/runarchive.h"
#include "sim/runsummary.h"
#include "sim/simulation.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QSettings>

namespace eventloom {

void WorkerRecording::start(const Scenario& scenario, Simulation& sim)
{
    m_recorder.reset();
    m_scenarioId = scenario.id;
    m_figures = scenario.lesson ? scenario.lesson->figures : std::vector<LessonFigure> {};
    const RunArchive::Settings settings = RunArchive::load(QSettings());
    if (!settings.enabled)
        return;
    QString error;
    const QString path
        = RunArchive::newRunPath(settings, scenario.id, sim.seed(), QDateTime::currentDateTimeUtc(), error);
    if (path.isEmpty()) {
        failed(error);
        return;
    }
    RunArchive::prune(settings);
    RunInfo info;
    info.scenarioId = scenario.id;
    info.scenarioFile = scenario.file;
    info.scenarioJson = QJsonDocument(scenario.json).toJson(QJsonDocument::Compact);
    info.overrides = scenario.overrides;
    info.seed = sim.seed();
    info.until = scenario.until;
    info.producer = QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion();
    auto recorder = std::make_unique<RunRecorder>(RunArchive::recorderOptions(settings));
    if (!recorder->open(path, info, error)) {
        failed(error);
        return;
    }
    sim.addObserver(recorder.get());
    m_recorder = std::move(recorder);
}

void WorkerRecording::declareInjection(const InjectionSpec& spec)
{
    if (m_recorder)
        m_recorder->declareInjection(spec.text(), spec.at);
}

void WorkerRecording::flush(const Simulation& sim)
{
    if (!m_recorder)
        return;
    m_recorder->flush(sim);
    if (!m_recorder->recording())
        failed(m_recorder->error()); // it keeps observing at no cost; what it wrote stays
}

void WorkerRecording::finish(const Simulation& sim, const std::vector<CheckJudge::Verdict>& verdicts)
{
    if (!m_recorder || !m_recorder->recording())
        return;
    RunSummary summary = RunSummary::of(m_scenarioId, sim, 0);
    // The lesson's checks as judged at the end, so a review of the run file shows them judged.
    for (const CheckJudge::Verdict& v : verdicts)
        summary.checks.push_back({ v.id, v.passed, v.detail });
    summary.figures = LessonFigures::ofRun(m_figures, sim); // so a review of the run file can fill the lesson's figures
    if (!m_recorder->finish(sim, &summary))
        failed(m_recorder->error());
}

void WorkerRecording::stop(const Simulation& sim)
{
    if (m_recorder && m_recorder->recording())
        m_recorder->stop(sim);
}

void WorkerRecording::failed(const QString& why)
{
    if (m_problem.isEmpty() && !why.isEmpty())
        m_problem = why;
}

QString WorkerRecording::takeProblem()
{
    QString problem;
    std::swap(problem, m_problem);
    return problem;
}

} // namespace eventloom
