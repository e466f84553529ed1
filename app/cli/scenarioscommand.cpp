#include "commands.h"

#include "scenario/scenariocost.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

namespace eventloom::cli {

int scenariosCommand(const QStringList& args, Io io)
{
    if (!args.isEmpty()) {
        io.err << "eventloom-cli scenarios: takes no arguments\n";
        return ExitBadInput;
    }
    for (const ShippedScenarios::Lesson& lesson : ShippedScenarios::lessons())
        io.out << lesson.id.leftJustified(34) << lesson.title << '\n';
    return ExitOk;
}

int checkCommand(const QStringList& args, Io io)
{
    if (args.isEmpty()) {
        io.err << "usage: eventloom-cli check SCENARIO...\n";
        return ExitBadInput;
    }
    bool allValid = true;
    for (const QString& arg : args) {
        const QString path = ShippedScenarios::resolve(arg);
        const auto result = ScenarioLoader::loadFile(path.isEmpty() ? arg : path);
        for (const Diagnostic& d : result.errors)
            io.err << d.toString() << '\n';
        if (result.ok()) {
            const Scenario& s = *result.scenario;
            io.out << arg << ": ok (" << s.topics.size() << " topics, " << s.services.size() << " services, "
                   << s.sagas.size() << " sagas, " << s.checks.size() << " checks, "
                   << (s.lesson ? QStringLiteral("a lesson in %1 steps").arg(s.lesson->steps.size())
                                : QStringLiteral("no lesson"))
                   << "; a run needs about " << ScenarioCost::formatBytes(ScenarioCost::of(s).bytes()) << " of its "
                   << (ScenarioCost::kBudgetBytes >> 30) << " GiB budget)\n";
        } else {
            io.err << arg << ": " << result.errors.size() << (result.errors.size() == 1 ? " error\n" : " errors\n");
        }
        allValid = allValid && result.ok();
    }
    return allValid ? ExitOk : ExitBadInput;
}

} // namespace eventloom::cli
