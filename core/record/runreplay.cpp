#include "runreplay.h"

#include "../check/deliverychecker.h"
#include "../faults/faultinjector.h"
#include "../scenario/scenariobuilder.h"
#include "../scenario/scenarioloader.h"
#include "../sim/fingerprint.h"
#include "runcomparison.h"
#include "runrecorder.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

namespace eventloom {

namespace {
/// The same safety net as `eventloom-cli run` for runs without a time limit.
constexpr std::uint64_t kQuiescenceLimit = 2'000'000'000ull;
}

std::unique_ptr<Simulation> RunReplay::prepare(const RunFile& run, const Scenario& scenario, QString& error)
{
    auto sim = ScenarioBuilder::build(scenario, run.info().seed);
    for (const RecordedInjection& injection : run.injections()) {
        QString problem;
        auto spec = InjectionSpec::parse(injection.spec, problem);
        if (spec) {
            // At the moment it took effect: an injection added by hand mid-run replays exactly then.
            spec->at = injection.effective >= 0 ? injection.effective : injection.at;
            problem = FaultInjector::schedule(*spec, *sim);
        }
        if (!problem.isEmpty()) {
            error = run.path() + QStringLiteral(": injection ") + injection.spec + QStringLiteral(": ") + problem;
            return nullptr;
        }
    }
    return sim;
}

RunReplay::Result RunReplay::replay(const RunFile& run, bool verify)
{
    Result result;
    if (run.origin() != QLatin1String("recorded")) {
        result.error = run.path() + QStringLiteral(": an imported event log has no scenario to re-simulate");
        return result;
    }
    const RunInfo info = run.info();
    const auto loaded = ScenarioLoader::loadText(info.scenarioJson, info.scenarioFile);
    if (!loaded.ok()) {
        result.error = loaded.errors.empty()
            ? run.path() + QStringLiteral(": stored scenario: does not load in this version")
            : RunFile::storedScenarioProblem(run.path(), loaded.errors.front());
        return result;
    }
    auto sim = prepare(run, *loaded.scenario, result.error);
    if (!sim)
        return result;

    QTemporaryDir scratch;
    RunRecorder recorder;
    if (verify) {
        // Damage that still reads as data would show as a mismatch: a damaged file is bad input, not a
        // failed verification.
        if (!run.checkIntact(result.error))
            return result;
        QString error;
        if (!scratch.isValid() || !recorder.open(scratch.filePath(QStringLiteral("replay.sqlite")), info, error)) {
            result.error = QStringLiteral("replay: cannot record the re-simulation: ") + error;
            return result;
        }
        for (const RecordedInjection& injection : run.injections())
            recorder.declareInjection(injection.spec, injection.at);
        sim->addObserver(&recorder);
    }
    DeliveryChecker checker; // the same checks as `eventloom-cli run` reports
    sim->addObserver(&checker);
    QElapsedTimer wall;
    wall.start();
    if (info.until > 0)
        sim->runUntil(info.until);
    else
        sim->runToQuiescence(kQuiescenceLimit);
    sim->finish(); // as `run` does, so what it reports at the end is replayed too
    result.summary = RunSummary::of(loaded.scenario->id, *sim, wall.elapsed());
    const QString stopped = info.until > 0
        ? QStringLiteral("at its time limit, %1").arg(QString::fromStdString(formatDuration(info.until)))
        : QString(); // as `run` says it
    for (const DeliveryChecker::Check& c : DeliveryChecker::checks(checker.report(), *sim, stopped))
        result.summary.checks.push_back({ c.name, c.passed, c.detail });
    result.replayedFingerprint = QString::fromStdString(Fingerprint::format(sim->fingerprint()));
    result.recordedFingerprint = run.fingerprint();
    result.ok = true;
    if (!verify)
        return result;
    if (!recorder.finish(*sim)) {
        result.ok = false;
        result.error = QStringLiteral("replay: recording the re-simulation failed: ") + recorder.error();
        return result;
    }

    RunFile replayed;
    QString error;
    if (!replayed.open(recorder.path(), error)) {
        result.ok = false;
        result.error = error;
        return result;
    }
    // A run cut short (killed) has no fingerprint: its recorded records must still be a prefix of the replay.
    RunFile::RecordCursor a = run.records(), b = replayed.records();
    result.verified = true;
    while (true) {
        const RecordView* x = a.next();
        const RecordView* y = (x || run.finished()) ? b.next() : nullptr;
        if ((!x && !a.error().isEmpty()) || (!y && !b.error().isEmpty())) {
            result.ok = false; // a read error is a damaged file, never a mismatch
            result.verified = false;
            result.error = !a.error().isEmpty() ? a.error() : b.error();
            return result;
        }
        if (!x && !y)
            break;
        ++result.comparedRecords;
        // The same comparison as `eventloom-cli diff` (RunComparison): records as the exporter writes them.
        const QString lx = RunComparison::recordLine(x), ly = RunComparison::recordLine(y);
        if (lx != ly) {
            if (!x && !run.finished())
                break;
            result.divergedAt = result.comparedRecords;
            result.recordedRecord = lx;
            result.replayedRecord = ly;
            return result;
        }
    }
    result.matches = !run.finished() || result.recordedFingerprint == result.replayedFingerprint;
    if (!result.matches)
        result.divergedAt = -1; // every record equal, fingerprints not: the fingerprint sees more than the file
    return result;
}

} // namespace eventloom
