#include "launchoptions.h"

#include "playbackspeed.h"

namespace eventloom {

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
        "  --seed N    run with seed N instead of the scenario's own\n");
}

} // namespace eventloom
