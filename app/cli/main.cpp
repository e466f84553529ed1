#include "commands.h"

#include <QCoreApplication>

#include <new>
#include <stdexcept>

namespace {
const char* const kUsage = R"(usage: eventloom-cli COMMAND [ARGS]

commands:
  run SCENARIO [--seed N] [--until DURATION] [--set PATH=VALUE]... [--inject SPEC]...
      [--record RUN.sqlite] [--export FILE --format jsonl|csv|cloudevents] [--json] [--state]
                                 simulate a scenario headless and print its summary and
                                 checks (--state: also the state the checks read, as JSON)
  check SCENARIO...              validate scenario files (FILE:LINE:COL: error: MESSAGE)
  scenarios                      list the shipped teaching scenarios
  replay RUN.sqlite [--verify]   re-simulate a recorded run; --verify compares it record by record
  export RUN.sqlite --format jsonl|csv|cloudevents|mermaid|plantuml -o FILE [--correlation ID]
                                 export a recorded run (diagrams: one correlation id)
  import FILE... -o RUN.sqlite   read JSON Lines or CloudEvents into a run file (deduplicated)
  diff A.sqlite B.sqlite [--json]
                                 compare two recorded runs: fingerprints, the first diverging
                                 record, counters and final states (exit 1 when they differ)

SCENARIO is a path, or the name of a shipped scenario (e.g. 01-pubsub-fanout).
DURATION is a number with us, ms, s or min.
exit status: 0 ok, 1 a check failed, a verification mismatched or diff found differences,
             2 bad usage or bad input
)";
}

namespace {
/// Runs one command. Memory running out is refused like bad input — a message and exit status 2, never
/// an abort: the scenario loader's limits and cost budget should keep runs far from it, so this is the
/// last line of defence (a huge run file to export, an allocation nothing foresaw).
int dispatch(const QString& command, const QStringList& args, const eventloom::cli::Io& io)
{
    using namespace eventloom::cli;
    try {
        if (command == QLatin1String("run"))
            return eventloom::cli::runCommand(args, io);
        if (command == QLatin1String("check"))
            return checkCommand(args, io);
        if (command == QLatin1String("scenarios"))
            return scenariosCommand(args, io);
        if (command == QLatin1String("replay"))
            return replayCommand(args, io);
        if (command == QLatin1String("export"))
            return exportCommand(args, io);
        if (command == QLatin1String("import"))
            return importCommand(args, io);
        if (command == QLatin1String("diff"))
            return diffCommand(args, io);
    } catch (const std::bad_alloc&) {
        io.out.flush();
        io.err << "eventloom-cli " << command
               << ": out of memory: the input needs more memory than this machine could give;"
                  " nothing more was done (see the limits in docs/reliability.md)\n";
        return ExitBadInput;
    } catch (const std::length_error& e) {
        io.out.flush();
        io.err << "eventloom-cli " << command << ": out of memory: " << e.what() << "; nothing more was done\n";
        return ExitBadInput;
    }
    io.err << "eventloom-cli: unknown command '" << command << "'\n" << kUsage;
    return ExitBadInput;
}
}

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("eventloom-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EVENTLOOM_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const eventloom::cli::Io io { out, err };

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.front() == QLatin1String("--help") || args.front() == QLatin1String("-h")
        || args.front() == QLatin1String("help")) {
        (args.isEmpty() ? err : out) << kUsage;
        return args.isEmpty() ? eventloom::cli::ExitBadInput : eventloom::cli::ExitOk;
    }
    if (args.front() == QLatin1String("--version")) {
        out << "eventloom-cli " << EVENTLOOM_VERSION << '\n';
        return eventloom::cli::ExitOk;
    }
    const QString command = args.takeFirst();
    return dispatch(command, args, io);
}
