#include "appidentity.h"
#include "launchoptions.h"
#include "mainwindow.h"
#include "scenario/shippedscenarios.h"

#include <QApplication>
#include <QTextStream>

using namespace eventloom;

namespace {
/// Exit status for bad usage or bad input, as `eventloom-cli` uses it.
constexpr int kExitBadInput = 2;
}

int main(int argc, char* argv[])
{
    // The command line is read before the QApplication exists: creating it needs a display, and
    // --help, --version and bad usage must be answered without one. (LaunchOptions passes over Qt's
    // own options, which QApplication takes out of argv below.)
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString error;
    const auto options = LaunchOptions::parse(arguments, error);
    if (!options) {
        err << "eventloom: " << error << "\n\n" << LaunchOptions::usage();
        return kExitBadInput;
    }
    if (options->help) {
        out << LaunchOptions::usage();
        return 0;
    }
    if (options->version) {
        out << "eventloom " << EVENTLOOM_VERSION << '\n';
        return 0;
    }

    // A name that is neither a file nor a shipped scenario is a typo on the command line: say so
    // there, before any window appears. Run files (.sqlite) get their explanation in the window.
    const bool runFile = options->file.endsWith(QLatin1String(".sqlite"), Qt::CaseInsensitive);
    if (!options->file.isEmpty() && !runFile && ShippedScenarios::resolve(options->file).isEmpty()) {
        err << "eventloom: no scenario file or shipped scenario named '" << options->file << "'\n"
            << "(shipped scenarios are listed by 'eventloom-cli scenarios')\n";
        return kExitBadInput;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("EventLoom"));
    QApplication::setApplicationDisplayName(QStringLiteral("EventLoom"));
    QApplication::setApplicationVersion(QStringLiteral(EVENTLOOM_VERSION));
    QApplication::setDesktopFileName(AppIdentity::id());
    QApplication::setWindowIcon(AppIdentity::icon());

    MainWindow window;
    window.setSpeed(options->speed);
    window.show();
    if (options->file.isEmpty() || !window.openFile(options->file, options->seed))
        window.showStartPage();
    else if (options->play)
        window.play();
    return app.exec();
}
