#pragma once

// Runs the real eventloom-cli binary (EVENTLOOM_CLI) in a separate process, from the source
// directory, for the CLI suites.

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QtGlobal>

namespace clitesting {

struct Result {
    int exitCode = -1; ///< -1 if the process crashed
    QByteArray out;
    QByteArray err;
};

inline Result cli(const QStringList& args)
{
    QProcess p;
    p.setWorkingDirectory(QStringLiteral(EVENTLOOM_SOURCE_DIR));
    p.start(QStringLiteral(EVENTLOOM_CLI), args);
    if (!p.waitForFinished(120000))
        qFatal("eventloom-cli did not finish");
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError() };
}

} // namespace clitesting
