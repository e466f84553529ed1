#include "cliargs.h"
#include "commands.h"
#include "runrecording.h"

#include "check/deliverychecker.h"
#include "faults/faultengine.h"
#include "faults/faultinjector.h"
#include "lessons/checkjudge.h"
#include "lessons/checkstate.h"
#include "lessons/lessonfigures.h"
#include "record/headlessrun.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenariocost.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/runsummary.h"

#include <QElapsedTimer>
#include <QJsonDocument>

namespace eventloom::cli {

namespace {
/// Safety net for runs with no time limit: a scenario that never goes quiet stops here.
constexpr std::uint64_t kQuiescenceLimit = HeadlessRun::kQuiescenceLimit;
}

int runCommand(const QStringList& args, Io io)
{
    QString error;
    const auto parsed = CliArgs::parse(args,
        {
            { QStringLiteral("seed") },
            { QStringLiteral("until") },
            { QStringLiteral("set"), true, true },
            { QStringLiteral("inject"), true, true },
            { QStringLiteral("record") },
            { QStringLiteral("export") },
            { QStringLiteral("format") },
            { QStringLiteral("json"), false },
            { QStringLiteral("state"), false },
        },
        error);
    if (!parsed || parsed->positionals().size() != 1) {
        io.err << "eventloom-cli run: " << (parsed ? QStringLiteral("expected exactly one SCENARIO") : error) << '\n'
               << "usage: eventloom-cli run SCENARIO [--seed N] [--until DURATION] [--set PATH=VALUE]... [--inject "
                  "SPEC]...\n"
                  "                           [--record RUN.sqlite] [--export FILE --format jsonl|csv|cloudevents] "
                  "[--json] [--state]\n";
        return ExitBadInput;
    }
    const CliArgs& a = *parsed;
    RunRecording recording; // --record, --export/--format
    if (!recording.prepare(a, io))
        return ExitBadInput;

    std::optional<std::uint64_t> seed;
    if (a.has(QStringLiteral("seed"))) {
        bool ok = false;
        seed = a.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok) {
            io.err << "eventloom-cli run: --seed expects a non-negative integer, got '"
                   << a.value(QStringLiteral("seed")) << "'\n";
            return ExitBadInput;
        }
    }
    std::optional<SimTime> until;
    if (a.has(QStringLiteral("until"))) {
        DurationError why = DurationError::None;
        until = parseDuration(a.value(QStringLiteral("until")).toStdString(), &why);
        if (why == DurationError::TooLong) {
            io.err << "eventloom-cli run: --until " << a.value(QStringLiteral("until")).left(40)
                   << " is longer than the longest duration allowed, " << QString::fromStdString(maxDurationText())
                   << '\n';
            return ExitBadInput;
        }
        if (!until) {
            io.err << "eventloom-cli run: --until expects a DURATION such as 500ms, 10s or 2min, got '"
                   << a.value(QStringLiteral("until")) << "'\n";
            return ExitBadInput;
        }
    }

    const QString argument = a.positionals().front();
    const QString path = ShippedScenarios::resolve(argument);
    const auto loaded = ScenarioLoader::loadFile(path.isEmpty() ? argument : path, a.values(QStringLiteral("set")));
    if (!loaded.ok()) {
        for (const Diagnostic& d : loaded.errors)
            io.err << d.toString() << '\n';
        return ExitBadInput;
    }
    const Scenario& scenario = *loaded.scenario;
    std::vector<InjectionSpec> injections;
    Scenario checked = scenario; // with the injections so far: an attach must find its service detached
    for (const QString& text : a.values(QStringLiteral("inject"))) {
        QString problem;
        const auto spec = InjectionSpec::parse(text, problem);
        if (spec)
            problem = ScenarioLoader::checkInjection(*spec, checked);
        if (!problem.isEmpty()) {
            io.err << "eventloom-cli run: --inject " << text << ": " << problem << '\n';
            return ExitBadInput;
        }
        injections.push_back(*spec);
        checked.injections.push_back(*spec);
    }

