#include "headlessrun.h"

#include "../check/deliverychecker.h"
#include "../faults/faultinjector.h"
#include "../lessons/checkjudge.h"
#include "../lessons/lessonfigures.h"
#include "../scenario/scenariobuilder.h"
#include "../sim/fingerprint.h"
#include "../sim/runsummary.h"
#include "../sim/simulation.h"
#include "runrecorder.h"

#include <QElapsedTimer>
#include <QJsonDocument>

namespace eventloom {

HeadlessRun::Result HeadlessRun::record(const Scenario& scenario, std::optional<std::uint64_t> seed,
    const std::vector<InjectionSpec>& injections, const QString& path, const QString& producer)
{
    Result result;
    auto sim = ScenarioBuilder::build(scenario, seed);
    for (const InjectionSpec& spec : injections)
        if (const QString problem = FaultInjector::schedule(spec, *sim); !problem.isEmpty()) {
            result.error = spec.text() + QStringLiteral(": ") + problem;
            return result;
        }
    RunInfo info;
    info.scenarioId = scenario.id;
    info.scenarioFile = scenario.file;
    info.scenarioJson = QJsonDocument(scenario.json).toJson(QJsonDocument::Compact);
    info.overrides = scenario.overrides;
    info.seed = sim->seed();
    info.until = scenario.until;
    info.producer = producer;
    RunRecorder recorder;
    if (!recorder.open(path, info, result.error))
        return result;
    for (const InjectionSpec& spec : injections)
        recorder.declareInjection(spec.text(), spec.at);
    sim->addObserver(&recorder);
    DeliveryChecker checker;
    sim->addObserver(&checker);
    QElapsedTimer wall; // for the summary only; never feeds the simulation
    wall.start();
    CheckJudge judge(scenario.checks);
    const bool quiescent = judge.run(*sim, scenario.until, kQuiescenceLimit) || sim->reachedMessageLimit();
    sim->finish();

    // The summary as `eventloom-cli run` stores it: the scenario's checks, the lesson's figures, the bus's.
    RunSummary summary = RunSummary::of(scenario.id, *sim, wall.elapsed());
    for (const CheckJudge::Verdict& v : judge.finish(*sim))
        summary.checks.push_back({ v.id, v.passed, v.detail });
    if (scenario.lesson)
        summary.figures = LessonFigures::ofRun(scenario.lesson->figures, *sim);
    for (const DeliveryChecker::Check& c :
        DeliveryChecker::checks(checker.report(), *sim, stoppedHow(*sim, quiescent, scenario.until)))
        summary.checks.push_back({ c.name, c.passed, c.detail });
    if (!recorder.finish(*sim, &summary)) {
        result.error = recorder.error();
        return result;
    }
    result.ok = true;
    result.path = path;
    result.fingerprint = QString::fromStdString(Fingerprint::format(sim->fingerprint()));
    return result;
}

QString HeadlessRun::stoppedHow(const Simulation& sim, bool quiescent, SimTime limit)
{
    if (sim.reachedMessageLimit())
        return QStringLiteral("at %1, when its log held %2 messages, all the memory budget allows")
            .arg(QString::fromStdString(formatDuration(sim.now())))
            .arg(sim.messageLimit());
    if (!quiescent)
        return QStringLiteral("after %1 steps without going quiet").arg(kQuiescenceLimit);
    return limit > 0 ? QStringLiteral("at its time limit, %1").arg(QString::fromStdString(formatDuration(limit)))
                     : QString();
}

} // namespace eventloom
