#pragma once

// Runs the real eventloom-cli binary (EVENTLOOM_CLI), or another program, in a separate process,
// from the source directory, for the CLI suites.

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QtGlobal>

namespace clitesting {

struct Result {
    int exitCode = -1; ///< -1 if the process crashed
    QByteArray out;
    QByteArray err;
};

/// Runs `program` with `args` from the source directory, in `environment`.
inline Result run(const QString& program, const QStringList& args,
    const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setWorkingDirectory(QStringLiteral(EVENTLOOM_SOURCE_DIR));
    p.setProcessEnvironment(environment);
    p.start(program, args);
    if (!p.waitForFinished(120000))
        qFatal("%s did not finish", qPrintable(program));
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

inline Result cli(const QStringList& args)
{
    return run(QStringLiteral(EVENTLOOM_CLI), args);
}

/// `eventloom-cli export RUN --format jsonl -o PATH`, then the lines it wrote (empty if it failed).
inline QList<QByteArray> exportedJsonl(const QString& runFile, const QString& path)
{
    if (cli({ QStringLiteral("export"), runFile, QStringLiteral("--format"), QStringLiteral("jsonl"),
                QStringLiteral("-o"), path })
            .exitCode
        != 0)
        return {};
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().split('\n') : QList<QByteArray>();
}

} // namespace clitesting
