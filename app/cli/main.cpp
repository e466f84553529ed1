#include "commands.h"

#include <QCoreApplication>

namespace {
const char* const kUsage = R"(usage: eventloom-cli COMMAND [ARGS]

commands:
  run SCENARIO [--seed N] [--until DURATION] [--set PATH=VALUE]... [--inject SPEC]... [--json]
                                 simulate a scenario headless and print its summary
  check SCENARIO...              validate scenario files (FILE:LINE:COL: error: MESSAGE)
  scenarios                      list the shipped teaching scenarios
  replay RUN.sqlite [--verify]   (arrives with run recording)
  export RUN.sqlite ...          (arrives with run recording)

SCENARIO is a path, or the name of a shipped scenario (e.g. 01-pubsub-fanout).
DURATION is a number with us, ms, s or min.
exit status: 0 ok, 1 a check failed or a verification mismatched, 2 bad usage or bad input
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
    if (command == QLatin1String("replay") || command == QLatin1String("export")) {
        err << "eventloom-cli " << command << ": not available in this version yet (it arrives with run recording)\n";
        return eventloom::cli::ExitBadInput;
    }
    err << "eventloom-cli: unknown command '" << command << "'\n" << kUsage;
    return eventloom::cli::ExitBadInput;
}
