#include "commands.h"

#include <QCoreApplication>

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
    if (command == QLatin1String("run"))
        return eventloom::cli::runCommand(args, io);
    if (command == QLatin1String("check"))
        return eventloom::cli::checkCommand(args, io);
    if (command == QLatin1String("scenarios"))
        return eventloom::cli::scenariosCommand(args, io);
    if (command == QLatin1String("replay"))
        return eventloom::cli::replayCommand(args, io);
    if (command == QLatin1String("export"))
        return eventloom::cli::exportCommand(args, io);
    if (command == QLatin1String("import"))
        return eventloom::cli::importCommand(args, io);
    if (command == QLatin1String("diff"))
        return eventloom::cli::diffCommand(args, io);
    err << "eventloom-cli: unknown command '" << command << "'\n" << kUsage;
    return eventloom::cli::ExitBadInput;
}