    QElapsedTimer wall; // measures the run for the summary; never feeds the simulation
    wall.start();
    auto sim = ScenarioBuilder::build(scenario, seed);
    for (const InjectionSpec& spec : injections)
        FaultInjector::schedule(spec, *sim);
    const SimTime limit = until.value_or(scenario.until);
    recording.start(scenario, *sim, injections, limit, io);
    DeliveryChecker checker; // lost events, duplicates, offsets, order: reported as checks
    sim->addObserver(&checker);
    CheckJudge judge(scenario.checks); // the scenario's own checks; `always` ones sampled as it runs
    const bool quiescent = judge.run(*sim, limit, kQuiescenceLimit) || sim->reachedMessageLimit();
    if (sim->reachedMessageLimit())
        io.err << "eventloom-cli run: the run stopped at " << QString::fromStdString(formatDuration(sim->now()))
               << ": its log holds " << sim->messageLimit() << " messages, all that the memory budget of "
               << (ScenarioCost::kBudgetBytes >> 30)
               << " GiB allows; services that answer each other without end never go quiet\n";
    if (!quiescent)
        io.err << "eventloom-cli run: warning: stopped after " << kQuiescenceLimit
               << " steps without going quiet; give --until to bound the run\n";
    const bool stalled = limit == 0 && sim->stalled();
    if (stalled)
        io.err << "eventloom-cli run: stopped at " << QString::fromStdString(formatDuration(sim->now()))
               << ": for over " << QString::fromStdString(formatDuration(Simulation::kStallHorizon))
               << " nothing ran but retries of records consumers are blocked on, which go on without end; give --until "
                  "to run longer\n";
    if (!quiescent || stalled)
        for (const QString& stuck :
            DeliveryChecker::blocked(*sim)) // a consumer that reads a record it fails on again, forever
            io.err << "eventloom-cli run: blocked: " << stuck
                   << ", a record the group fails on and never moves past (onFailure: block)\n";
    if (const FaultEngine* faults = sim->faultEngine(); faults && !faults->pending().empty())
        io.err << "eventloom-cli run: warning: the run stopped at a breakpoint at "
               << QString::fromStdString(formatDuration(sim->now())) << " with " << faults->pending().size()
               << (faults->pending().size() == 1 ? " delivery" : " deliveries")
               << " waiting; a `break` holds deliveries until `resolve` injections decide on them"
                  " (or play it in the window, whose Breakpoints dock decides by hand)\n";
    sim->finish(); // engine parts report what is left undone (e.g. stuck choreographed sagas)

    RunSummary summary = RunSummary::of(scenario.id, *sim, wall.elapsed());
    // Only a broken bus guarantee fails the run; duplicates and order violations are what a lesson shows.
    bool guaranteesKept = true;
    for (const CheckJudge::Verdict& v : judge.finish(*sim))
        summary.checks.push_back({ v.id, v.passed, v.detail });
    const std::size_t scenarioChecks = summary.checks.size();
    if (scenario.lesson) // the numbers the lesson's text quotes, as this run gives them
        summary.figures = LessonFigures::ofRun(scenario.lesson->figures, *sim);
    const QString stopped = HeadlessRun::stoppedHow(*sim, quiescent, limit);
    for (const DeliveryChecker::Check& c : DeliveryChecker::checks(checker.report(), *sim, stopped)) {
        summary.checks.push_back({ c.name, c.passed, c.detail });
        guaranteesKept = guaranteesKept && (c.passed || !c.guarantee);
    }
    const bool recorded = recording.finish(*sim, summary, io);
    if (a.has(QStringLiteral("json")))
        io.out << QJsonDocument(summary.toJson()).toJson(QJsonDocument::Compact) << '\n';
    else
        io.out << summary.toText();
    if (a.has(QStringLiteral("state"))) // what a check expression can read, for scenario authors
        io.out << QJsonDocument(CheckState::of(*sim)).toJson(QJsonDocument::Indented);
    if (!recorded || sim->reachedMessageLimit())
        return ExitBadInput;
    const bool checksPassed = guaranteesKept
        && std::all_of(summary.checks.begin(), summary.checks.begin() + static_cast<std::ptrdiff_t>(scenarioChecks),
            [](const auto& c) { return c.passed; });
    return checksPassed ? ExitOk : ExitCheckFailed;
}

} // namespace eventloom::cli
