#include "launchoptions.h"

#include "playbackspeed.h"

#include <algorithm>
#include <array>

namespace eventloom {

namespace {
/// Qt's own options, which QApplication takes out of argv (QGuiApplication, QApplication and the
/// xcb plugin; "-name value", "--name value" or, for some, "-name=value"). main() parses the
/// command line before the QApplication exists, so these are passed over rather than unknown.
constexpr std::array kToolkitOptionsWithValue { "display", "geometry", "icon", "name", "platform", "platformpluginpath",
    "platformtheme", "plugin", "qwindowgeometry", "qwindowicon", "qwindowtitle", "session", "style", "stylesheet",
    "title" };
constexpr std::array kToolkitFlags { "dograb", "nograb", "reverse", "sync", "widgetcount" };

/// How many arguments a toolkit option at `argument` takes up (itself and its value); 0 if it is none.
int toolkitOptionLength(const QString& argument)
{
    QStringView name(argument);
    name = name.mid(name.startsWith(QLatin1String("--")) ? 2 : 1);
    const qsizetype equals = name.indexOf(QLatin1Char('='));
    const bool inlineValue = equals >= 0;
    if (inlineValue)
        name = name.left(equals);
    const auto is = [name](const char* option) { return name == QLatin1String(option); };
    if (std::any_of(kToolkitOptionsWithValue.begin(), kToolkitOptionsWithValue.end(), is))
        return inlineValue ? 1 : 2;
    if (!inlineValue && std::any_of(kToolkitFlags.begin(), kToolkitFlags.end(), is))
        return 1;
    return 0;
}
}

std::optional<LaunchOptions> LaunchOptions::parse(const QStringList& arguments, QString& error)
{
    LaunchOptions options;
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        QString argument = arguments[i];
        if (optionsEnded || !argument.startsWith(QLatin1Char('-')) || argument == QLatin1String("-")) {
            if (!options.file.isEmpty()) {
                error = QStringLiteral("expected at most one FILE, got '%1' and '%2'").arg(options.file, argument);
                return std::nullopt;
            }
            options.file = argument;
            continue;
        }
        if (argument == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        if (argument == QLatin1String("--play")) {
            options.play = true;
        } else if (argument == QLatin1String("-h") || argument == QLatin1String("--help")) {
            options.help = true;
        } else if (argument == QLatin1String("--version")) {
            options.version = true;
        } else if (argument.startsWith(QLatin1String("--speed")) || argument.startsWith(QLatin1String("--seed"))) {
            // Both "--speed 2" and "--speed=2".
            const qsizetype equals = argument.indexOf(QLatin1Char('='));
            const QString name = equals < 0 ? argument : argument.left(equals);
            if (name != QLatin1String("--speed") && name != QLatin1String("--seed")) {
                error = QStringLiteral("unknown option '%1'").arg(argument);
                return std::nullopt;
            }
            QString value;
            if (equals >= 0) {
                value = argument.mid(equals + 1);
            } else if (i + 1 < arguments.size()) {
                value = arguments[++i];
            } else {
                error = QStringLiteral("%1 needs a value").arg(name);
                return std::nullopt;
            }
            if (name == QLatin1String("--speed")) {
                const auto speed = PlaybackSpeed::parse(value);
                if (!speed) {
                    error = QStringLiteral("--speed expects a positive number or 'max', got '%1'").arg(value);
                    return std::nullopt;
                }
                options.speed = *speed;
            } else {
                bool ok = false;
                const std::uint64_t seed = value.toULongLong(&ok);
                if (!ok) {
                    error = QStringLiteral("--seed expects a non-negative integer, got '%1'").arg(value);
                    return std::nullopt;
                }
                options.seed = seed;
            }
        } else if (const int length = toolkitOptionLength(argument)) {
            i += length - 1; // a value left at the end is QApplication's to complain about
        } else {
            error = QStringLiteral("unknown option '%1'").arg(argument);
            return std::nullopt;
        }
    }
    return options;
}

QString LaunchOptions::usage()
{
    return QStringLiteral(
        "usage: eventloom [FILE] [--play] [--speed X] [--seed N]\n"
        "\n"
        "  FILE        a scenario (.json), or the name of a shipped scenario (e.g. 01-pubsub-fanout);\n"
        "              or a run file (.sqlite) to review without simulating;\n"
        "              without it the start page lists the shipped lessons\n"
        "  --play      start playing at once\n"
        "  --speed X   simulated seconds per wall second (e.g. 0.5, 1, 10), or 'max'\n"
        "  --seed N    run with seed N instead of the scenario's own\n"
        "  --version   print the version and exit\n"
        "  -h, --help  print this help and exit\n"
        "\n"
        "Qt's own options (-style NAME, -platform NAME, -reverse, ...) are accepted too.\n");
}

} // namespace eventloom
