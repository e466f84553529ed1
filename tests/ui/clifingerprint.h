#pragma once

// For suites built with EVENTLOOM_CLI (the eventloom-cli program's path): what the CLI makes of a run.

#include <QProcess>
#include <QString>
#include <QStringList>
#include <cstdint>

namespace eventloom::uitesting {

/// What `eventloom-cli run SCENARIO --seed SEED --set … --inject …` prints as the fingerprint.
inline QString cliFingerprint(
    const QString& scenario, std::uint64_t seed, const QStringList& overrides, const QStringList& injections = {})
{
    QStringList args { QStringLiteral("run"), scenario, QStringLiteral("--seed"), QString::number(seed) };
    for (const QString& o : overrides)
        args << QStringLiteral("--set") << o;
    for (const QString& i : injections)
        args << QStringLiteral("--inject") << i;
    QProcess cli;
    cli.start(QStringLiteral(EVENTLOOM_CLI), args);
    // Exit 1 is a run whose checks do not all hold (a variant often breaks one): it ran, and says so.
    if (!cli.waitForFinished(60000) || cli.exitStatus() != QProcess::NormalExit || cli.exitCode() > 1)
        return QStringLiteral("(cli failed: ") + QString::fromUtf8(cli.readAllStandardError()) + u')';
    for (const QString& line : QString::fromUtf8(cli.readAllStandardOutput()).split(u'\n'))
        if (line.startsWith(QLatin1String("fingerprint ")))
            return line.section(u' ', -1);
    return {};
}

} // namespace eventloom::uitesting
