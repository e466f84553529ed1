#include "deliveryverdicts.h"

#include "record/runfile.h"
#include "record/runreplay.h"
#include "scenario/scenario.h"
#include "sim/simulation.h"

#include <QCoreApplication>

namespace eventloom {

DeliveryVerdicts DeliveryVerdicts::of(
    const DeliveryChecker::Report& report, const Simulation& sim, bool ended, const QString& stopped)
{
    DeliveryVerdicts out;
    out.ended = ended;
    out.judgedAt = sim.now();
    const std::vector<DeliveryChecker::Check> checks = DeliveryChecker::checks(report, sim, stopped);
    // The findings behind each check, in DeliveryChecker::checks' order.
    const DeliveryChecker::Finding* findings[] = { &report.lost, &report.nonMonotonicOffsets,
        &report.duplicateDeliveries, &report.duplicateEffects, &report.orderViolations };
    static_assert(std::size(findings) == 5);
    for (std::size_t i = 0; i < checks.size() && i < std::size(findings); ++i) {
        const DeliveryChecker::Check& check = checks[i];
        Category& c = out.categories.emplace_back();
        c.name = check.name;
        c.guarantee = check.guarantee;
        c.detail = check.detail;
        std::vector<const DeliveryChecker::Finding*> behind { findings[i] };
        // Events nothing is left to deliver are lost too (the check says so): they are counted and shown.
        if (i == 0 && DeliveryChecker::unfinishedAreLost(report, sim))
            behind.push_back(&report.unfinished);
        for (const DeliveryChecker::Finding* f : behind) {
            c.count += f->count;
            for (std::size_t k = 0; k < f->first.size() && c.first.size() < DeliveryChecker::kExamples; ++k) {
                const TraceRecord& r = f->first[k];
                c.first.push_back(
                    { static_cast<qint64>(f->positions[k]), r.t, r.message, DeliveryChecker::describe(r, sim) });
            }
        }
        // Lost events are about the whole run: an event not handled yet may still be. The others are
        // about each delivery: nothing found so far holds so far.
        using S = CheckJudge::Standing;
        c.standing = !check.passed ? S::Failed : ended ? S::Holds : i == 0 ? S::Pending : S::HoldsSoFar;
    }
    return out;
}

DeliveryVerdicts DeliveryVerdicts::ofRecording(const RunFile& run, const Scenario& scenario)
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("DeliveryVerdicts", text); };
    DeliveryVerdicts out;
    out.recorded = true;
    QString error;
    const std::unique_ptr<Simulation> sim = RunReplay::prepare(run, scenario, error);
    if (!sim) {
        out.unavailable = tr("The recorded run cannot be replayed in this version: %1").arg(error);
        return out;
    }
    DeliveryChecker checker;
    sim->addObserver(&checker);
    sim->runUntil(run.simTime());
    if (run.finished())
        sim->finish(); // as the run did when it ended
    sim->removeObserver(&checker);
    const QString fingerprint = QStringLiteral("%1").arg(sim->fingerprint(), 16, 16, QLatin1Char('0'));
    if (run.finished() && fingerprint.compare(run.fingerprint(), Qt::CaseInsensitive) != 0) {
        out.unavailable = tr("Replaying the recorded run gave another trace (fingerprint %1, recorded %2): "
                             "its findings would not be about the records shown.")
                              .arg(fingerprint, run.fingerprint());
        return out;
    }
    const QString stopped = run.finished() && scenario.until > 0
        ? QStringLiteral("at its time limit, %1").arg(QString::fromStdString(formatDuration(scenario.until)))
        : run.finished() ? QString()
                         : QStringLiteral("where its recording stopped, at %1")
                               .arg(QString::fromStdString(formatDuration(run.simTime())));
    out = of(checker.report(), *sim, run.finished(), stopped);
    out.recorded = true;
    return out;
}

} // namespace eventloom
