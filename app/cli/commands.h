#pragma once

#include <QStringList>
#include <QTextStream>

namespace eventloom::cli {

/// Exit statuses (PRODUCT.md §3).
enum ExitCode { ExitOk = 0, ExitCheckFailed = 1, ExitBadInput = 2 };

struct Io {
    QTextStream& out;
    QTextStream& err;
};

int runCommand(const QStringList& args, Io io);
int checkCommand(const QStringList& args, Io io);
int scenariosCommand(const QStringList& args, Io io);
int replayCommand(const QStringList& args, Io io);
int exportCommand(const QStringList& args, Io io);
int importCommand(const QStringList& args, Io io);
/// `diff A.sqlite B.sqlite [--json]`: an addition to PRODUCT.md §3's commands (exit 0 identical, 1 differ).
int diffCommand(const QStringList& args, Io io);

} // namespace eventloom::cli
